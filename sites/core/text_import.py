"""Turn text captured from a government web page into clean paragraphs.

Captured pages carry furniture (breadcrumbs, font-size switches, "分享到", QR-code
prompts, advertising) and metadata laid out differently on every site. The
importer keeps the document: its paragraphs, without the page around it.
"""

import re
from dataclasses import dataclass, field

# Lines that are page furniture wherever they appear.
FURNITURE = [
    re.compile(p)
    for p in (
        r"^找律师咨询$",
        r"^(您现在的位置|当前位置)\s*[:：]",
        r"^首页\s*(>|>>|＞)",
        r"^【字体",
        r"字体\s*[:：]?\s*【大】",
        r"字体大小",
        r"^分享到",
        r"^无需注册",
        r"^扫一扫在手机打开当前页",
        r"^(网络编辑|信息审核|责任编辑)\s*[:：]",
        r"来源于\s*[\w.]+\.(com|cn|net)",
        r"^文章标题\s*[:：]",
        r"^【(发布部门|发文字号|发布日期|实施日期|时效性|效力级别|法规类别)】",
        r"^(索引号|发文机构|发文日期|公文时效)\s*[:：]",
        r"^来源\s*[:：].*(发布时间|阅读)",
        r"^发布时间\s*[:：].*(来源|作者)",
    )
]
# Where the document ends and the page's footer begins.
TRAILERS = [re.compile(p) for p in (r"^分享到", r"^扫一扫在手机打开当前页", r"^网络编辑\s*[:：]")]
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# A header line longer than this that is not title, issuer or number starts the body.
HEADER_LINE_MAX = 25
DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")


@dataclass
class ImportedText:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    doc_number: str = ""

    @property
    def html(self) -> str:
        from django.utils.html import escape

        return "".join(f"<p>{escape(p)}</p>" for p in self.paragraphs)


def _is_furniture(line: str) -> bool:
    return any(pattern.search(line) for pattern in FURNITURE)


def clean_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = PRIVATE_USE.sub("", raw.replace("\u3000", " ").replace("\xa0", " ")).strip()
        if any(pattern.search(line) for pattern in TRAILERS):
            break
        if line and not _is_furniture(line):
            lines.append(line)
    return lines


def import_document(text: str, *, title: str) -> ImportedText:
    """The body of one document, its title and the 发文字号 found in its header.

    Header lines that only repeat the title (whole or broken over lines), the
    issuer's name or the document number are dropped: the page shows them as metadata.
    """
    lines = clean_lines(text)
    compact_title = re.sub(r"\s", "", title)
    header_text = "\n".join(re.sub(r"\s", "", line) for line in text.splitlines()[:25])
    match = DOC_NUMBER.search(header_text)
    doc_number = match.group(0) if match else ""
    body_start = 0
    for index, line in enumerate(lines[:20]):
        compact = re.sub(r"\s", "", line)
        is_header = (
            compact in compact_title
            or compact_title in compact
            or (doc_number and compact == doc_number)
        )
        if is_header:
            body_start = index + 1
        elif len(compact) > HEADER_LINE_MAX:
            break
    return ImportedText(title=title, paragraphs=lines[body_start:], doc_number=doc_number)


def split_articles(text: str) -> list[ImportedText]:
    """Split a file of several articles, each starting with a line "第N篇:标题"."""
    articles = []
    for chunk in re.split(r"(?m)^第[一二三四五六七八九十\d]+篇\s*[:：]", text)[1:]:
        title_line, _, rest = chunk.partition("\n")
        title = title_line.strip().rstrip(".。")
        articles.append(import_document(title + "\n" + rest, title=title))
    return articles
