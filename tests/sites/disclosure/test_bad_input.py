"""Uploads and rich text that must be refused or neutralised before anything is saved."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from tests.conftest import host_client

from .conftest import make_document


def _document_form(upload):
    form_class = get_document_form(get_document_model())
    return form_class({"title": "附件"}, {"file": upload}, user=None)


def test_attachment_of_a_disallowed_type_is_refused(in_alpha):
    form = _document_form(
        SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    )
    assert not form.is_valid() and "file" in form.errors
    assert not get_document_model().objects.exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_attachment_over_the_size_limit_is_refused(in_alpha):
    form = _document_form(
        SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 4096, content_type="application/pdf")
    )
    assert not form.is_valid() and "file" in form.errors


def test_decompression_bomb_image_is_refused(in_alpha):
    buffer = io.BytesIO()
    # 9000 × 9000 pixels, a few kilobytes of PNG: over WAGTAILIMAGES_MAX_IMAGE_PIXELS (64 M)? No:
    # 81 M pixels is, and the file is tiny.
    Image.new("1", (9000, 9000)).save(buffer, "PNG")
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    form_class = get_image_form(get_image_model())
    form = form_class({"title": "炸弹"}, {"file": upload}, user=None)
    assert not form.is_valid() and "file" in form.errors
    assert not get_image_model().objects.exists()


def test_script_in_rich_text_never_reaches_the_public_unescaped(in_alpha):
    document = make_document(
        body=[
            (
                "paragraph",
                '<p>正文<script>alert("x")</script><a href="javascript:alert(1)">链接</a></p>',
            )
        ],
        summary="<img src=x onerror=alert(1)>",
    )
    body = host_client("alpha.localhost").get(document.url).content.decode()
    assert "<script>alert" not in body and 'href="javascript:' not in body
    assert "<img src=x onerror" not in body
