"""Checks a page must pass before any version of it goes live, on every path that publishes.

Wagtail has no single place where a model can refuse a publish: the page editor runs
``PublishPageRevisionAction`` itself, bulk publish, workflow approval and scheduled
publishing call ``Page.publish()``, and copy-with-publish only saves. So a page type
that has rules for going live mixes in ``PublicationChecksMixin``:

- ``publish()`` refuses before Wagtail writes anything (bulk, workflow, scheduled,
  ``revision.publish()``); a scheduled publication that fails is cancelled and the
  reason written to the page history, so ``publish_scheduled`` goes on with the rest;
- ``save()`` refuses a save that makes the page live (the backstop for copies);
- the ``before_publish_page`` hook (``sites/core/wagtail_hooks.py``) sends the editor
  back to the saved draft with the reasons;
- ``PublicationRefusedMiddleware`` turns a refusal raised inside Wagtail's own views
  (bulk publish, workflow approval) into the same message instead of a server error.

Besides a page type's own rules, every check includes the cluster's 错敏词 dictionary:
a blocking word refuses with its field and position (cluster/wording/pages.py).
"""

import logging

from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from wagtail.log_actions import log
from wagtail.models import Revision

logger = logging.getLogger(__name__)

SCHEDULED_PUBLISH_ACTION = "wagtail.publish.scheduled"
PUBLISH_REFUSED_ACTION = "core.publish_refused"


class PublicationRefusedError(ValidationError):
    """A version that may not go live; `problems` are whole sentences for the editor."""

    def __init__(self, problems: list[str], *, page_id: int | None = None, heading: str):
        self.problems = list(problems)
        self.page_id = page_id
        self.heading = heading
        super().__init__([heading, *self.problems], code="unpublishable")

    def as_html(self):
        return format_html(
            "{}<ul>{}</ul>",
            self.heading,
            format_html_join("", "<li>{}</li>", ((problem,) for problem in self.problems)),
        )


def page_wording_problems(page) -> list[str]:
    """Sentences for each blocking word in ``page`` (none for a syndicated copy)."""
    from cluster.wording.pages import page_blocking_problems

    return page_blocking_problems(page)


def page_publication_problems(page) -> list[str]:
    """Why ``page`` (any type) may not go live: its own rules if it has them, and the
    blocking words of the 错敏词 dictionary."""
    if isinstance(page, PublicationChecksMixin):
        return page.publication_checks()
    return page_wording_problems(page)


def page_publication_refused(page, problems: list[str]) -> PublicationRefusedError:
    if isinstance(page, PublicationChecksMixin):
        return page.publication_refused(problems)
    return PublicationRefusedError(
        problems, page_id=page.pk, heading=PublicationChecksMixin.publication_refused_heading
    )


class PublicationChecksMixin:
    """A page type with rules that every publication of it must pass."""

    publication_refused_heading = "页面未通过发布校验，不能发布："

    def publication_problems(self) -> list[str]:
        """Why this version may not go live (an empty list when it may)."""
        return []

    def publication_checks(self) -> list[str]:
        """The page type's rules and the blocking words of the 错敏词 dictionary."""
        return [*self.publication_problems(), *page_wording_problems(self)]

    def publication_refused(self, problems: list[str]) -> PublicationRefusedError:
        return PublicationRefusedError(
            problems, page_id=self.pk, heading=self.publication_refused_heading
        )

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        # Refuse before Wagtail writes anything (it clears other revisions' schedules
        # before saving the page).
        problems = revision.as_object().publication_checks()
        if problems:
            if log_action == SCHEDULED_PUBLISH_ACTION:
                Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
                log(
                    instance=self,
                    action=PUBLISH_REFUSED_ACTION,
                    data={"problems": problems},
                    revision=revision,
                )
                logger.warning("Scheduled publishing of page %s refused: %s", self.pk, problems)
                return None
            raise self.publication_refused(problems)
        return super().publish(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )

    def save(self, *args, **kwargs):
        if self._state.adding and self.live and self.last_published_at is None:
            # Wagtail's create view inserts a new page as live and publishes it
            # afterwards; such a page goes live only through a publication that passes.
            self.live = False
        if self.live and kwargs.get("update_fields") is None and self.is_going_live():
            self.before_going_live()
        return super().save(*args, **kwargs)

    def before_going_live(self) -> None:
        """Runs in the save that makes this version live; raise to refuse it."""
        if problems := self.publication_checks():
            raise self.publication_refused(problems)

    def is_going_live(self) -> bool:
        """True when this save publishes: a fresh last_published_at, or a live copy."""
        if self.last_published_at is None:
            return False
        if self._state.adding or self.pk is None:
            return True
        return not (
            type(self)
            .objects.filter(pk=self.pk, live=True, last_published_at=self.last_published_at)
            .exists()
        )
