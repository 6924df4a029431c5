from django import template
from django.utils.text import Truncator
from wagtail.models import Page, Site

from cluster.tenants.selectors import site_root_url
from sites.core.routing import route_chain
from sites.core.selectors import (
    SUMMARY_LENGTH,
    page_lead_image,
    page_public_url,
    page_summary_text,
)
from sites.core.visibility import Visibility, page_visibility, public_pages

register = template.Library()


def _home(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def top_columns(context):
    """The columns shown in the main navigation: the home page's children marked for menus.

    Read once per request (the navigation and the home page both show them)."""
    request = context.get("request")
    columns = getattr(request, "_top_columns", None)
    if columns is None:
        home = _home(request)
        columns = [] if home is None else list(public_pages(home.get_children()).in_menu())
        if request is not None:
            request._top_columns = columns
    return columns


@register.simple_tag(takes_context=True)
def home_page(context):
    return _home(context.get("request"))


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """当前位置: the path from the home page to ``page``."""
    request = context.get("request")
    home = _home(request)
    ancestors = []
    if home is not None and page is not None:
        # The pages routing read on the way to this one, when it routed here; else one query.
        chain = route_chain(request, page)
        if chain is not None:
            ancestors = [item for item in chain if item.depth >= home.depth and item.live]
        else:
            ancestors = list(
                page.get_ancestors(inclusive=True).filter(depth__gte=home.depth).live()
            )
    # The request goes along: {% pageurl %} reads the site's root paths once per request
    # with it, and from the cache for every link without it.
    return {"ancestors": ancestors, "page": page, "request": request}


@register.simple_tag(takes_context=True)
def public_url(context, page):
    """The page's absolute public URL (primary domain, public scheme; see page_public_url)."""
    return page_public_url(page, request=context.get("request")) or ""


@register.simple_tag(takes_context=True)
def column_name(context, page):
    """The column ``page`` belongs to (the ColumnName meta tag): its parent's title, and
    首页 for the home page (whose parent is the tree's root, not a column)."""
    home = _home(context.get("request"))
    if home is not None and page.pk == home.pk:
        return "首页"
    parent = page.get_parent()
    return parent.title if parent is not None else ""


@register.simple_tag
def copy_origin(page):
    """Where a syndicated copy came from (None for a site's own page); read once per page."""
    from sites.core.selectors import page_copy_origin

    return page_copy_origin(page)


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    """A copy's canonical URL is its source's; any other page's is its own."""
    origin = copy_origin(page)
    if origin is not None and origin.source_url:
        return origin.source_url
    return public_url(context, page)


OPEN_GRAPH_IMAGE = "width-1200"


@register.inclusion_tag("components/open_graph.html", takes_context=True)
def open_graph(context, page):
    """The Open Graph tags (https://ogp.me/) of ``page``, for links shared in chat apps.

    Its URL is the canonical one (a copy's is its source's). The description and image
    are shown only when the public may read the page in full: a 依申请公开 document's
    page is its metadata, and so is its preview.
    """
    request = context.get("request")
    tenant = context.get("current_tenant")
    home = _home(request)
    tags = {
        "title": page.seo_title or page.title,
        "type": "website" if home is not None and page.pk == home.pk else "article",
        "url": canonical_url(context, page),
        "site_name": getattr(tenant, "name", ""),
    }
    if page_visibility(page) == Visibility.FULL:
        description = page.search_description or page_summary_text(page)
        tags["description"] = Truncator(" ".join(description.split())).chars(SUMMARY_LENGTH)
        image, alt = page_lead_image(page)
        if image is not None:
            rendition = image.get_rendition(OPEN_GRAPH_IMAGE)
            url = rendition.url
            if not url.startswith(("http://", "https://")):
                url = site_root_url(request) + url
            tags["image"] = {
                "url": url,
                "width": rendition.width,
                "height": rendition.height,
                "alt": alt,
            }
    return {"og": tags}


class SiteFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context):
        from sites.core.fragments import fragment_get, fragment_key, fragment_set

        request = context.get("request")
        theme = getattr(context.get("theme"), "slug", "")
        values = [value.resolve(context) for value in self.vary]
        pages = [value for value in values if isinstance(value, Page)]
        vary = tuple(str(value) for value in values if not isinstance(value, Page))
        name = self.name.resolve(context)
        key = fragment_key(request, _home(request), name, theme, vary, pages)
        if key is None:
            return self.nodelist.render(context)
        html = fragment_get(key)
        if html is None:
            html = self.nodelist.render(context)
            fragment_set(key, html)
        return html


@register.tag
def site_fragment(parser, token):
    """``{% site_fragment "name" [vary ...] %}…{% endsite_fragment %}``: rendered once per
    site version (sites/core/fragments.py); a page among the vary values adds its own
    page cache tag. Only for what depends on the site's pages, settings and registry,
    never on the request or the visitor."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("site_fragment needs a fragment name.")
    nodelist = parser.parse(("endsite_fragment",))
    parser.delete_first_token()
    return SiteFragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
