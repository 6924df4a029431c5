"""The public letter form: every refusal says why in Chinese and keeps what was typed."""

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sites.letters.models import Letter, LetterAttachment, LetterType
from tests.conftest import host_client

from .conftest import LETTER


def _form(**overrides):
    kind = LetterType.objects.get(slug="zx")
    return {**LETTER, "letter_type": kind.pk, "publish_consent": "on", "website": "", **overrides}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _post(client, data):
    return client.post("/hdjl/xx/write/", data)


def test_a_rejected_letter_keeps_everything_typed_and_says_why(in_alpha):
    client = host_client("alpha.localhost")
    response = _post(client, _form(phone="12345"))
    body = response.content.decode()
    assert response.status_code == 200 and "信件未提交" in body
    assert "联系电话格式不正确" in body
    assert LETTER["body"] in body and LETTER["subject"] in body and LETTER["name"] in body
    assert not Letter.objects.exists()


def test_a_ten_thousand_character_letter_is_refused_with_the_limit(in_alpha):
    response = _post(host_client("alpha.localhost"), _form(body="很" * 10_000))
    assert "信件内容不能超过5000字" in response.content.decode()
    assert not Letter.objects.exists()


def test_script_tags_are_refused_not_stored(in_alpha):
    response = _post(
        host_client("alpha.localhost"),
        _form(
            subject="<script>alert(1)</script>咨询",
            body="正文<img src=x onerror=alert(1)>很长的内容",
        ),
    )
    body = response.content.decode()
    assert "不能包含网页代码" in body and "<script>alert(1)</script>" not in body
    assert not Letter.objects.exists()


def test_a_program_renamed_pdf_is_refused_and_a_real_picture_is_kept_privately(in_alpha):
    client = host_client("alpha.localhost")
    disguised = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = _post(client, _form(attachments=[disguised]))
    body = response.content.decode()
    assert "内容与文件类型不符" in body and "附件需要重新选择" in body
    exe = SimpleUploadedFile("run.exe", b"MZ\x90\x00")
    assert "格式不支持" in _post(client, _form(attachments=[exe])).content.decode()
    assert not Letter.objects.exists()

    picture = SimpleUploadedFile("现场照片.png", _png(), content_type="image/png")
    response = _post(client, _form(attachments=[picture]))
    assert response.status_code == 302
    attachment = LetterAttachment.objects.get()
    # Kept outside the public media: no URL a visitor could guess.
    assert attachment.name == "现场照片.png"
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_too_many_or_too_large_attachments_are_refused(in_alpha):
    client = host_client("alpha.localhost")
    pictures = [SimpleUploadedFile(f"{i}.png", _png()) for i in range(4)]
    assert "最多上传3个附件" in _post(client, _form(attachments=pictures)).content.decode()
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1))
    assert "超过5MB" in _post(client, _form(attachments=[big])).content.decode()
    assert not Letter.objects.exists()


def test_the_honeypot_refuses_bots(in_alpha):
    response = _post(host_client("alpha.localhost"), _form(website="http://spam.example"))
    assert "提交未成功" in response.content.decode()
    assert not Letter.objects.exists()


def test_a_flood_from_one_address_is_refused_and_keeps_the_text(in_alpha):
    client = host_client("alpha.localhost")
    statuses = [_post(client, _form(subject=f"第{i}封")).status_code for i in range(6)]
    assert statuses == [302] * 5 + [429]
    assert Letter.objects.count() == 5
    refused = _post(client, _form(subject="第七封"))
    assert refused.status_code == 429 and "第七封" in refused.content.decode()
    assert "最多成功提交5次" in refused.content.decode()
