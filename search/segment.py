"""Chinese word segmentation for the PostgreSQL backend, the same on the index and query side.

PostgreSQL's text-search parser treats a run of Chinese characters as one token, so text is
cut into words here with jieba (``jieba.Tokenizer``, one per process, its default dictionary
plus ``dictionary.txt``: 政务公开, 依申请公开, agency and place names ...).

Choices, measured on the texts in shared/corpus (162 paragraphs, 64 one-word queries,
a query "matches" a paragraph when its words sit at consecutive positions; truth is
the query being a substring of the paragraph):

- Precise mode on both sides finds 66% of the substring occurrences: a dictionary word
  swallows its parts (信息公开 is not found inside 政府信息公开).
- jieba's search mode on the index side finds 93%: it adds the 2- and 3-character
  dictionary words inside a longer word, not the longer ones (政府信息 in 政府信息公开).
- Here the index side adds *every* dictionary word inside a word (``index_positions``) at
  that word's position: 99% found, no false match, 2% more postings than search mode.
  The position is shared so that a phrase (``<->``) still steps word by word.
- The query side uses precise mode (``segment``); its words are then always among the
  indexed ones wherever the same text was segmented the same way.
- HMM (jieba's guessing of unknown words) is off: it changed no result above, and without it
  an unknown name such as 益政办函 is cut into the same single characters in a short query
  as in a long body, where HMM glues them differently depending on the context.
"""

import logging
import threading
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

DICTIONARY = Path(__file__).with_name("dictionary.txt")
# Longer tokens are truncated on both sides (a PostgreSQL lexeme is at most 2 KB, and a
# 64-character run without a break is an identifier or noise, not a word).
MAX_TOKEN_LENGTH = 64

_lock = threading.Lock()
_tokenizer: "jieba.Tokenizer | None" = None


def tokenizer() -> "jieba.Tokenizer":
    """The process's jieba tokenizer, its dictionaries loaded on first use (about 1 s).

    jieba itself is imported here too: importing it takes over a second (its HMM tables are
    Python modules), which every management command and worker start would otherwise pay.
    """
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                built = jieba.Tokenizer()
                built.initialize()
                built.load_userdict(str(DICTIONARY))
                _tokenizer = built
    return _tokenizer


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII (NFKC), lower case: what both sides compare."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _clean(word: str) -> str:
    # Letters and digits only: punctuation, symbols, emoji and spaces are not searchable.
    kept = "".join(ch for ch in word if unicodedata.category(ch)[0] in "LN")
    return kept[:MAX_TOKEN_LENGTH]


def _words(text: str) -> list[str]:
    words = []
    for word in tokenizer().cut(normalise(text), HMM=False):
        if cleaned := _clean(word):
            words.append(cleaned)
    return words


def segment(text: str) -> list[str]:
    """The words of `text` in order (jieba precise mode): the query side, and highlighting."""
    return _words(text)


def word_frequency(word: str) -> int:
    """How common `word` is in the dictionary (0 when it is not a word there)."""
    return tokenizer().FREQ.get(word) or 0


def index_positions(text: str) -> list[tuple[str, ...]]:
    """For each word of `text`, the word followed by every dictionary word inside it.

    政府信息公开 gives (政府信息公开, 政府, 信息, 公开, 政府信息, 信息公开): all are indexed at
    one position, so 信息公开 and 公开 are found in it and phrases still line up.
    """
    freq = tokenizer().FREQ
    positions = []
    for word in _words(text):
        n = len(word)
        inner = [
            word[start : start + size]
            for size in range(2, n)
            for start in range(n - size + 1)
            if freq.get(word[start : start + size])
        ]
        positions.append((word, *dict.fromkeys(inner)))
    return positions
