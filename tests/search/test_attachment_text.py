"""Text inside attached DOCX, XLSX and PDF files is found by the cluster search."""

import io
import json

from django.core.files.base import ContentFile
from django_tenants.utils import schema_context
from wagtail.documents import get_document_model

from search.extract import file_text
from tests.conftest import host_client
from tests.sites.disclosure.conftest import make_document


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(text: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_text_is_read_from_docx_and_xlsx_and_a_broken_file_adds_nothing():
    assert "城乡低保资金" in file_text(ContentFile(_docx("城乡低保资金分配表")), "a.docx")
    assert "养老服务补贴" in file_text(ContentFile(_xlsx("养老服务补贴")), "b.xlsx")
    assert file_text(ContentFile(b"not a zip"), "broken.docx") == ""
    assert file_text(ContentFile(b"%PDF-1.4 broken"), "broken.pdf") == ""


def test_a_document_is_found_by_the_text_of_its_attachment(
    alpha, django_capture_on_commit_callbacks
):
    with schema_context("site_alpha"):
        attachment = get_document_model().objects.create(
            title="附件一", file=ContentFile(_docx("困难群众临时救助实施细则"), name="fujian.docx")
        )
        with django_capture_on_commit_callbacks(execute=True):
            make_document(
                title="关于印发社会救助办法的通知",
                attachments=[("attachment", {"document": attachment, "title": "附件一"})],
            )
    body = json.loads(
        host_client("alpha.localhost").get("/api/search/", {"q": "临时救助实施细则"}).content
    )
    assert [hit["title"] for hit in body["results"]] == ["关于印发社会救助办法的通知"]
