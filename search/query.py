"""What a person typed in the search box, understood once for every backend.

``parse_query`` never raises: whatever comes in (a 10,000-character paste, control
characters, emoji, unbalanced quotes, lone operators, SQL or query-DSL text) comes out as
plain words, quoted phrases and at most one 发文字号 and one 索引号. Backends only ever see
those parts, never the raw text, so nothing typed reaches a query language.
"""

import re
import unicodedata
from functools import cache

from django.core.exceptions import ValidationError

from sites.disclosure.docnumber import _CLOSE, _OPEN, document_number_parse

from .backends.base import ParsedQuery
from .segment import DICTIONARY, segment, word_frequency

# The longest query looked at, in characters. The longest title of a policy document runs to
# about 100 characters and a 发文字号 or 索引号 to 30; every word becomes an operand the
# index must intersect, so a pasted page would cost seconds and find nothing useful.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 32
MAX_PHRASES = 8

# Straight and curly double quotes, corner brackets: a pair of them makes a phrase.
_QUOTES = str.maketrans(dict.fromkeys("“”„‟「」『』＂〝〞", '"'))
# Words that mean an operator in some other search box; here they mean nothing.
_OPERATORS = frozenset({"AND", "OR", "NOT", "&&", "||"})
# Characters kept inside a word besides letters and digits: 一网通办-2.0, C++, C#.
_WORD_JOINERS = frozenset("-_.+#·/")

_OPEN_CLASS = f"[{re.escape(_OPEN)}]"
_CLOSE_CLASS = f"[{re.escape(_CLOSE)}]"
_HAN = "\u4e00-\u9fff"
# A 发文字号 somewhere in the text: 吉市政函〔2009〕53号, 吉市政函[2009]第53号, 吉市政函2009年53号,
# 吉市政函〔2009〕 (no serial), 吉市政函53号 (no year), 吉林市人民政府令第12号.
_NUMBER_PATTERNS = (
    re.compile(
        rf"(?P<agency>[{_HAN}A-Za-z]+)\s*{_OPEN_CLASS}\s*(?P<year>\d{{4}})\s*{_CLOSE_CLASS}"
        rf"(?:\s*第?\s*(?P<serial>\d{{1,5}})\s*(?:号|(?=\s|$)))?"
    ),
    re.compile(
        rf"(?P<agency>[{_HAN}A-Za-z]+?)\s*(?P<year>\d{{4}})\s*年\s*第?\s*(?P<serial>\d{{1,5}})\s*号"
    ),
    re.compile(rf"(?P<agency>[{_HAN}]+令)\s*第\s*(?P<serial>\d{{1,5}})\s*号"),
    re.compile(rf"(?P<agency>[{_HAN}]+?[发函字电令办])\s*第?\s*(?P<serial>\d{{1,5}})\s*号"),
)
# Words that often come before a 发文字号 in a sentence and are not part of its 机关代字:
# 关于吉市政函〔2009〕53号 → 吉市政函.
_LEAD_IN = re.compile(r"^.*(?:关于|根据|按照|依据|依照|转发|印发|落实|执行|参照|对|的|和|及|与)")
# The last character of a 机关代字 (GB/T 9704-2012 7.2.4 examples and common practice).
_AGENCY_ENDINGS = "发函字电令办"
# A dictionary word this common is an ordinary word (印发 190, 公函 21), not a 机关代字.
_COMMON_WORD = 20
# 索引号: letters and digits in two or more parts joined by / - _ . ; the last part a
# serial number: 112202000135999915/2026-00012, TCXXGK-2013-004232, 9900000001-2026-0001.
_INDEX_NUMBER = re.compile(r"[0-9A-Za-z]+(?:[/\-_.][0-9A-Za-z]+)*[/\-_.][0-9]+")
_DATE = re.compile(r"\d{4}[/\-_.]\d{1,2}[/\-_.]\d{1,2}")
MIN_INDEX_NUMBER_LENGTH = 12


