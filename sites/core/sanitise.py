"""Rich text that did not come through the editor (imports, syndicated copies) is cleaned.

Wagtail's editor only ever stores its own whitelisted HTML, but its templates render
stored rich text as is. Anything that writes a body directly, such as the corpus
importer or syndication, goes through this filter on save.
"""

import nh3

# Wagtail's stored rich text format: plain elements plus <a linktype> and <embed>.
TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ol",
    "ul",
    "li",
    "a",
    "hr",
    "embed",
    "sup",
    "sub",
}
ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}


def rich_text_clean(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )
