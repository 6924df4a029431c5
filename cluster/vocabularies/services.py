"""Changes to the shared vocabularies. Each change is one numbered release."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from .models import Term, Vocabulary, VocabularyRelease


def _release_next(*, note: str, user=None) -> VocabularyRelease:
    # Serialise releases: the table lock makes concurrent changes queue for a number.
    VocabularyRelease.objects.select_for_update().all().exists()
    number = (VocabularyRelease.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    return VocabularyRelease.objects.create(number=number, note=note, created_by=user)


@transaction.atomic
def term_add(
    *,
    vocabulary: str,
    code: str,
    name: str,
    parent_code: str = "",
    description: str = "",
    user=None,
) -> Term:
    code, name = code.strip(), name.strip()
    if Term.objects.filter(vocabulary=vocabulary, code=code).exists():
        raise ValidationError({"code": "该词表中已有此代码；停用的代码也不能再次使用。"})
    parent = None
    if parent_code:
        parent = Term.objects.current().filter(vocabulary=vocabulary, code=parent_code).first()
        if parent is None:
            raise ValidationError({"parent_code": "上级代码不存在或已停用。"})
    term = Term(
        vocabulary=vocabulary,
        code=code,
        name=name,
        description=description,
        parent=parent,
        position=Term.objects.filter(vocabulary=vocabulary, parent=parent).count(),
    )
    term.introduced_in = _release_next(
        note=f"新增{Vocabulary(vocabulary).label}“{name}”（{code}）", user=user
    )
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def term_rename(*, term: Term, name: str, user=None) -> Term:
    old = term.name
    term.name = name.strip()
    term.full_clean()
    _release_next(note=f"{Vocabulary(term.vocabulary).label}“{old}”更名为“{term.name}”", user=user)
    term.save(update_fields=["name"])
    return term


@transaction.atomic
def term_retire(*, term: Term, user=None) -> Term:
    if term.retired_in_id:
        raise ValidationError("该词条已停用。")
    if term.children.current().exists():
        raise ValidationError("请先停用其下级词条。")
    term.retired_in = _release_next(
        note=f"停用{Vocabulary(term.vocabulary).label}“{term.name}”（{term.code}）", user=user
    )
    term.save(update_fields=["retired_in"])
    return term
