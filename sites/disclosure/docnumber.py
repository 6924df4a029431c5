"""发文字号 (document numbers): parse the ways people type them, store one form.

《党政机关公文格式》 (GB/T 9704-2012) 7.2.4: 发文字号由发文机关代字、年份、发文顺序号组成，
年份用六角括号“〔〕”括入，序号不编虚位、不加“第”字。People type brackets of every
shape and full-width digits; all of them become 吉市政函〔2009〕53号.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_OPEN = "〔[［(（【〖﹝{｛<《"
_CLOSE = "〕]］)）】〗﹞}｝>》"
_PATTERN = re.compile(
    rf"^(?P<agency>[\u4e00-\u9fffA-Za-z]+?)\s*[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*第?\s*(?P<serial>\d{{1,5}})\s*号$"
)
# Orders (令) are numbered without a year: 吉林市人民政府令第12号.
_ORDER_PATTERN = re.compile(r"^(?P<agency>[\u4e00-\u9fff]+令)\s*第?\s*(?P<serial>\d{1,5})\s*号$")

EXPECTED = "发文字号应写成“机关代字〔年份〕序号号”，如 吉市政函〔2009〕53号；政府令写成 吉林市人民政府令第12号。"


@dataclass(frozen=True)
class DocumentNumber:
    agency: str  # 机关代字
    year: int | None
    serial: int

    def __str__(self):
        if self.year is None:
            return f"{self.agency}第{self.serial}号"
        return f"{self.agency}〔{self.year}〕{self.serial}号"


def document_number_parse(text: str) -> DocumentNumber:
    value = re.sub(r"\s+", "", (text or "").translate(_FULLWIDTH_DIGITS))
    if match := _PATTERN.match(value):
        year = int(match["year"])
        if not 1949 <= year <= 2100:
            raise ValidationError(f"发文字号中的年份“{year}”不正确。{EXPECTED}", code="year")
        return DocumentNumber(match["agency"], year, int(match["serial"]))
    if match := _ORDER_PATTERN.match(value):
        return DocumentNumber(match["agency"], None, int(match["serial"]))
    raise ValidationError(f"无法识别发文字号“{text}”。{EXPECTED}", code="document_number")


def document_number_normalise(text: str) -> str:
    return str(document_number_parse(text))


def document_number_query(text: str) -> str:
    """A typed 发文字号, or a fragment of one, in the stored form, for matching.

    A whole number is normalised as the field is (吉市政函[2009]53号 → 吉市政函〔2009〕53号);
    a fragment (吉市政函[2009]) gets the same brackets, digits and spacing.
    """
    try:
        return document_number_normalise(text)
    except ValidationError:
        pass
    value = re.sub(r"\s+", "", (text or "").translate(_FULLWIDTH_DIGITS))
    value = re.sub(f"[{re.escape(_OPEN)}]", "〔", value)
    return re.sub(f"[{re.escape(_CLOSE)}]", "〕", value)
