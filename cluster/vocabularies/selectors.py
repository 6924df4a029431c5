"""Reads of the shared vocabularies, from any schema (the public schema is on every search path)."""

from dataclasses import dataclass

from cluster.serving.memo import memo_versioned

from .models import Term

# Every change to the vocabularies is a release (cluster/vocabularies/services.py); the
# terms public pages read are kept per process under the memo version a change bumps
# (signals.py), so a page shows a renamed term on its next render.
TERMS_MEMO = "vocabularies"


@dataclass(frozen=True)
class TermEntry:
    vocabulary: str
    code: str
    name: str
    label: str
    parent_code: str


def _terms() -> tuple[TermEntry, ...]:
    return tuple(
        TermEntry(
            vocabulary=term.vocabulary,
            code=term.code,
            name=term.name,
            label=term.label,
            parent_code=term.parent.code if term.parent_id else "",
        )
        for term in Term.objects.select_related("parent")
    )


def vocabulary_terms(vocabulary: str) -> list[TermEntry]:
    """Every term of `vocabulary` (retired ones too), in the vocabulary's order; memoised."""
    terms = memo_versioned("public", TERMS_MEMO, None, _terms)
    return [term for term in terms if term.vocabulary == vocabulary]


def term_choices(vocabulary: str, *, include: str = "") -> list[tuple[str, str]]:
    """(code, label) of the current terms, plus `include` if it names a retired one.

    Keeping a retired code selectable on the document that already uses it means
    editing an old document never silently changes its classification.
    """
    terms = Term.objects.filter(vocabulary=vocabulary).select_related("parent")
    choices = []
    for term in terms:
        if term.retired_in_id and term.code != include:
            continue
        label = f"{term.label}（已停用）" if term.retired_in_id else term.label
        choices.append((term.code, label))
    return choices


def term_label(vocabulary: str, code: str) -> str:
    """The label of a code (retired ones too), read from the per-process memo."""
    if not code:
        return ""
    for term in vocabulary_terms(vocabulary):
        if term.code == code:
            return term.label
    return code


def term_exists(vocabulary: str, code: str) -> bool:
    return Term.objects.filter(vocabulary=vocabulary, code=code).exists()
