"""The search-engine backend: OpenSearch 2.x (``opensearch-py``) or Elasticsearch 8/9
(``elasticsearch``), one mapping and one query builder (``search.backends.dsl``).

The index lives behind an alias (``<prefix>``) pointing at a versioned index
(``<prefix>-<version>``). A full rebuild fills a new version, then swaps the alias in one
``_aliases`` call and deletes the old version, so search never goes down. While a rebuild
runs the new version also carries the alias ``<prefix>-next``, and every live write goes
to both aliases, so a page published during the rebuild is not lost by the swap.

Engine trouble (refused connection, timeout, 5xx, 429) surfaces as ``SearchUnavailable``:
search callers answer from PostgreSQL, writers queue in the outbox (``search.outbox``).
"""

import dataclasses
import datetime
import functools
import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.utils import timezone

from .. import messages
from . import dsl
from .base import (
    MAX_RESULT_WINDOW,
    SearchBackend,
    SearchDocument,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
)

logger = logging.getLogger(__name__)

INDEX = "index"
DELETE = "delete"
DELETE_SITE = "delete_site"
# While a new version is loaded: no refreshes (it is not searched before the swap), and the
# translog is fsynced every few seconds rather than after every bulk request (a crash loses
# the version being built, which a rebuild starts again anyway). Both back to their
# defaults (None) before the swap.
LOADING_SETTINGS = {"index": {"refresh_interval": "-1", "translog.durability": "async"}}
LIVE_SETTINGS = {"index": {"refresh_interval": None, "translog.durability": None}}
# The most matches a collapsed search ranks to fill its page (the engine's default
# index.max_result_window): the result window and the copies folded into it fit well within.
MAX_RANKED = 10_000
# ("index", SearchDocument) | ("delete", document id) | ("delete_site", schema)
Operation = tuple[str, object]


class EngineRequestError(Exception):
    """The engine refused a request (4xx): a bug in the request, not an outage."""

    def __init__(self, status, info):
        super().__init__(f"{status}: {info}")
        self.status = status
        self.info = info

    @property
    def error_type(self) -> str:
        info = self.info
        if isinstance(info, dict):
            error = info.get("error")
            if isinstance(error, dict):
                return str(error.get("type", ""))
            return str(error or "")
        return str(info or "")


class EngineRejected(Exception):  # noqa: N818 (named after what the engine did)
    """The engine answered but refused some operations of a write (by position)."""

    def __init__(self, failures: dict[int, str]):
        super().__init__(f"{len(failures)} operation(s) refused: {next(iter(failures.values()))}")
        self.failures = failures


def _unavailable(status) -> bool:
    return not isinstance(status, int) or status >= 500 or status == 429


# --- the two client adapters -------------------------------------------------------------------


