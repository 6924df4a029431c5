"""The search page of every site (the page type is ``portal.SearchPage``; this fills it)."""

from collections.abc import Sequence

from django.core.paginator import Paginator

from .backends.base import MAX_RESULT_WINDOW
from .documents import CONTENT_TYPE_LABELS
from .forms import SCOPES, SORTS, SearchForm
from .selectors import best_bets_for, facet_labels, search_run
from .services import query_log

FACET_HEADINGS = {
    "site": "站点",
    "level": "层级",
    "content_type": "类型",
    "topic": "主题分类",
    "doctype": "文种",
    "year": "年份",
    "validity": "有效性",
}
# Which query parameter filters by each facet.
FACET_PARAMS = {"content_type": "type"}


class _ResultWindow(Sequence):
    """The current page of hits, standing in for the whole (bounded) result list."""

    def __init__(self, total: int, offset: int, hits: list):
        self.total, self.offset, self.hits = min(total, MAX_RESULT_WINDOW), offset, hits

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.hits
        return self.hits[index - self.offset]


def search_context(request, *, tenant) -> dict:
    form = SearchForm(request.GET if request.GET else None, tenant=tenant)
    context = {
        "form": form,
        "query": request.GET.get("q", "")[:200],
        "scopes": SCOPES,
        "sorts": SORTS,
        "scope": request.GET.get("scope") or "site",
        "sort": request.GET.get("sort") or "relevance",
        "searched": False,
    }
    if not request.GET or not form.is_valid():
        return context
    query = form.search_query()
    results = search_run(query)
    query_log(tenant=tenant, query=query, results=results, scope=request.GET.get("scope", "site"))
    for hit in results.hits:
        hit.content_type_label = CONTENT_TYPE_LABELS.get(hit.content_type, hit.content_type)
    paginator = Paginator(_ResultWindow(results.total, query.offset, results.hits), query.page_size)
    context.update(
        best_bets=best_bets_for(
            query_text=form.cleaned_data.get("q", ""), tenant_id=getattr(tenant, "pk", None)
        ),
        searched=not query.query.is_empty or bool(results.total),
        results=results,
        page_obj=paginator.get_page(query.page),
        facets=[
            {
                "name": name,
                "param": FACET_PARAMS.get(name, name),
                "heading": FACET_HEADINGS.get(name, name),
                "values": values,
            }
            for name, values in facet_labels(results.facets).items()
            if values and name in FACET_HEADINGS
        ],
        truncated=getattr(form, "truncated", False),
    )
    return context
