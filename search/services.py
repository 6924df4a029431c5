"""Writes of the search app that are not index writes: the query log."""

import logging

from django.db import DatabaseError

from .backends.base import SearchQuery, SearchResults

logger = logging.getLogger(__name__)


def query_log(*, tenant, query: SearchQuery, results: SearchResults, scope: str) -> None:
    """Record a public search (first page only, so paging through results counts once)."""
    from .models import QueryLogEntry

    text = " ".join(query.query.raw.split())[:200]
    if not text or query.page != 1 or tenant is None:
        return
    try:
        QueryLogEntry.objects.create(
            tenant_id=tenant.pk,
            query=text,
            scope=scope,
            results=results.total,
            backend=getattr(results, "backend", ""),
        )
    except DatabaseError:
        # The log must never cost the person their results.
        logger.exception("Could not log a search")
