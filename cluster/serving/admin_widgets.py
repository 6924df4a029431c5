"""Wagtail's chooser widgets (page, document, image, snippet) without inline scripts.

``BaseChooser.render`` writes ``<script>new PageChooser(id, options);</script>`` after the
widget, which the Content-Security-Policy (``script-src 'self'``) blocks. Wagtail offers no
template for it, so ``ServingConfig.ready`` replaces the method with this one: the same
widget, with the constructor, id and options in a hidden element that
static/serving/admin_csp.js starts (the same as the date widgets' templates).
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe


def chooser_render(self, name, value, attrs=None, renderer=None):
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as error:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from error
    value_data = self.get_value_data(value)
    # Wagtail's own widget markup, taken as HTML exactly as BaseChooser.render takes it.
    widget_html = mark_safe(self.render_html(name, value_data, attrs))  # noqa: S308
    options = self.get_js_init_options(id_, name, value_data)
    return format_html(
        '{}<span hidden data-csp-init="chooser" data-csp-constructor="{}" '
        'data-csp-target="{}" data-csp-options="{}"></span>',
        widget_html,
        self.js_constructor,
        id_,
        json.dumps(options),
    )


def install() -> None:
    from wagtail.admin.widgets.chooser import BaseChooser

    BaseChooser.render = chooser_render
