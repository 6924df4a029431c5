"""Uploaded documents are checked by what they contain, not by what they are called.

Wagtail accepts a document by its extension (WAGTAILDOCS_EXTENSIONS); a web page or a
program renamed ``通知.pdf`` would then be served from the site as a PDF. Here the first
bytes (and, for Office Open XML and OFD, the parts inside the zip) must match the
extension. Images need nothing extra: Wagtail opens them with Pillow and refuses a file
whose real format does not match its extension.
"""

import zipfile

from django import forms
from wagtail.documents.forms import BaseDocumentForm

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc .xls .ppt .wps (Compound File Binary)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Office Open XML and OFD: a zip holding these parts.
ZIP_PARTS = {
    "docx": ("[Content_Types].xml", "word/"),
    "xlsx": ("[Content_Types].xml", "xl/"),
    "pptx": ("[Content_Types].xml", "ppt/"),
    "ofd": ("OFD.xml",),
}
TEXT = {"txt", "csv"}
NAMES = {"pdf": "PDF", "ofd": "OFD", "wps": "WPS", "txt": "文本", "csv": "CSV", "zip": "ZIP"}


def _zip_names(file) -> list[str] | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # A multi-byte character may be cut at the end of the sample.
            head.decode(encoding) if len(head) < 8192 else head[:-4].decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def content_matches_extension(file, extension: str) -> bool:
    extension = extension.lower()
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if extension == "pdf":
        return head.lstrip()[:5] == b"%PDF-"
    if extension in ("doc", "xls", "ppt", "wps"):
        return head.startswith(OLE2)
    if extension in ZIP_PARTS:
        if not head.startswith(ZIP_MAGIC):
            return False
        names = _zip_names(file)
        file.seek(0)
        return names is not None and all(
            any(name == part or name.startswith(part) for name in names)
            for part in ZIP_PARTS[extension]
        )
    if extension == "zip":
        return head.startswith(ZIP_MAGIC) and _zip_names(file) is not None
    if extension in TEXT:
        return _is_text(head)
    return False


class DocumentForm(BaseDocumentForm):
    """WAGTAILDOCS_DOCUMENT_FORM_BASE: the single and the multiple upload forms."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            extension = file.name.rsplit(".", 1)[-1] if "." in file.name else ""
            if not content_matches_extension(file, extension):
                kind = NAMES.get(extension.lower(), extension.upper() or "该类型")
                raise forms.ValidationError(
                    f"文件内容与扩展名不符：请上传真正的{kind}文件，不要只修改文件扩展名。",
                    code="content_mismatch",
                )
        return file