class EngineClient(ABC):
    """The few engine APIs the backend uses, with plain-dict bodies and one error policy."""

    flavour = ""

    @abstractmethod
    def _translate(self, error: Exception) -> Exception | None:
        """The SearchUnavailable / EngineRequestError for a client error, None if foreign."""

    def _call(self, method, **kwargs):
        try:
            response = method(**kwargs)
        except Exception as error:
            translated = self._translate(error)
            if translated is None:
                raise
            raise translated from error
        return getattr(response, "body", response)

    @property
    @abstractmethod
    def client(self): ...

    def analyze(self, body: dict) -> dict:
        return self._call(self.client.indices.analyze, body=body)

    def create_index(self, name: str, body: dict) -> None:
        self._call(self.client.indices.create, index=name, body=body)

    def delete_indices(self, names: Iterable[str]) -> None:
        names = list(names)
        if names:
            self._call(self.client.indices.delete, index=",".join(names), ignore_unavailable=True)

    def alias_targets(self, alias: str) -> list[str]:
        try:
            return sorted(self._call(self.client.indices.get_alias, name=alias))
        except EngineRequestError as error:
            if error.status == 404:
                return []
            raise

    def update_aliases(self, body: dict) -> None:
        self._call(self.client.indices.update_aliases, body=body)

    def put_settings(self, index: str, body: dict) -> None:
        self._call(self.client.indices.put_settings, index=index, body=body)

    def refresh(self, index: str) -> None:
        self._call(self.client.indices.refresh, index=index, ignore_unavailable=True)

    def bulk(self, operations: list[dict], *, refresh: bool, require_alias: bool) -> dict:
        params = {"require_alias": True} if require_alias else {}
        if refresh:
            params["refresh"] = "true"
        return self._call(self.client.bulk, body=operations, **params)

    def delete_by_query(self, index: str, body: dict, *, refresh: bool) -> dict:
        params = {"refresh": True} if refresh else {}
        return self._call(
            self.client.delete_by_query,
            index=index,
            body=body,
            conflicts="proceed",
            ignore_unavailable=True,
            allow_no_indices=True,
            **params,
        )

    def search(self, index: str, body: dict) -> dict:
        return self._call(self.client.search, index=index, body=body)

    def msearch(self, index: str, bodies: list[dict]) -> list[dict]:
        """Several searches in one request; an answer each, in order. A search the engine
        refused raises as search() would (the first one found)."""
        lines = [line for body in bodies for line in ({}, body)]
        responses = self._call(self.client.msearch, index=index, body=lines)["responses"]
        for response in responses:
            if "error" in response:
                status = response.get("status", 500)
                if _unavailable(status):
                    raise SearchUnavailable(f"The engine answered {status}: {response['error']}")
                raise EngineRequestError(status, response)
        return responses


class OpenSearchClient(EngineClient):
    flavour = "opensearch"

    def __init__(self, url: str, *, timeout: float = 10.0, max_retries: int = 1, **options):
        from opensearchpy import OpenSearch

        self._client = OpenSearch(
            hosts=[url], timeout=timeout, max_retries=max_retries, retry_on_timeout=False, **options
        )

    @property
    def client(self):
        return self._client

    def _translate(self, error):
        from opensearchpy.exceptions import ConnectionError as EngineConnectionError
        from opensearchpy.exceptions import TransportError

        if isinstance(error, EngineConnectionError):  # includes timeouts
            return SearchUnavailable(f"OpenSearch unreachable: {error}")
        if isinstance(error, TransportError):
            if _unavailable(error.status_code):
                return SearchUnavailable(f"OpenSearch answered {error.status_code}: {error.error}")
            return EngineRequestError(error.status_code, error.info)
        return None


class ElasticsearchClient(EngineClient):
    """Elasticsearch 8/9. The client checks the ``X-Elastic-Product`` header of every answer
    and refuses other servers (``UnsupportedProductError``), so this adapter cannot be tried
    on the OpenSearch test node as is; its tests replace the HTTP node class."""

    flavour = "elasticsearch"

    def __init__(self, url: str, *, timeout: float = 10.0, max_retries: int = 1, **options):
        from elasticsearch import Elasticsearch

        self._client = Elasticsearch(
            url,
            request_timeout=timeout,
            max_retries=max_retries,
            retry_on_timeout=False,
            **options,
        )

    @property
    def client(self):
        return self._client

    def _translate(self, error):
        from elastic_transport import TransportError
        from elasticsearch import ApiError, UnsupportedProductError

        if isinstance(error, UnsupportedProductError):
            logger.error("SEARCH_ENGINE=elasticsearch but the server is not Elasticsearch")
            return SearchUnavailable(f"not an Elasticsearch server: {error}")
        if isinstance(error, TransportError):  # connection refused, timeouts, TLS
            return SearchUnavailable(f"Elasticsearch unreachable: {error}")
        if isinstance(error, ApiError):
            if _unavailable(error.status_code):
                return SearchUnavailable(f"Elasticsearch answered {error.status_code}")
            return EngineRequestError(error.status_code, error.body)
        return None


