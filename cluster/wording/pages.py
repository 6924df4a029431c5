"""The checker applied to pages: the text of every field an editor writes, field by field.

Used when a page is published (sites/core/publishing.py: every path that publishes a page
type with publication checks, and the editor's publish of any page type), when it is
submitted to a workflow and when a workflow's last task approves it (signals, connected
in signals.py), in bulk publishing (wagtail_hooks.py), and after a save in the editor
(warnings, wagtail_hooks.py).

Syndicated copies (cluster/syndication) are never refused: their text is the source
site's, checked when the source published it (or an upstream government's, which no
site here may change); a copy's editor cannot edit it, so there is nothing to warn about
either. See docs/decisions/0019-wording-dictionary-checks.md.
"""

import re
from html import unescape

from django.db import models
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import Page

from .checker import Hit, check_text
from .selectors import current_dictionary

# Block-level ends: a rich-text paragraph, list item or heading becomes one line.
_BLOCK_END = re.compile(r"(?i)</(p|li|h[1-6]|blockquote|tr|div)>|<br\s*/?>")
_PAGE_FIELDS = ("title", "search_description")
_SKIPPED_FIELDS = (models.SlugField, models.URLField, models.EmailField)

SUBMISSION_REFUSED_HEADING = "页面含有禁用词，不能提交审核："


def _html_text(value: str) -> str:
    if "<" not in value and "&" not in value:
        return value
    return unescape(strip_tags(_BLOCK_END.sub("\n", value)))


def _raw_strings(value) -> list[str]:
    """Every string in a StreamField block's stored data (rich text, text, captions)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if "type" in value and "value" in value:
            return _raw_strings(value["value"])
        return [text for child in value.values() for text in _raw_strings(child)]
    if isinstance(value, list | tuple):
        return [text for child in value for text in _raw_strings(child)]
    return []


def _paragraphs(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def page_texts(page) -> list[tuple[str, str]]:
    """(field label, plain text) of every text field of ``page``, title first."""
    texts = []
    for model_field in type(page)._meta.concrete_fields:
        own = model_field.model is not Page and not issubclass(Page, model_field.model)
        if not (own or model_field.name in _PAGE_FIELDS):
            continue
        value = getattr(page, model_field.attname, None)
        if not value:
            continue
        if isinstance(model_field, StreamField):
            raw = getattr(value, "raw_data", None)
            blocks = list(raw) if raw is not None else []
            text = "\n".join(
                _paragraphs(_html_text(string))
                for block in blocks
                for string in _raw_strings(block)
            )
        elif isinstance(model_field, models.CharField | models.TextField) and not (
            model_field.choices or isinstance(model_field, _SKIPPED_FIELDS)
        ):
            text = _paragraphs(_html_text(value)) if isinstance(value, str) else ""
        else:
            continue
        if text:
            texts.append((str(model_field.verbose_name), text))
    return texts


def page_wording_hits(page) -> list[Hit]:
    """Every dictionary hit in ``page``'s fields; none for a syndicated copy."""
    from sites.core.selectors import page_copy_origin

    dictionary = current_dictionary()
    if not len(dictionary) or page_copy_origin(page) is not None:
        return []
    hits = []
    for label, text in page_texts(page):
        hits += check_text(text, dictionary, field=label)
    return hits


def page_blocking_problems(page) -> list[str]:
    """Whole sentences, one per blocking word found, with its field and position."""
    return [hit.sentence() for hit in page_wording_hits(page) if hit.blocking]


def refuse_submission_with_blocking_words(sender, instance, user=None, **kwargs):
    """``workflow_submitted``: refuse inside ``Workflow.start``'s transaction, so no
    workflow starts; the draft was saved before, and PublicationRefusedMiddleware sends
    the editor back to it with the positions."""
    from sites.core.publishing import PublicationRefusedError

    content = instance.content_object
    if not isinstance(content, Page):
        return
    page = content.specific.get_latest_revision_as_object()
    if problems := page_blocking_problems(page):
        raise PublicationRefusedError(problems, page_id=page.pk, heading=SUBMISSION_REFUSED_HEADING)


def refuse_approval_with_blocking_words(sender, instance, user=None, **kwargs):
    """``task_approved``: when the approval finished the workflow (and so published), a
    blocking word added to the dictionary since the submission refuses it: raised inside
    ``TaskState.approve``'s transaction, the approval and the publication roll back.
    Page types with publication checks refuse earlier, in ``publish()``."""
    from sites.core.publishing import PublicationChecksMixin, PublicationRefusedError

    state = instance.workflow_state
    if state.status != state.STATUS_APPROVED or not isinstance(state.content_object, Page):
        return
    page = state.content_object.specific
    if isinstance(page, PublicationChecksMixin):
        return
    if problems := page_blocking_problems(page):
        raise PublicationRefusedError(
            problems, page_id=page.pk, heading=PublicationChecksMixin.publication_refused_heading
        )
