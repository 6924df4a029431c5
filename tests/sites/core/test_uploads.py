"""Uploads are judged by their content: a renamed file is refused, a real one accepted."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from sites.core.uploads import content_matches_extension
from tests.conftest import admin_login

HTML = b"<html><script>alert(1)</script></html>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关于印发某某办法的通知")
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(**members) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("通知.pdf", PDF, True),
        ("通知.pdf", HTML, False),
        ("通知.docx", docx_bytes(), True),
        ("通知.docx", zip_bytes(**{"a.txt": "x"}), False),
        ("通知.xlsx", docx_bytes(), False),
        ("通知.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, True),
        ("通知.doc", HTML, False),
        ("数据.csv", "名称,数量\n甲,1\n".encode("gb18030"), True),
        ("数据.csv", b"MZ\x90\x00\x03\x00\x00\x00", False),
        ("附件.zip", zip_bytes(**{"a.txt": "x"}), True),
        ("附件.zip", PDF, False),
    ],
)
def test_document_content_must_match_its_extension(name, content, accepted):
    file = SimpleUploadedFile(name, content)
    assert content_matches_extension(file, name.rsplit(".", 1)[1]) is accepted


def _upload(client, path, name, content):
    return client.post(path, {"title": "上传测试", "file": SimpleUploadedFile(name, content)})


def test_a_renamed_web_page_is_refused_as_a_document_in_the_admin(alpha, accounts):
    from wagtail.documents.models import Document

    client, _response = admin_login("alpha.localhost", "platform")
    response = _upload(client, "/admin/documents/add/", "通知.pdf", HTML)
    assert response.status_code == 200
    assert "文件内容与扩展名不符" in response.content.decode()
    with schema_context("site_alpha"):
        assert not Document.objects.filter(title="上传测试").exists()

    response = _upload(client, "/admin/documents/add/", "通知.pdf", PDF)
    assert response.status_code == 302
    with schema_context("site_alpha"):
        document = Document.objects.get(title="上传测试")
        document.file.delete(save=False)


def test_the_multiple_upload_checks_content_too(alpha, accounts):
    client, _response = admin_login("alpha.localhost", "platform")
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("通知.docx", HTML)},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "文件内容与扩展名不符" in response.content.decode("unicode_escape")


def test_a_renamed_file_is_refused_as_an_image(alpha, accounts):
    from wagtail.images.models import Image

    client, _response = admin_login("alpha.localhost", "platform")
    response = _upload(client, "/admin/images/add/", "照片.png", HTML)
    assert response.status_code == 200
    with schema_context("site_alpha"):
        assert not Image.objects.filter(title="上传测试").exists()
