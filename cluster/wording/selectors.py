"""The current dictionary, compiled once per release per process.

Which release is current is a per-process memo (cluster/serving/memo.py) bumped by every
change (signals.py): no query at all while nothing changes, one small query after a
change or when the cache is down. The Aho–Corasick automaton is kept per process under
the release's primary key (a rolled-back release never hands its number's automaton to
another: sequences are not rolled back), so a long document costs one pass over its
text whatever the size of the dictionary.
"""

import threading

from cluster.serving.memo import memo_versioned

from .checker import Dictionary, DictionaryEntry
from .models import WordingEntry, WordingRelease

WORDING_MEMO = "wording"

_lock = threading.Lock()
_compiled: dict[str, Dictionary] = {}


def _current_release() -> tuple[int, int]:
    release = WordingRelease.objects.order_by("-number").values_list("pk", "number").first()
    return release or (0, 0)


def dictionary_entries() -> list[DictionaryEntry]:
    return [
        DictionaryEntry(kind=kind, word=word, suggestion=suggestion, title=title, rank=rank)
        for kind, word, suggestion, title, rank in WordingEntry.objects.current().values_list(
            "kind", "word", "suggestion", "title", "rank"
        )
    ]


def current_dictionary() -> Dictionary:
    """The compiled dictionary of the current release (built here at most once per release)."""
    key, number = memo_versioned("public", WORDING_MEMO, None, _current_release)
    held = _compiled.get("current")
    if held is not None and held.key == key:
        return held
    with _lock:
        held = _compiled.get("current")
        if held is None or held.key != key:
            held = Dictionary(dictionary_entries(), key=key, version=number)
            _compiled["current"] = held
    return held


def dictionary_forget() -> None:
    _compiled.clear()
