"""The public search form, the same for the search page and the JSON API.

Anything a person can type is accepted and made harmless: unknown facet values are
dropped, a page beyond the bounded depth is refused with a message, never an error.
"""

import re

from django import forms

from cluster.tenants.models import Tenant

from .backends.base import MAX_RESULT_WINDOW, PAGE_SIZE, SearchQuery
from .documents import CONTENT_TYPES
from .query import parse_query

SCOPES = [("site", "本站"), ("subtree", "本级及下级"), ("all", "全部站点")]
SORTS = [("relevance", "按相关度"), ("date", "按日期")]
CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_PAGE = MAX_RESULT_WINDOW // PAGE_SIZE
MAX_QUERY_CHARS = 200


def _codes(values, *, allowed=None, limit=20) -> tuple[str, ...]:
    kept = []
    for value in values[:limit]:
        value = (value or "").strip()
        if CODE.match(value) and (allowed is None or value in allowed) and value not in kept:
            kept.append(value)
    return tuple(kept)


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, strip=True)
    scope = forms.ChoiceField(label="范围", choices=SCOPES, required=False)
    sort = forms.ChoiceField(label="排序", choices=SORTS, required=False)
    page = forms.CharField(required=False)

    LIST_FIELDS = ("site", "level", "type", "topic", "doctype", "year", "validity")

    def __init__(self, data=None, *, tenant=None, **kwargs):
        self.tenant = tenant
        self.lists = {}
        if data is not None:
            self.lists = {name: data.getlist(name) for name in self.LIST_FIELDS}
            data = {key: data.get(key, "") for key in ("q", "scope", "sort", "page")}
            # Control characters (NUL included, which Django's fields refuse) mean nothing here.
            data["q"] = CONTROL.sub(" ", data["q"])
        super().__init__(data, **kwargs)

    def clean_q(self):
        text = self.cleaned_data.get("q", "")
        if len(text) > MAX_QUERY_CHARS:
            self.truncated = True
            text = text[:MAX_QUERY_CHARS]
        return text

    def clean_page(self):
        raw = (self.cleaned_data.get("page") or "1").strip()
        try:
            page = int(raw) if len(raw) < 12 else MAX_PAGE + 1
        except ValueError:
            page = 1
        if page < 1:
            page = 1
        if page > MAX_PAGE:
            raise forms.ValidationError(
                f"最多只能查看前{MAX_PAGE}页结果，请增加关键词或筛选条件缩小范围。"
            )
        return page

    def search_query(self) -> SearchQuery:
        data = self.cleaned_data
        scope = data.get("scope") or ("site" if self.tenant else "all")
        sites, subtree = None, None
        if self.tenant is not None and scope == "site":
            sites = (self.tenant.pk,)
        elif self.tenant is not None and scope == "subtree":
            subtree = self.tenant.pk
        chosen_sites = tuple(
            int(value) for value in _codes(self.lists.get("site", [])) if value.isdigit()
        )
        if chosen_sites and scope == "all":
            sites = chosen_sites
        years = tuple(
            int(value)
            for value in _codes(self.lists.get("year", []))
            if value.isdigit() and 1949 <= int(value) <= 2100
        )
        from .selectors import query_with_synonyms

        return SearchQuery(
            query=query_with_synonyms(parse_query(data.get("q", ""))),
            sites=sites,
            subtree_of=subtree,
            levels=_codes(self.lists.get("level", []), allowed=set(Tenant.Level.values)),
            content_types=_codes(self.lists.get("type", []), allowed=set(CONTENT_TYPES.values())),
            topics=_codes(self.lists.get("topic", [])),
            doctypes=_codes(self.lists.get("doctype", [])),
            years=years,
            validity=_codes(self.lists.get("validity", [])),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
        )