def parse_query(raw: str) -> ParsedQuery:
    """Split what was typed into words, phrases, a 发文字号 and a 索引号.

    ``raw`` of the result is the cleaned text that was actually searched (control
    characters removed, at most ``MAX_QUERY_LENGTH`` characters), safe to show back.
    """
    text = _clean(raw)
    number = index_number = None
    rest_parts, phrases = _split_quotes(text)
    rest = " ".join(rest_parts)

    # A phrase that is exactly a 发文字号 or 索引号 is one: "吉市政函〔2009〕53号".
    kept_phrases = []
    for phrase in phrases:
        found = None if number else _find_document_number(phrase)
        if found and not found[1].strip():
            number = found[0]
            continue
        if index_number is None and _is_index_number(phrase.strip()):
            index_number = phrase.strip().upper()
            continue
        kept_phrases.append(phrase)

    if number is None and (found := _find_document_number(rest)):
        number, rest = found
    words = []
    for word in rest.split():
        if index_number is None and _is_index_number(word):
            index_number = word.upper()
        else:
            words.append(word)
    terms = _words(" ".join(words))
    if number is None:
        for term in terms:
            if _is_agency(term):
                number = (term, None, None)
                terms = [t for t in terms if t != term]
                break

    agency, year, serial = number or ("", None, None)
    return ParsedQuery(
        raw=text,
        terms=tuple(terms[:MAX_TERMS]),
        phrases=tuple(p for p in (" ".join(_words(p)) for p in kept_phrases) if p)[:MAX_PHRASES],
        number_agency=agency,
        number_year=year,
        number_serial=serial,
        index_number=index_number or "",
    )


def _clean(raw) -> str:
    text = raw if isinstance(raw, str) else ""
    # Control, format, private-use and unassigned characters become spaces.
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _split_quotes(text: str) -> tuple[list[str], list[str]]:
    """Text outside quotes, and the quoted phrases; an unpaired quote is only a space."""
    pieces = text.split('"')
    if len(pieces) % 2 == 0:
        # Odd number of quotes: the last one opens nothing; its text is ordinary words.
        pieces[-2:] = [pieces[-2] + " " + pieces[-1]]
    outside = pieces[0::2]
    inside = [p for p in pieces[1::2] if p.strip()]
    return outside, inside


def _words(text: str) -> list[str]:
    """Words made of letters and digits (and joiners inside them), operators dropped."""
    cleaned = "".join(
        ch if unicodedata.category(ch)[0] in "LN" or ch in _WORD_JOINERS else " " for ch in text
    )
    words = []
    for word in cleaned.split():
        if word in _OPERATORS:
            continue
        word = word.strip("".join(_WORD_JOINERS))
        if word and word not in words:
            words.append(word)
    return words


def _find_document_number(text: str):
    """((agency, year, serial), text without it), or None."""
    for pattern in _NUMBER_PATTERNS:
        for match in pattern.finditer(text):
            agency = _LEAD_IN.sub("", match["agency"]) or match["agency"]
            year = match.groupdict().get("year")
            serial = match["serial"]
            if year is not None:
                year = int(year)
                if not 1949 <= year <= 2100:
                    continue
            if year is not None and serial is not None:
                # The field's own parser decides what a whole number is and how it is stored.
                try:
                    parsed = document_number_parse(f"{agency}〔{year}〕{serial}号")
                except ValidationError:
                    continue
                found = (parsed.agency, parsed.year, parsed.serial)
            elif serial is not None:
                if not agency.endswith("令") and not _is_agency(agency):
                    continue
                found = (agency, None, int(serial))
            else:
                found = (agency, year, None)
            return found, (text[: match.start()] + " " + text[match.end() :]).strip()
    return None


@cache
def _dictionary_words() -> frozenset[str]:
    return frozenset(DICTIONARY.read_text(encoding="utf-8").split())


def _is_agency(word: str) -> bool:
    """Whether a lone word looks like a 机关代字 (吉市政函, 国办发), not an ordinary word.

    Ordinary words ending the same way are common dictionary words (开发, 印发, 信函, 文字)
    or end in one (全市印发). A wrong guess costs little: backends search the text for it too.
    """
    if not 2 <= len(word) <= 10 or word[-1] not in _AGENCY_ENDINGS:
        return False
    if not re.fullmatch(f"[{_HAN}]+", word) or word in _dictionary_words():
        return False
    if word_frequency(word) >= _COMMON_WORD:
        return False
    last = segment(word)[-1]
    return len(last) == 1 or word_frequency(last) < _COMMON_WORD


def _is_index_number(word: str) -> bool:
    return (
        len(word) >= MIN_INDEX_NUMBER_LENGTH
        and _INDEX_NUMBER.fullmatch(word) is not None
        and _DATE.fullmatch(word) is None
        and any(len(part) >= 6 for part in re.split(r"[/\-_.]", word))
    )


def document_number_text(query: ParsedQuery) -> str:
    """The typed 发文字号 (or its part) in the stored form, for text matching and highlights."""
    if not query.number_agency:
        return ""
    if query.number_year is not None:
        serial = f"{query.number_serial}号" if query.number_serial is not None else ""
        return f"{query.number_agency}〔{query.number_year}〕{serial}"
    if query.number_serial is not None:
        return f"{query.number_agency}第{query.number_serial}号"
    return query.number_agency
