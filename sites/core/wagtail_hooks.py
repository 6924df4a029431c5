"""Admin hooks every page type shares."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from wagtail import hooks

from .publishing import (
    PUBLISH_REFUSED_ACTION,
    page_publication_problems,
    page_publication_refused,
)


def past_go_live_warning(request, page) -> None:
    """Say so when 定时发布 is set to a time that has passed.

    Wagtail stores such a time without a word and publishes at once (it only waits for
    a time in the future), so an editor who meant to schedule would never know.
    """
    go_live_at = page.go_live_at
    if go_live_at is None or go_live_at > timezone.now():
        return
    when = f"{timezone.localtime(go_live_at):%Y-%m-%d %H:%M}"
    if "action-publish" in request.POST:
        messages.warning(request, f"定时发布时间（{when}）已经过去，页面已立即发布，没有等待。")
    else:
        messages.warning(
            request,
            f"定时发布时间（{when}）已经过去：发布或审核通过时页面将立即上线，不会等待。"
            "如需定时发布，请把时间改为将来的时间。",
        )


@hooks.register("after_create_page")
def warn_past_go_live_after_create(request, page):
    past_go_live_warning(request, page)


@hooks.register("after_edit_page")
def warn_past_go_live_after_edit(request, page):
    past_go_live_warning(request, page)


@hooks.register("before_publish_page")
def refuse_unpublishable_page(request, page):
    """The editor's publish (or schedule): the draft is saved, the live version stays.

    Every page type passes the 错敏词 dictionary here; types with publication checks
    also their own rules."""
    if problems := page_publication_problems(page):
        messages.error(request, page_publication_refused(page, problems).as_html())
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("register_log_actions")
def register_publication_log_actions(actions):
    actions.register_action(
        PUBLISH_REFUSED_ACTION, "定时发布未执行", "页面未通过发布校验，定时发布已取消"
    )
