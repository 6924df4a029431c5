"""The editor sees the dictionary's warnings after every save, submission and publish;
bulk publishing refuses pages with blocking words."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from wagtail import hooks

from .pages import page_blocking_problems, page_wording_hits

SHOWN = 20


def wording_warnings(request, page) -> None:
    hits = page_wording_hits(page)
    if not hits:
        return
    blocking = [hit for hit in hits if hit.blocking]
    others = [hit for hit in hits if not hit.blocking]
    if blocking:
        heading = f"错敏词检查：发现{len(blocking)}处禁用词，提交审核和发布时将被拒绝，请修改："
        _message(request, messages.ERROR, heading, [hit.sentence() for hit in blocking])
    if others:
        heading = f"错敏词检查：发现{len(others)}处需要核实的用词（不影响提交和发布）："
        _message(request, messages.WARNING, heading, [hit.sentence() for hit in others])


def _message(request, level, heading, sentences: list[str]) -> None:
    items = [(sentence,) for sentence in sentences[:SHOWN]]
    more = f"另有{len(sentences) - SHOWN}处未列出。" if len(sentences) > SHOWN else ""
    messages.add_message(
        request,
        level,
        format_html(
            '{}<ul class="wording-hits">{}</ul>{}',
            heading,
            format_html_join("", "<li>{}</li>", items),
            more,
        ),
    )


@hooks.register("after_create_page")
def wording_warnings_after_create(request, page):
    wording_warnings(request, page)


@hooks.register("after_edit_page")
def wording_warnings_after_edit(request, page):
    wording_warnings(request, page)


@hooks.register("before_bulk_action")
def refuse_bulk_publish_with_blocking_words(request, action_type, objects, action_class_instance):
    """Wagtail's bulk publish (and its 包括子页面 option) publishes each draft as it is; a
    draft with a blocking word stops the whole action before anything goes live."""
    from wagtail.models import Page

    if action_type != "publish" or request.method != "POST":
        return None
    pages = [page for page in objects if isinstance(page, Page)]
    if request.POST.get("include_descendants"):
        for page in list(pages):
            pages += page.get_descendants()
    problems = []
    for page in pages:
        if not page.has_unpublished_changes:
            continue
        draft = page.specific.get_latest_revision_as_object()
        problems += [f"《{draft.title}》{problem}" for problem in page_blocking_problems(draft)]
    if not problems:
        return None
    _message(
        request,
        messages.ERROR,
        "以下页面含有禁用词，本次批量发布未执行：",
        problems,
    )
    return redirect(action_class_instance.next_url)
