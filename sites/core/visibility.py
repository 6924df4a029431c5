"""What the public may see: the one rule, used by pages, listings, feeds, search and copies.

A page is public when it is live, carries no view restriction (password, login, group)
and its own type's rule lets it out. Page types with a rule of their own mix in
``PublicRuleMixin``: policy documents, for instance, never show a 不予公开 document
and show only the metadata of a 依申请公开 one. Everything public goes through
``public_pages`` (querysets) and ``page_visibility`` (one page); nothing else decides.

View restrictions are rare (most sites have none) and read on every page, several
times: the site's restricted sections are read once per process and kept while their
version holds (cluster/serving/memo.py; a restriction saved or deleted, or a page
moved, bumps it: see ``connect``). With none, nothing is queried for them.
"""

import enum

from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.signals import post_page_move

from cluster.serving.memo import memo_bump, memo_versioned

RESTRICTIONS_MEMO = "view_restrictions"


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


def restricted_sections() -> tuple[tuple[str, int], ...]:
    """(path, depth) of every page of the site that carries a view restriction."""

    def read():
        return tuple(
            PageViewRestriction.objects.values_list("page__path", "page__depth")
            .order_by("page__path")
            .distinct()
        )

    return memo_versioned(connection.schema_name, RESTRICTIONS_MEMO, None, read)


def _private_q() -> Q | None:
    """Wagtail's ``PageQuerySet.private_q`` from the memoised sections; None when none."""
    q = Q()
    for path, depth in restricted_sections():
        q |= Q(path__startswith=path, depth__gte=depth)
    return q or None


def page_is_restricted(page) -> bool:
    """Whether a view restriction applies to ``page`` (Wagtail's rule, aliases included)."""
    if not restricted_sections():
        return False
    return Page.get_view_restrictions(page).exists()


class ViewRestrictionsMixin:
    """Every page type: Wagtail's view restriction check, free on a site without any.

    Wagtail's ``check_view_restrictions`` hook asks every page served for its
    restrictions (two queries); a site with no restricted section answers from memory.
    """

    def get_view_restrictions(self):
        if not restricted_sections():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def _restrictions_changed(sender, **kwargs) -> None:
    memo_bump(connection.schema_name, RESTRICTIONS_MEMO)


def connect() -> None:
    """Bump the restrictions' version when one changes or a page moves (paths change)."""
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            _restrictions_changed, sender=PageViewRestriction, dispatch_uid=f"restriction_{name}"
        )
    post_page_move.connect(_restrictions_changed, dispatch_uid="restrictions_page_moved")


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
    queryset = queryset.live()
    private = _private_q()
    if private is not None:
        queryset = queryset.exclude(private)
    return _excluding(queryset, lambda model: model.public_hidden_q())


def full_text_pages(queryset=None):
    """Public pages whose text (body, summary, attachments) may be shown or indexed."""
    return _excluding(public_pages(queryset), lambda model: model.public_metadata_only_q())


def page_visibility(page) -> Visibility:
    """What the public may see of one page."""
    if not page.live or page_is_restricted(page):
        return Visibility.HIDDEN
    specific = page.specific_deferred if type(page) is Page else page
    if isinstance(specific, PublicRuleMixin):
        return specific.public_rule()
    return Visibility.FULL
