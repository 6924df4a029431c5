"""Reads of the cluster index: run a search, with the engine falling back to PostgreSQL."""

import logging

from .backends.base import SearchQuery, SearchResults
from .backends.registry import engine_backend, postgres_backend

logger = logging.getLogger(__name__)

FALLBACK_NOTICE = "搜索服务暂时繁忙，以下结果来自备用索引，可能不是最新内容。"


def search_run(query: SearchQuery) -> SearchResults:
    """Search the cluster; never raises for anything a person can type."""
    if query.query.is_empty and not _has_filters(query):
        return SearchResults(total=0, hits=[], facets={})
    engine = engine_backend()
    if engine is not None:
        try:
            results = engine.search(query)
            results.backend = engine.name or "engine"
            return results
        except Exception:
            logger.exception("Search engine unavailable; answering from PostgreSQL")
            results = postgres_backend().search(query)
            results.notice = FALLBACK_NOTICE
            results.backend = "postgres"
            return results
    results = postgres_backend().search(query)
    results.backend = "postgres"
    return results


def _has_filters(query: SearchQuery) -> bool:
    return bool(
        query.content_types or query.topics or query.doctypes or query.years or query.validity
    )


def facet_labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[dict]]:
    """Facet values with the names people read, in the order the backend counted them."""
    from cluster.tenants.models import Tenant
    from cluster.vocabularies.models import Vocabulary
    from cluster.vocabularies.selectors import term_label
    from sites.disclosure.models.documents import Validity

    from .documents import CONTENT_TYPE_LABELS

    site_ids = [int(value) for value, _count in facets.get("site", []) if str(value).isdigit()]
    site_names = dict(Tenant.objects.filter(pk__in=site_ids).values_list("pk", "name"))
    label_of = {
        "site": lambda value: site_names.get(int(value), str(value)),
        "level": lambda value: (
            str(Tenant.Level(value).label) if value in Tenant.Level.values else value
        ),
        "content_type": lambda value: CONTENT_TYPE_LABELS.get(value, value),
        "topic": lambda value: term_label(Vocabulary.TOPIC, value),
        "doctype": lambda value: term_label(Vocabulary.DOCTYPE, value),
        "year": lambda value: f"{value}年",
        "validity": lambda value: str(Validity(value).label) if value in Validity.values else value,
    }
    return {
        name: [
            {"value": str(value), "label": label_of.get(name, str)(value), "count": count}
            for value, count in values
        ]
        for name, values in facets.items()
    }


def query_report(*, tenant_id: int | None = None, days: int = 30, limit: int = 30) -> dict:
    """Top and zero-result queries of one site (or the cluster) over the last `days` days."""
    import datetime

    from django.db.models import Avg, Count
    from django.utils import timezone

    from .models import QueryLogEntry

    entries = QueryLogEntry.objects.filter(
        searched_at__gte=timezone.now() - datetime.timedelta(days=days)
    )
    if tenant_id is not None:
        entries = entries.filter(tenant_id=tenant_id)
    grouped = entries.values("query").annotate(searches=Count("pk"), average=Avg("results"))
    return {
        "total": entries.count(),
        "zero_total": entries.filter(results=0).count(),
        "top": list(grouped.order_by("-searches", "query")[:limit]),
        "zero": list(grouped.filter(average=0).order_by("-searches", "query")[:limit]),
    }


def query_with_synonyms(parsed):
    """`parsed` with the synonyms platform admins keep for its words (both directions)."""
    import dataclasses

    from .models import Synonym

    if not parsed.terms:
        return parsed
    terms = set(parsed.terms)
    alternatives = {}
    for synonym in Synonym.objects.all():
        official = synonym.official_terms
        if synonym.term in terms:
            alternatives.setdefault(synonym.term, []).extend(official)
        for word in official:
            if word in terms:
                alternatives.setdefault(word, []).append(synonym.term)
    if not alternatives:
        return parsed
    return dataclasses.replace(
        parsed,
        alternatives=tuple(
            (term, tuple(dict.fromkeys(others))) for term, others in alternatives.items()
        ),
    )


def best_bets_for(*, query_text: str, tenant_id: int | None):
    """Promoted results for exactly this query, on this site or on every site."""
    from django.db.models import Q

    from .models import BestBet

    text = " ".join(query_text.split())
    if not text:
        return []
    return list(
        BestBet.objects.filter(query__iexact=text).filter(
            Q(tenant_id__isnull=True) | Q(tenant_id=tenant_id)
        )
    )
