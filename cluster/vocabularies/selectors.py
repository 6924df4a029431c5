"""Reads of the shared vocabularies, from any schema (the public schema is on every search path)."""

from .models import Term


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
    if not code:
        return ""
    term = Term.objects.filter(vocabulary=vocabulary, code=code).select_related("parent").first()
    return term.label if term else code


def term_exists(vocabulary: str, code: str) -> bool:
    return Term.objects.filter(vocabulary=vocabulary, code=code).exists()
