"""Text of attached files, for the index: PDF, DOCX and XLSX with pure-Python readers.

A file that cannot be read (damaged, encrypted, too large, another format) adds no text;
it never stops the page from being indexed.
"""

import logging
import zipfile

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 200_000


def attachments_text(attachments) -> str:
    texts = []
    for block in attachments or []:
        document = _document_of(block)
        if document is None:
            continue
        texts.append(document.title)
        texts.append(file_text(document.file, document.file.name))
    return " ".join(text for text in texts if text)[:MAX_TEXT_CHARS]


def _document_of(block):
    value = block.value
    if hasattr(value, "file"):
        return value
    if isinstance(value, dict):
        return value.get("document")
    return getattr(value, "get", lambda _key: None)("document")


def file_text(file, name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    reader = {"pdf": _pdf_text, "docx": _docx_text, "xlsx": _xlsx_text, "txt": _plain_text}.get(
        extension
    )
    if reader is None:
        return ""
    try:
        if file.size > MAX_FILE_BYTES:
            return ""
        file.open("rb")
        try:
            return reader(file)[:MAX_TEXT_CHARS]
        finally:
            file.close()
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        logger.warning("No text from attachment %s: %s", name, error)
        return ""


def _pdf_text(file) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(file)
        return " ".join((page.extract_text() or "") for page in reader.pages[:200])
    except PdfReadError as error:
        raise ValueError(str(error)) from error


def _docx_text(file) -> str:
    import docx

    document = docx.Document(file)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(parts)


def _xlsx_text(file) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=True)
    parts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True, max_row=5000):
            parts.extend(str(value) for value in row if value is not None)
    return " ".join(parts)


def _plain_text(file) -> str:
    return file.read(MAX_TEXT_CHARS * 4).decode("utf-8", errors="ignore")
