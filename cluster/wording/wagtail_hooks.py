"""The editor sees the dictionary's warnings after every save, submission and publish."""

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from wagtail import hooks

from .pages import page_wording_hits

SHOWN = 20


def wording_warnings(request, page) -> None:
    hits = page_wording_hits(page)
    if not hits:
        return
    blocking = [hit for hit in hits if hit.blocking]
    others = [hit for hit in hits if not hit.blocking]
    if blocking:
        heading = f"错敏词检查：发现{len(blocking)}处禁用词，提交审核和发布时将被拒绝，请修改："
        _message(request, messages.ERROR, heading, blocking)
    if others:
        heading = f"错敏词检查：发现{len(others)}处需要核实的用词（不影响提交和发布）："
        _message(request, messages.WARNING, heading, others)


def _message(request, level, heading, hits) -> None:
    items = [(hit.sentence(),) for hit in hits[:SHOWN]]
    more = f"另有{len(hits) - SHOWN}处未列出。" if len(hits) > SHOWN else ""
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
