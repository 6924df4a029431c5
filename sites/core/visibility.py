"""What the public may see: the one rule, used by pages, listings, feeds, search and copies.

A page is public when it is live, carries no view restriction (password, login, group)
and its own type's rule lets it out. Page types with a rule of their own mix in
``PublicRuleMixin``: policy documents, for instance, never show a 不予公开 document
and show only the metadata of a 依申请公开 one. Everything public goes through
``public_pages`` (querysets) and ``page_visibility`` (one page); nothing else decides.
"""

import enum

from django.db.models import Q
from wagtail.models import Page, get_page_models


class Visibility(enum.IntEnum):
    HIDDEN = 0  # not public at all: 404, never listed, never indexed
    METADATA = 1  # listed and findable by its metadata (title, numbers); no text
    FULL = 2  # everything


class PublicRuleMixin:
    """A page type whose own fields decide part of what the public sees."""

    @classmethod
    def public_hidden_q(cls) -> Q:
        """Rows of this type the public never sees, though live and unrestricted."""
        return Q(pk__in=[])

    @classmethod
    def public_metadata_only_q(cls) -> Q:
        """Rows of this type the public sees by their metadata only."""
        return Q(pk__in=[])

    def public_rule(self) -> Visibility:
        return Visibility.FULL


def _ruled_models():
    return [model for model in get_page_models() if issubclass(model, PublicRuleMixin)]


def _excluding(queryset, q_of_model):
    for model in _ruled_models():
        condition = q_of_model(model)
        if condition.children and condition != Q(pk__in=[]):
            queryset = queryset.exclude(pk__in=model.objects.filter(condition).values("pk"))
    return queryset


def public_pages(queryset=None):
    """The pages of `queryset` (all pages of the site by default) the public may see."""
    if queryset is None:
        queryset = Page.objects.all()
    return _excluding(queryset.live().public(), lambda model: model.public_hidden_q())


def full_text_pages(queryset=None):
    """Public pages whose text (body, summary, attachments) may be shown or indexed."""
    return _excluding(public_pages(queryset), lambda model: model.public_metadata_only_q())


def page_visibility(page) -> Visibility:
    """What the public may see of one page."""
    if not page.live or page.get_view_restrictions().exists():
        return Visibility.HIDDEN
    specific = page.specific_deferred if type(page) is Page else page
    if isinstance(specific, PublicRuleMixin):
        return specific.public_rule()
    return Visibility.FULL