# --- the backend -------------------------------------------------------------------------------


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _version() -> str:
    return timezone.now().astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")


def _item_error(item: dict) -> tuple[int, str | None]:
    """(status, error text or None) of one bulk response item."""
    (result,) = item.values()
    error = result.get("error")
    if error is None:
        return result.get("status", 200), None
    if isinstance(error, dict):
        return result.get("status", 400), f"{error.get('type')}: {error.get('reason')}"
    return result.get("status", 400), str(error)


class EngineBackend(SearchBackend):
    name = "engine"

    def __init__(
        self,
        client: EngineClient,
        *,
        prefix: str = "cluster-search",
        smartcn: bool | None = None,
        shards: int = 1,
        replicas: int = 1,
        refresh: bool = False,
        chunk_size: int = 500,
    ):
        """`smartcn`: None detects the analyzer on the cluster; `refresh`: make every write
        visible at once (tests, the demo), instead of within the engine's refresh interval."""
        self.client = client
        self.alias = prefix
        self.next_alias = f"{prefix}-next"
        self.shards = shards
        self.replicas = replicas
        self.refresh = refresh
        self.chunk_size = chunk_size
        self._smartcn = smartcn
        self._alias_ready = False

    # --- index management ----------------------------------------------------------------

    def has_smartcn(self) -> bool:
        """Whether the cluster has the smartcn analyzer (the plugin), asked once."""
        if self._smartcn is None:
            try:
                self.client.analyze({"analyzer": dsl.SMARTCN_ANALYZER, "text": "政务公开"})
            except EngineRequestError:
                self._smartcn = False
            else:
                self._smartcn = True
        return self._smartcn

    def index_name(self, version: str) -> str:
        return f"{self.alias}-{version}"

    def create_index(self, *, version: str | None = None, aliases: Iterable[str] = ()) -> str:
        name = self.index_name(version or _version())
        body = dsl.index_body(
            smartcn=self.has_smartcn(), shards=self.shards, replicas=self.replicas
        )
        aliases = list(aliases)
        if aliases:
            body["aliases"] = {alias: {} for alias in aliases}
        self.client.create_index(name, body)
        return name

    def ensure_index(self) -> None:
        """Create the first version and its alias if the cluster has none yet."""
        if self._alias_ready:
            return
        if not self.client.alias_targets(self.alias):
            try:
                # A fixed first version: two processes starting at once create it only once.
                self.create_index(version="0", aliases=[self.alias])
            except EngineRequestError as error:
                if "already_exists" not in error.error_type:
                    raise
        self._alias_ready = True

    # --- writes ----------------------------------------------------------------------------

    def apply(self, operations: Iterable[Operation]) -> list[str | None]:
        """Send operations in order; per operation, None if the engine accepted it, else why not.

        Raises SearchUnavailable (nothing to assume about what was applied; every operation
        is idempotent, so sending them again is safe)."""
        self.ensure_index()
        operations = list(operations)
        outcomes: list[str | None] = [None] * len(operations)
        lines: list[dict] = []
        positions: list[int | None] = []  # per bulk action: its operation, None for -next
        now = timezone.now()

        def flush():
            if not lines:
                return
            response = self.client.bulk(lines, refresh=self.refresh, require_alias=True)
            if response.get("errors"):
                for position, item in zip(positions, response["items"], strict=True):
                    status, error = _item_error(item)
                    if position is None or error is None:
                        continue  # -next only exists during a rebuild
                    if "delete" in item and status == 404:
                        continue
                    outcomes[position] = error
            lines.clear()
            positions.clear()

        for position, (kind, value) in enumerate(operations):
            if kind == DELETE_SITE:
                flush()
                self.client.delete_by_query(
                    f"{self.alias},{self.next_alias}",
                    {"query": {"term": {"schema": value}}},
                    refresh=self.refresh,
                )
                continue
            for alias, marker in ((self.alias, position), (self.next_alias, None)):
                if kind == INDEX:
                    lines.append({"index": {"_index": alias, "_id": value.id}})
                    lines.append(dsl.document_source(value, indexed_at=now))
                elif kind == DELETE:
                    lines.append({"delete": {"_index": alias, "_id": value}})
                else:
                    raise ValueError(f"unknown operation {kind!r}")
                positions.append(marker)
            if len(positions) >= 2 * self.chunk_size:
                flush()
        flush()
        return outcomes

    def _apply_all(self, operations: Iterable[Operation]) -> int:
        written = 0
        for chunk in _chunks(operations, self.chunk_size):
            outcomes = self.apply(chunk)
            failures = {i: error for i, error in enumerate(outcomes) if error is not None}
            if failures:
                raise EngineRejected(failures)
            written += len(chunk)
        return written

    def index(self, documents: Iterable[SearchDocument]) -> int:
        return self._apply_all((INDEX, document) for document in documents)

    def delete(self, ids: Iterable[str]) -> None:
        self._apply_all((DELETE, document_id) for document_id in ids)

    def delete_site(self, schema: str) -> None:
        self._apply_all([(DELETE_SITE, schema)])

    def rebuild(self, documents: Iterable[SearchDocument], *, schema: str | None = None) -> int:
        if schema is not None:
            return self._rebuild_site(documents, schema)
        new = self.create_index(aliases=[self.next_alias])
        try:
            self.client.put_settings(new, LOADING_SETTINGS)
            written = self._load(new, documents)
            self.client.put_settings(new, LIVE_SETTINGS)
            self.client.refresh(new)
            old = self.client.alias_targets(self.alias)
            actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
            actions += [
                {"add": {"index": new, "alias": self.alias}},
                {"remove": {"index": new, "alias": self.next_alias}},
            ]
            self.client.update_aliases({"actions": actions})
        except BaseException:
            self.client.delete_indices([new])
            raise
        self.client.delete_indices(old)
        self._alias_ready = True
        return written

    def _load(self, index: str, documents: Iterable[SearchDocument]) -> int:
        """Bulk-create documents in a new version; a live write that got there first wins."""
        written = 0
        for chunk in _chunks(documents, self.chunk_size):
            now = timezone.now()
            lines = []
            for document in chunk:
                lines.append({"create": {"_index": index, "_id": document.id}})
                lines.append(dsl.document_source(document, indexed_at=now))
            response = self.client.bulk(lines, refresh=False, require_alias=False)
            if response.get("errors"):
                for position, item in enumerate(response["items"]):
                    status, error = _item_error(item)
                    if error is not None and status != 409:
                        raise EngineRejected({position: error})
            written += len(chunk)
        return written

    def _rebuild_site(self, documents: Iterable[SearchDocument], schema: str) -> int:
        """One site within the live version: rewrite its documents, then delete those of its
        documents that were not rewritten (older than this rebuild). Its old documents stay
        searchable until the new ones are in."""
        self.ensure_index()
        now = timezone.now()
        started = now.replace(microsecond=now.microsecond // 1000 * 1000)  # the engine keeps ms

        def checked():
            for document in documents:
                if document.schema != schema:
                    raise ValueError(f"{document.id} is not a document of {schema}")
                yield document

        written = self.index(checked())
        self.client.delete_by_query(
            f"{self.alias},{self.next_alias}",
            {
                "query": {
                    "bool": {
                        "filter": [
                            {"term": {"schema": schema}},
                            {"range": {"indexed_at": {"lt": started.isoformat()}}},
                        ]
                    }
                }
            },
            refresh=self.refresh,
        )
        return written

    # --- search ----------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """As the PostgreSQL backend answers: nothing typed is no search (messages.EMPTY_QUERY);
        a bad page is the first; a page past the result window gets the total and facets but
        no hits, and says why (messages.TOO_DEEP)."""
        if query.query is None or query.query.is_empty:
            return SearchResults(total=0, hits=[], notice=messages.EMPTY_QUERY)
        page, size = query.served_page()
        if (page, size) != (query.page, query.page_size):
            query = dataclasses.replace(query, page=page, page_size=size)
        try:
            if query.collapse and dsl.page_is_within_window(query):
                results = self._collapsed(query)
            else:
                results = self._uncollapsed(query)
        except EngineRequestError as error:
            if error.status == 404:  # nothing indexed yet
                return SearchResults(total=0, hits=[], facets={})
            # Our request is wrong, not the person's query: answer from the fallback.
            logger.exception("The search engine refused a search request")
            raise SearchUnavailable(str(error)) from error
        if not dsl.page_is_within_window(query):
            results.notice = messages.TOO_DEEP.format(window=MAX_RESULT_WINDOW)
        return results

    def _counts(self, query: SearchQuery) -> list[dict]:
        counts = dsl.counts_body(query, smartcn=self.has_smartcn(), count_limit=self.count_limit)
        return [] if counts is None else [counts]

    def _uncollapsed(self, query: SearchQuery) -> SearchResults:
        body = dsl.search_body(query, smartcn=self.has_smartcn(), count_limit=self.count_limit)
        # Hits and counts at once: the node runs them side by side.
        response, *counted = self.client.msearch(self.alias, [body, *self._counts(query)])
        return dsl.parse_response(response, counted[0] if counted else None, query)

    def _collapsed(self, query: SearchQuery) -> SearchResults:
        """Copies collapsed onto their canonical document (see dsl.ranking_body)."""
        smartcn, limit = self.has_smartcn(), self.count_limit
        wanted = query.offset + query.page_size
        # A few more than the page needs, for the copies that will fold away (one in
        # twenty documents is a copy in a large cluster); asked again for more if short.
        size = wanted + max(query.page_size, wanted // 10)
        extra, counts = self._counts(query), None
        while True:
            body = dsl.ranking_body(query, smartcn=smartcn, size=size, count_limit=limit)
            ranked, *counted = self.client.msearch(self.alias, [body, *extra])
            if extra:
                counts, extra = (counted[0] if counted else None), []
            matches = ranked["hits"]["hits"]
            groups = dsl.collapse_hits(matches)
            if len(groups) >= wanted or len(matches) < size or size >= MAX_RANKED:
                break
            size = min(size * 2, MAX_RANKED)
        page = groups[query.offset : wanted]
        hits, copies = [], {}
        if page:
            ids = [raw["_id"] for raw in page]
            canonicals = [dsl.canonical_of(raw) for raw in page]
            fetched, counted_copies = self.client.msearch(
                self.alias,
                [
                    dsl.page_body(query, ids, smartcn=smartcn),
                    dsl.copies_body(query, canonicals, smartcn=smartcn),
                ],
            )
            by_id = {raw["_id"]: raw for raw in fetched["hits"]["hits"]}
            scores = {raw["_id"]: raw.get("_score") for raw in page}
            hits = [{**by_id[id_], "_score": scores[id_]} for id_ in ids if id_ in by_id]
            copies = dsl.copies_per_canonical(counted_copies)
        return dsl.parse_response(ranked, counts, query, hits=hits, copies=copies)


def engine_client(url: str, flavour: str = "opensearch", **options) -> EngineClient:
    if flavour == "opensearch":
        return OpenSearchClient(url, **options)
    if flavour == "elasticsearch":
        return ElasticsearchClient(url, **options)
    raise ValueError(f"SEARCH_ENGINE must be opensearch or elasticsearch, not {flavour!r}")


@functools.cache
def engine_backend() -> EngineBackend | None:
    """The configured engine backend, or None when SEARCH_URL is empty (PostgreSQL search)."""
    if not settings.SEARCH_URL:
        return None
    client = engine_client(settings.SEARCH_URL, settings.SEARCH_ENGINE)
    return EngineBackend(client, prefix=settings.SEARCH_INDEX_PREFIX)
