"""A vocabulary release (a term added, renamed or retired) makes every process read the labels again."""

from django.db.models.signals import post_delete, post_save

from cluster.serving.memo import memo_bump

from .models import Term, VocabularyRelease
from .selectors import TERMS_MEMO


def vocabularies_changed(sender, **kwargs) -> None:
    memo_bump("public", TERMS_MEMO)


def connect() -> None:
    for model in (Term, VocabularyRelease):
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                vocabularies_changed,
                sender=model,
                dispatch_uid=f"vocabularies_{model.__name__}_{name}",
            )
