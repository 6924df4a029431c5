"""Highlighted titles and snippets: HTML-escaped text with ``<em>`` around what was searched.

Done in Python rather than with ``ts_headline``: the index holds segmented words, not the
text, and the result must be the original text, escaped, with no other markup.
"""

from html import escape

from .backends.base import ParsedQuery
from .query import document_number_text
from .segment import normalise, segment

SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30  # characters shown before the first match


def needles(query: ParsedQuery) -> list[str]:
    """The normalised strings to mark in a text, longest first.

    A run of one-character words (an unknown name cut into characters, 益政办函) is one
    needle, as the backend searches it as a phrase.
    """
    found = []
    for term in query.terms:
        run = []
        for word in [*segment(term), ""]:
            if len(word) == 1:
                run.append(word)
                continue
            if run:
                found.append("".join(run))
                run = []
            if word:
                found.append(word)
    for phrase in query.phrases:
        found.append("".join(segment(phrase)))
    for identifier in (document_number_text(query), query.index_number):
        if identifier:
            found.append(normalise(identifier))
            found.append("".join(segment(identifier)))
    return sorted({n for n in found if n}, key=len, reverse=True)


def _normalised(text: str) -> tuple[str, list[int]]:
    """`text` normalised as the index is, and for each of its characters the original index."""
    chars, origin = [], []
    for index, ch in enumerate(text):
        for normal in normalise(ch):
            chars.append(normal)
            origin.append(index)
    return "".join(chars), origin


def _spans(text: str, marks: list[str]) -> list[tuple[int, int]]:
    normal, origin = _normalised(text)
    spans = []
    for needle in marks:
        start = normal.find(needle)
        while start != -1:
            end = start + len(needle)
            spans.append((origin[start], origin[end - 1] + 1))
            start = normal.find(needle, end)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, marks: list[str]) -> str:
    """`text` escaped, with every occurrence of a needle wrapped in <em>."""
    parts, at = [], 0
    for start, end in _spans(text, marks):
        parts.append(escape(text[at:start]))
        parts.append(f"<em>{escape(text[start:end])}</em>")
        at = end
    parts.append(escape(text[at:]))
    return "".join(parts)


def snippet(text: str, marks: list[str], length: int = SNIPPET_LENGTH) -> str:
    """A window of `text` around its first match (or its beginning), highlighted."""
    text = " ".join(text.split())
    lowered = normalise(text)
    first = -1
    if len(lowered) == len(text):
        hits = [i for i in (lowered.find(n) for n in marks) if i != -1]
        first = min(hits, default=-1)
    else:
        spans = _spans(text, marks)
        first = spans[0][0] if spans else -1
    start = max(0, first - SNIPPET_LEAD) if first > 0 else 0
    end = min(len(text), start + length)
    window = highlight(text[start:end], marks)
    return ("…" if start else "") + window + ("…" if end < len(text) else "")
