"""The page cache's consumer on the publish pipeline: purge what an event changed.

A page event makes stale, on that site only: the page (every query string and sub-route
it answered), its ancestors (the columns, catalog and home page that list it) and their
feeds, the pages that link to it (Wagtail's reference index: an interpretation
showing the document it explains), the pages its type says show it (the documents an
interpretation explains list it) and the site's sitemap.xml. A move also purges the
moved page's descendants, whose addresses changed. A site event (suspended, reactivated,
archived, domain changed) purges the whole site. A change to the site registry (a site
onboarded, renamed or closed) purges, on every site, the pages that show the registry
(the home pages' 站群导航). nginx's copies of the purged entries are purged by address on
every nginx in front (cluster/pagecache/nginx.py). A change to data that is not a page
(a site's 权责清单, the cluster's list of them) purges the tags the event names, which the
pages showing that data marked. Idempotent: purging twice purges the same.
"""

import logging

from django.db import connection

from cluster.tasks import pipeline

from . import nginx, store

logger = logging.getLogger(__name__)

CONSUMER = "pagecache.purge"


def _ancestor_ids(page_id: int, url_path: str) -> list[int]:
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).only("path", "depth").first()
    if page is not None:
        return list(page.get_ancestors().values_list("pk", flat=True))
    # Deleted: the page row is gone; its ancestors are the pages whose url_path is a
    # prefix of the one it had.
    segments = [segment for segment in url_path.strip("/").split("/") if segment]
    prefixes = ["/"] + ["/" + "/".join(segments[:i]) + "/" for i in range(1, len(segments))]
    return list(Page.objects.filter(url_path__in=prefixes).values_list("pk", flat=True))


def _referencing_page_ids(page_id: int) -> list[int]:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    base = ContentType.objects.get_for_model(Page)
    return [
        int(object_id)
        for object_id in ReferenceIndex.objects.filter(
            to_content_type=base, to_object_id=str(page_id), base_content_type=base
        ).values_list("object_id", flat=True)
    ]


def _descendant_ids(page_id: int) -> list[int]:
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).only("path", "depth").first()
    if page is None:
        return []
    return list(page.get_descendants().values_list("pk", flat=True))


def _showing_page_ids(page_id: int) -> list[int]:
    """Pages that show this one though it does not link to them: a page type says which
    (``pages_showing_this``; an interpretation is listed on the documents it explains)."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return []
    showing = getattr(page.specific_class, "pages_showing_this", None)
    return list(showing(page.specific)) if showing else []


def tags_for(event) -> set[str]:
    if event.kind == pipeline.REGISTRY_CHANGED:
        return {store.REGISTRY_TAG}
    if event.kind == pipeline.DATA_CHANGED:
        return set(event.data.get("tags") or [])
    if event.kind in pipeline.SITE_EVENTS or event.kind == pipeline.SITE_LOOK_CHANGED:
        return {store.SITE_TAG}
    page_id = event.page_id
    tags = {store.page_tag(page_id), store.feed_tag(page_id), store.SITEMAP_TAG}
    url_path = event.data.get("url_path") or event.data.get("url_path_before") or ""
    for ancestor_id in _ancestor_ids(page_id, url_path):
        tags |= {store.page_tag(ancestor_id), store.feed_tag(ancestor_id)}
    if event.kind == pipeline.PAGE_MOVED:
        # The listings the page left, found by its old address.
        old_path = event.data.get("url_path_before", "")
        if old_path:
            for ancestor_id in _ancestor_ids(-1, old_path):
                tags |= {store.page_tag(ancestor_id), store.feed_tag(ancestor_id)}
        tags |= {store.page_tag(descendant) for descendant in _descendant_ids(page_id)}
    tags |= {store.page_tag(referrer) for referrer in _referencing_page_ids(page_id)}
    tags |= {store.page_tag(showing) for showing in _showing_page_ids(page_id)}
    return tags


def handle(event) -> None:
    schema = connection.schema_name
    tags = tags_for(event)
    previous = store.purge_tags(schema, tags)
    # nginx's copies of the same entries, by address, on every nginx; kept for the
    # retry until every nginx confirmed (a failure raises: the pipeline retries it).
    addresses = store.nginx_pending(schema, event.id, previous)
    nginx.purge(addresses)
    store.nginx_done(schema, event.id)
    logger.info(
        "Purged %s cache tags and %s nginx entries on %s for %s",
        len(tags),
        len(addresses),
        schema,
        event.kind,
    )
