"""The 错敏词 checker: one Aho–Corasick pass over a text, then the leader rules.

Kept free of the database so the benchmark (infra/bench/wording) and the tests can build
a dictionary of any size directly.

The automaton runs over the UTF-8 bytes of the text (spelt as Latin-1 characters), not
over its characters: pyahocorasick looks up a node's children one by one, and with
thousands of distinct Chinese characters under the root a 50,000-character document
took 38 ms against 10,000 entries; over bytes a node has at most a few dozen children
and the same check takes a few milliseconds. UTF-8 is self-synchronising, so every match
starts on a character boundary; offsets are converted back to characters once, in order. Offsets are character offsets into the text the caller
passes; ``line`` counts its lines (the paragraphs of a rich-text field) from 1.
"""

import bisect
import re
from dataclasses import dataclass, field

import ahocorasick

BLOCK, WARN, MISWRITING, LEADER = "block", "warn", "miswriting", "leader"
KIND_LABELS = {BLOCK: "禁用词", WARN: "提示词", MISWRITING: "易错词", LEADER: "领导姓名"}

# Titles recognised next to a leader's name besides those the dictionary's leaders hold,
# so "副市长张三" is read as a title even when no leader is 副市长 today.
GENERIC_TITLES = (
    "书记", "副书记", "常委", "市长", "副市长", "县长", "副县长", "区长", "副区长",
    "镇长", "副镇长", "乡长", "副乡长", "主任", "副主任", "主席", "副主席", "秘书长",
    "副秘书长", "局长", "副局长", "厅长", "副厅长", "部长", "副部长", "省长", "副省长",
    "院长", "副院长", "检察长", "副检察长", "巡视员", "副巡视员", "调研员", "党组书记",
    "市委书记", "市委副书记", "县委书记", "县委副书记", "区委书记", "区委副书记",
    "市委常委", "县委常委", "区委常委", "常务副市长", "常务副县长", "常务副区长",
)  # fmt: skip
TITLE_SEPARATORS = re.compile(r"[、，,；;\s]+")


@dataclass(frozen=True)
class DictionaryEntry:
    kind: str
    word: str
    suggestion: str = ""
    title: str = ""
    rank: int = 0

    @property
    def titles(self) -> frozenset[str]:
        return frozenset(part for part in TITLE_SEPARATORS.split(self.title) if part)


@dataclass(frozen=True)
class Hit:
    kind: str
    word: str
    offset: int  # character offset into the checked text
    line: int  # 1-based line (paragraph) of the checked text
    column: int  # 1-based character in that line
    suggestion: str = ""
    message: str = ""
    field: str = ""  # the field's label, as the editor sees it

    @property
    def blocking(self) -> bool:
        return self.kind == BLOCK

    @property
    def position(self) -> str:
        return f"第{self.line}段第{self.column}字" if self.line > 1 else f"第{self.column}字"

    def sentence(self) -> str:
        """A whole sentence for the editor: where, what, and what to write instead."""
        where = f"{self.field}{self.position}" if self.field else self.position
        return f"{where}：{self.message}"


@dataclass
class Dictionary:
    entries: list[DictionaryEntry]
    key: int = 0
    version: int = 0
    automaton: object = field(init=False, repr=False)
    titles: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self):
        self.entries = list(self.entries)
        automaton = ahocorasick.Automaton()
        for index, entry in enumerate(self.entries):
            automaton.add_word(_bytes_text(entry.word), index)
        self.byte_lengths = [len(entry.word.encode()) for entry in self.entries]
        if self.entries:
            automaton.make_automaton()
            self.automaton = automaton
        else:
            self.automaton = None
        titles = set(GENERIC_TITLES)
        for entry in self.entries:
            if entry.kind == LEADER:
                titles |= entry.titles
        # Longest first: "副市长" before "市长".
        self.titles = tuple(sorted(titles, key=len, reverse=True))
        self.longest_title = max((len(title) for title in self.titles), default=0)

    def __len__(self):
        return len(self.entries)


def _bytes_text(text: str) -> str:
    return text.encode().decode("latin-1")


