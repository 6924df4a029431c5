"""Routing a request down the page tree in two queries, whatever the depth.

Wagtail's ``Page.route`` walks one level at a time: the child by slug, then its
``.specific`` (two queries a level, eight for a policy document four levels below the
home page). ``route_by_path`` reads every page along the path in one query by
``url_path`` (which Wagtail keeps as the parent's plus the slug), then the specific
page at the end: the same answer, including pages on the way with a ``route`` of their
own (RoutablePageMixin), which are handed the rest of the path as Wagtail would.
"""

from django.db.models import Exists, OuterRef
from django.http import Http404
from wagtail.models import Page, Site

ROUTE_CHAIN_ATTRIBUTE = "_route_chain"
# Where Wagtail's Page.route_for_request keeps its answer for the request.
WAGTAIL_ROUTE_ATTRIBUTE = "_wagtail_route_for_request"


def _routes_itself(page: Page) -> bool:
    specific_class = page.specific_class
    return specific_class is not None and specific_class.route is not Page.route


def route_by_path(root: Page, request, path_components: list[str]):
    """What Wagtail's ``Page.route`` answers for ``root``; keeps the pages on the way.

    The pages from ``root`` to the page served (base ``Page`` objects, fields of the page
    tree only) are left on the request for the breadcrumbs (``route_chain``).
    """
    prefixes, url_path = [], root.url_path
    for component in path_components:
        url_path += f"{component}/"
        prefixes.append(url_path)
    from .models import CopyOrigin

    # slug is indexed (url_path is not): the slugs narrow, the url_paths decide. Whether
    # the page is a syndicated copy comes along (page_copy_origin need not ask for most).
    found = {}
    if path_components:
        pages = Page.objects.filter(
            slug__in=set(path_components), url_path__in=prefixes, path__startswith=root.path
        ).annotate(is_copy=Exists(CopyOrigin.objects.filter(page_id=OuterRef("pk"))))
        found = {page.url_path: page for page in pages}
    chain = [root]
    for index, url_path in enumerate(prefixes):
        page = found.get(url_path)
        if page is None or page.depth != root.depth + index + 1:
            raise Http404
        page._cached_parent_obj = chain[-1]
        chain.append(page)
        remaining = path_components[index + 1 :]
        if remaining and _routes_itself(page):
            return _routed(request, chain, remaining)
    if request is not None:
        setattr(request, ROUTE_CHAIN_ATTRIBUTE, chain)
    return _routed(request, chain, [])


def _routed(request, chain: list[Page], remaining: list[str]):
    page = chain[-1]
    if len(chain) == 1:
        # A site's root is never a syndicated copy (see sites.core.selectors.page_copy_origin).
        page._copy_origin_cache = None
        return Page.route(page, request, remaining)
    specific = page.specific
    specific._cached_parent_obj = chain[-2]
    if not page.is_copy:
        specific._copy_origin_cache = None  # see sites.core.selectors.page_copy_origin
    return specific.route(request, remaining)


def route_chain(request, page: Page) -> list[Page] | None:
    """The pages from the site's root to ``page`` as routing read them, if it routed to it."""
    chain = getattr(request, ROUTE_CHAIN_ATTRIBUTE, None)
    if chain and chain[-1].pk == page.pk:
        return chain
    return None


def route_request_by_path(request, path: str) -> None:
    """Route ``request`` from its site's root as a plain page, before Wagtail does.

    Wagtail's ``Page.route_for_request`` loads the root's specific page (the home page
    with its content) only to call its ``route``; a root that routes by path needs only
    its tree fields, so a page below the home page costs no query for the home page.
    The answer is left where Wagtail looks for it first. The home page itself, and a root
    of any other type, are left to Wagtail.
    """
    from sites.portal.models import HomePage

    components = [component for component in path.split("/") if component]
    site = Site.find_for_request(request)
    if not components or site is None or site.root_page.specific_class is not HomePage:
        return
    try:
        route = route_by_path(site.root_page, request, components)
    except Http404:
        route = None
    setattr(request, WAGTAIL_ROUTE_ATTRIBUTE, route)
