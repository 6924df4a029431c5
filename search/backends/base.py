"""The contract every cluster-search backend implements (PostgreSQL, OpenSearch, Elasticsearch).

Backends never decide what the public may see: they index what the document mapping
(``search.documents``) hands them, which already went through the one visibility
selector, and drop what they are told to drop. Queries arrive parsed
(``search.query.parse_query``), so backends agree on what a 发文字号 or a phrase is.
"""

import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

# The deepest result a query may ask for; deeper pages are refused, not computed.
MAX_RESULT_WINDOW = 1000
PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
FACETS = ("site", "level", "content_type", "topic", "doctype", "year", "validity")
# Every backend counts matches exactly up to this many. A search that finds more (工作 finds
# most of the cluster) is answered from a bounded share of its matches: the total is this
# number, meaning "at least", facets count a sample, and SearchResults says so
# (total_estimated, facets_estimated).
COUNT_LIMIT = 10_000


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True)
class SearchDocument:
    """One published public page of one site, as the cluster index holds it."""

    id: str  # "<schema>:<page_id>"
    schema: str
    page_id: int
    tenant_id: int
    site_name: str
    site_level: str  # Tenant.Level value
    # Tenant ids from the site up to the top of the hierarchy (the site itself first),
    # so "本级及下级" of site X is "X in site_path".
    site_path: tuple[int, ...]
    url: str  # absolute, on the site's primary domain
    title: str
    body: str  # plain text: summary, StreamField text, extractable attachment text
    content_type: str  # a value of search.documents.CONTENT_TYPES
    published_at: datetime.datetime | None  # 发布日期 (first publication)
    topic: str = ""  # 主题分类 code
    topic_parent: str = ""  # its top-level code (filters on a top-level topic include children)
    doctype: str = ""  # 文种 code
    issuers: tuple[str, ...] = ()  # 发文机关
    document_number: str = ""  # 发文字号, normalised: 吉市政函〔2009〕53号
    number_agency: str = ""  # 机关代字: 吉市政函
    number_year: int | None = None
    number_serial: int | None = None
    index_number: str = ""  # 索引号
    written_date: datetime.date | None = None  # 成文日期
    validity: str = ""  # Validity value ("current", "repealed", ...) for policy documents
    # A syndicated copy carries its source's canonical id, so copies collapse onto it.
    canonical_id: str = ""  # defaults to id when empty (see canonical)

    @property
    def canonical(self) -> str:
        return self.canonical_id or self.id


@dataclass(frozen=True)
class ParsedQuery:
    """What the person typed, understood once for every backend (see search.query)."""

    raw: str
    terms: tuple[str, ...] = ()  # free-text words outside quotes
    phrases: tuple[str, ...] = ()  # quoted phrases, matched as phrases
    # A 发文字号 typed in any variant, normalised: 吉市政函〔2009〕53号, or only its agency
    # part (吉市政函) with year/serial when given.
    number_agency: str = ""
    number_year: int | None = None
    number_serial: int | None = None
    index_number: str = ""  # a typed 索引号, exact
    # Synonyms: (term, (other words that count as a match for it)); a term listed here
    # matches when it or any of its alternatives does (低保 → 最低生活保障).
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def alternatives_for(self, term: str) -> tuple[str, ...]:
        for word, others in self.alternatives:
            if word == term:
                return others
        return ()

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.number_agency or self.index_number)


@dataclass
class SearchQuery:
    query: ParsedQuery
    # Scope: None for 全部站点, else the tenant ids searched (本站 is one id; 本级及下级 is
    # expressed by subtree_of).
    sites: tuple[int, ...] | None = None
    subtree_of: int | None = None  # tenant id: that site and every site below it
    levels: tuple[str, ...] = ()
    content_types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # a top-level code matches its children too
    doctypes: tuple[str, ...] = ()
    years: tuple[int, ...] = ()  # year of published_at
    validity: tuple[str, ...] = ()
    sort: str = "relevance"  # or "date" (newest first)
    page: int = 1
    page_size: int = PAGE_SIZE
    facets: bool = True
    collapse: bool = True  # copies collapse onto their canonical document

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def served_page(self) -> tuple[int, int]:
        """(page, page size) as every backend serves them: a page below 1 (or not a number)
        is the first, a page size is kept between 1 and MAX_PAGE_SIZE. A page past the
        result window stays as asked: backends refuse it with a notice (messages.TOO_DEEP)."""
        page = max(_int(self.page, 1), 1)
        size = min(max(_int(self.page_size, PAGE_SIZE), 1), MAX_PAGE_SIZE)
        return page, size


@dataclass
class SearchHit:
    id: str
    url: str
    title: str  # plain text
    title_highlighted: str  # HTML: escaped text with <em> around matches
    snippet: str  # HTML: escaped text with <em> around matches
    site_name: str
    site_level: str
    content_type: str
    published_at: datetime.datetime | None
    document_number: str = ""
    index_number: str = ""
    validity: str = ""
    score: float = 0.0
    other_copies: int = 0  # "另有 N 个站点转载"


@dataclass
class SearchResults:
    total: int
    hits: list[SearchHit]
    # facet name -> [(value, count), ...], most frequent first; values are codes/ids
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    notice: str = ""  # e.g. answered by the fallback backend; shown to the public in Chinese
    # The search found more than COUNT_LIMIT: the total is that many, meaning "at least".
    total_estimated: bool = False
    # The facet counts were counted over a sample of the matches (see each backend).
    facets_estimated: bool = False


class SearchUnavailable(Exception):  # noqa: N818 (it is a state, not a programming error)
    """The backend cannot answer now (engine down, timing out, overloaded).

    Search callers answer from the PostgreSQL backend with a notice instead; writers put
    the operation in the outbox (``search.outbox``) to be replayed later.
    """


class SearchBackend(ABC):
    """Writes are idempotent: indexing a document twice leaves one; deleting a missing one is fine."""

    name = ""
    count_limit = COUNT_LIMIT

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents; returns how many were written."""

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id."""

    @abstractmethod
    def delete_site(self, schema: str) -> None:
        """Remove every document of one site (suspended, or rebuilt from scratch)."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Run a query; never raises for anything a person can type."""

    @abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument], *, schema: str | None = None) -> int:
        """Replace the whole index (or one site's part of it) with `documents`.

        Search keeps answering from the old contents until the new ones are complete.
        """