def _matches(text: str, dictionary: "Dictionary") -> list[tuple[int, int]]:
    """(character offset, entry index) of every match, in the order of their offsets."""
    lengths = dictionary.byte_lengths
    found = sorted(
        (last - lengths[index] + 1, index)
        for last, index in dictionary.automaton.iter(_bytes_text(text))
    )
    if text.isascii():
        return found
    encoded = text.encode()
    matches, byte_at, char_at = [], 0, 0
    for byte_start, index in found:
        char_at += len(encoded[byte_at:byte_start].decode())
        byte_at = byte_start
        matches.append((char_at, index))
    return matches


class _Lines:
    """Line and column of an offset, the line starts computed only when asked."""

    def __init__(self, text: str):
        self.text = text
        self._starts: list[int] | None = None

    def locate(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _adjacent_title(dictionary: Dictionary, text: str, start: int, end: int) -> str:
    """The title written right before or right after a name ("副市长张三", "张三市长")."""
    before = text[max(0, start - dictionary.longest_title) : start]
    for title in dictionary.titles:
        if before.endswith(title):
            return title
    after = text[end : end + dictionary.longest_title]
    for title in dictionary.titles:
        if after.startswith(title):
            return title
    return ""


def check_text(text: str, dictionary: Dictionary, *, field: str = "") -> list[Hit]:
    """Every hit of ``dictionary`` in ``text``, in the order they occur."""
    if not text or dictionary.automaton is None:
        return []
    lines = _Lines(text)
    entries = dictionary.entries
    hits: list[Hit] = []
    leaders: list[tuple[int, int, DictionaryEntry]] = []
    for start, index in _matches(text, dictionary):
        entry = entries[index]
        last = start + len(entry.word) - 1
        line, column = lines.locate(start)
        kind = entry.kind
        if kind == LEADER:
            leaders.append((start, line, entry))
            title = _adjacent_title(dictionary, text, start, last + 1)
            if title and title not in entry.titles:
                hits.append(
                    Hit(
                        kind=LEADER,
                        word=entry.word,
                        offset=start,
                        line=line,
                        column=column,
                        suggestion=entry.title,
                        message=f"“{title}”与{entry.word}同志的现任职务不符，现任职务为“{entry.title}”。",
                        field=field,
                    )
                )
            continue
        if kind == BLOCK:
            message = f"“{entry.word}”是禁用词，请删除或改写。"
        elif kind == MISWRITING:
            message = f"“{entry.word}”可能有误，应为“{entry.suggestion}”。"
        else:
            note = f"（{entry.suggestion}）" if entry.suggestion else ""
            message = f"“{entry.word}”是需要注意的提示词{note}，请核实用法。"
        hits.append(
            Hit(
                kind=kind,
                word=entry.word,
                offset=start,
                line=line,
                column=column,
                suggestion=entry.suggestion,
                message=message,
                field=field,
            )
        )
    hits += _order_hits(leaders, lines, field)
    hits.sort(key=lambda hit: hit.offset)
    return hits


def _order_hits(leaders, lines: _Lines, field: str) -> list[Hit]:
    """Leaders listed in one paragraph out of their protocol order: one warning there."""
    hits = []
    by_line: dict[int, list[tuple[int, DictionaryEntry]]] = {}
    for start, line, entry in leaders:
        if entry.rank:
            named = by_line.setdefault(line, [])
            if all(other.word != entry.word for _, other in named):
                named.append((start, entry))
    for named in by_line.values():
        ranks = [entry.rank for _, entry in named]
        if len(named) < 2 or ranks == sorted(ranks):
            continue
        start = named[0][0]
        line, column = lines.locate(start)
        expected = "、".join(entry.word for _, entry in sorted(named, key=lambda n: n[1].rank))
        hits.append(
            Hit(
                kind=LEADER,
                word="、".join(entry.word for _, entry in named),
                offset=start,
                line=line,
                column=column,
                suggestion=expected,
                message=f"领导排名顺序有误，应为：{expected}。",
                field=field,
            )
        )
    return hits
