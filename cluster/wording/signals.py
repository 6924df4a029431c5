"""A dictionary release makes every process build its automaton again."""

from django.db.models.signals import post_delete, post_save

from cluster.serving.memo import memo_bump

from .models import WordingEntry, WordingRelease
from .selectors import WORDING_MEMO


def wording_changed(sender, **kwargs) -> None:
    memo_bump("public", WORDING_MEMO)


def connect() -> None:
    for model in (WordingEntry, WordingRelease):
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                wording_changed, sender=model, dispatch_uid=f"wording_{model.__name__}_{name}"
            )
    from wagtail.signals import task_approved, workflow_submitted

    from .pages import refuse_approval_with_blocking_words, refuse_submission_with_blocking_words

    workflow_submitted.connect(
        refuse_submission_with_blocking_words, dispatch_uid="wording_workflow_submitted"
    )
    task_approved.connect(refuse_approval_with_blocking_words, dispatch_uid="wording_task_approved")
