"""The request bodies OpenSearch and Elasticsearch share: index settings and mapping,
document sources, the search body, and reading a search response back.

Plain dicts in, plain dicts out, no client: the two adapters in
``search.backends.elasticsearch`` send exactly these bodies, which is what the
Elasticsearch contract tests check without an Elasticsearch server.
"""

import datetime

from django.utils import timezone

from ..highlight import highlight as highlight_html
from ..highlight import needles
from ..query import document_number_text
from .base import (
    COUNT_LIMIT,
    MAX_RESULT_WINDOW,
    ParsedQuery,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
)

# Text is analysed by the built-in ``cjk`` analyzer (CJK bigrams). Bigrams cannot find a
# one-character query (税, 房), so a ``uni`` subfield keeps single characters for those; it
# is a separate field because unigrams among the bigrams would shift token positions and
# break phrases that cross from Chinese to digits (吉市政函〔2009〕53号).
ANALYSIS = {
    "analyzer": {
        "cjk_unigram": {
            "type": "custom",
            "tokenizer": "standard",  # emits every Han character as its own token
            "filter": ["cjk_width", "lowercase"],
        },
    },
}
SMARTCN_ANALYZER = "smartcn"
# The weight that puts an exact 发文字号 / 索引号 match above any text score.
NUMBER_BOOST = 1000.0
# Terms facets: how many values each facet lists.
FACET_SIZES = {
    "site": 100,
    "level": 10,
    "content_type": 10,
    "topic": 50,
    "doctype": 30,
    "year": 30,
    "validity": 10,
}
FACET_FIELDS = {
    "site": "tenant_id",
    "level": "site_level",
    "content_type": "content_type",
    "topic": "topic",
    "doctype": "doctype",
    "year": "year",
    "validity": "validity",
}
SNIPPET_SIZE = 160
SNIPPET_FIELD = "body.uni"
HIGHLIGHT_PRE, HIGHLIGHT_POST = "<em>", "</em>"
# The terms aggregation inside a facet's filter aggregation (see _aggregations).
FACET_VALUES = "values"
# Collapsed counts are cardinality aggregations: exact up to these numbers of documents,
# within a few percent above. Each costs about 8 bytes × precision per facet value, so the
# facets' is lower (40000 everywhere tripped a 512 MB node's circuit breaker).
TOTAL_PRECISION = 3000
FACET_PRECISION = 1000
# Up to COUNT_LIMIT matches (base.COUNT_LIMIT), hits are counted exactly and facets are
# counted over every match; past it, see search_body and counts_body.


def _text_field(*, smartcn: bool) -> dict:
    subfields = {"uni": {"type": "text", "analyzer": "cjk_unigram"}}
    if smartcn:
        subfields["smart"] = {"type": "text", "analyzer": SMARTCN_ANALYZER}
    return {"type": "text", "analyzer": "cjk", "fields": subfields}


# smartcn (an HMM segmenter) is by far the costliest analyzer: on bodies it cut bulk loading
# from about 2,500 to 400 documents a second on a 2-core node. Its words only add score to
# what the bigrams already matched, and a word in the title is what counts there, so bodies
# are analysed with bigrams and unigrams only.


def index_body(*, smartcn: bool, shards: int = 1, replicas: int = 1) -> dict:
    """Settings and mapping of one versioned index (``<prefix>-<version>``)."""
    keyword = {"type": "keyword"}
    return {
        "settings": {
            "index": {"number_of_shards": shards, "number_of_replicas": replicas},
            "analysis": ANALYSIS,
        },
        "mappings": {
            # A field the code does not know about is a bug, not something to guess a type for.
            "dynamic": "strict",
            "properties": {
                "id": keyword,
                "schema": keyword,
                "page_id": {"type": "long"},
                "tenant_id": {"type": "integer"},
                "site_name": keyword,
                "site_level": keyword,
                "site_path": {"type": "integer"},
                "url": {"type": "keyword", "index": False, "doc_values": False},
                "title": _text_field(smartcn=smartcn),
                "body": _text_field(smartcn=False),
                "content_type": keyword,
                "published_at": {"type": "date"},
                "year": {"type": "integer"},
                "topic": keyword,
                "topic_parent": keyword,
                "doctype": keyword,
                "issuers": {
                    "type": "keyword",
                    "fields": {"text": {"type": "text", "analyzer": "cjk"}},
                },
                "document_number": keyword,
                "number_agency": keyword,
                "number_year": {"type": "integer"},
                "number_serial": {"type": "integer"},
                "index_number": keyword,
                "written_date": {"type": "date"},
                "validity": keyword,
                "canonical": keyword,
                "is_copy": {"type": "boolean"},
                # When this version of the document was sent: a one-site rebuild deletes
                # what it did not rewrite by comparing with its own start.
                "indexed_at": {"type": "date"},
            },
        },
    }


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def publication_year(published_at: datetime.datetime | None) -> int | None:
    """The year people see on the page (Asia/Shanghai), not the UTC one."""
    if published_at is None:
        return None
    if timezone.is_aware(published_at):
        published_at = timezone.localtime(published_at)
    return published_at.year


def document_source(doc: SearchDocument, *, indexed_at: datetime.datetime) -> dict:
    return {
        "id": doc.id,
        "schema": doc.schema,
        "page_id": doc.page_id,
        "tenant_id": doc.tenant_id,
        "site_name": doc.site_name,
        "site_level": doc.site_level,
        "site_path": list(doc.site_path),
        "url": doc.url,
        "title": doc.title,
        "body": doc.body,
        "content_type": doc.content_type,
        "published_at": _iso(doc.published_at),
        "year": publication_year(doc.published_at),
        "topic": doc.topic or None,
        "topic_parent": doc.topic_parent or None,
        "doctype": doc.doctype or None,
        "issuers": list(doc.issuers),
        "document_number": doc.document_number or None,
        "number_agency": doc.number_agency or None,
        "number_year": doc.number_year,
        "number_serial": doc.number_serial,
        "index_number": doc.index_number or None,
        "written_date": _iso(doc.written_date),
        "validity": doc.validity or None,
        "canonical": doc.canonical,
        "is_copy": doc.canonical != doc.id,
        "indexed_at": indexed_at.isoformat(),
    }


# --- the search body ---------------------------------------------------------------------------


TEXT_FIELDS = ("title^3", "body", "issuers.text^2")
UNIGRAM_FIELDS = ("title.uni^3", "body.uni")


def _term_clause(term: str, *, smartcn: bool) -> dict:
    """One free-text word: most of its bigrams in one field, more score with smartcn words
    and with the word as a phrase in the title."""
    if len(term) == 1:
        return {"multi_match": {"query": term, "fields": list(UNIGRAM_FIELDS)}}
    should = [{"match_phrase": {"title": {"query": term, "boost": 2.0}}}]
    if smartcn:
        should.append(
            {
                "multi_match": {
                    "query": term,
                    "fields": ["title.smart^3"],
                    "operator": "and",
                }
            }
        )
    return {
        "bool": {
            "must": [
                {
                    "multi_match": {
                        "query": term,
                        "fields": list(TEXT_FIELDS),
                        "type": "best_fields",
                        "tie_breaker": 0.3,
                        # Up to two bigrams: all of them; longer words: three quarters, so
                        # 吉林市政务公开 still finds 吉林市人民政府……政务公开.
                        "minimum_should_match": "2<75%",
                    }
                }
            ],
            "should": should,
        }
    }


def _phrase_clause(phrase: str) -> dict:
    return {
        "multi_match": {
            "query": phrase,
            "fields": list(TEXT_FIELDS),
            "type": "phrase",
        }
    }


def _cited_clause(text: str) -> dict:
    """A 发文字号 or 索引号 cited in a title or body, as a phrase of single characters and
    numbers (the ``uni`` subfields): as bigrams, 53号 would not match 53号对 or 53号文件."""
    return {
        "multi_match": {
            "query": text,
            "fields": list(UNIGRAM_FIELDS),
            "type": "phrase",
            "boost": 2.0,
        }
    }


def _number_clauses(query: ParsedQuery) -> list[dict]:
    clauses = []
    if query.number_agency:
        exact = [{"term": {"number_agency": query.number_agency}}]
        if query.number_year is not None:
            exact.append({"term": {"number_year": query.number_year}})
            if query.number_serial is not None:
                exact.append({"term": {"number_serial": query.number_serial}})
        clauses.append(
            {"constant_score": {"filter": {"bool": {"filter": exact}}, "boost": NUMBER_BOOST}}
        )
    # Documents that cite the number in their text (an interpretation, a later notice)
    # come after the document that carries it.
    for cited in (document_number_text(query), query.index_number):
        if cited:
            clauses.append(_cited_clause(cited))
    if query.index_number:
        clauses.append(
            {
                "constant_score": {
                    "filter": {"term": {"index_number": query.index_number}},
                    "boost": NUMBER_BOOST,
                }
            }
        )
    return clauses


def _word_clause(query: ParsedQuery, term: str, *, smartcn: bool) -> dict:
    """A word, or any of its synonyms (ParsedQuery.alternatives)."""
    alternatives = query.alternatives_for(term)
    if not alternatives:
        return _term_clause(term, smartcn=smartcn)
    return {
        "bool": {
            "should": [_term_clause(word, smartcn=smartcn) for word in (term, *alternatives)],
            "minimum_should_match": 1,
        }
    }


def _text_query(query: ParsedQuery, *, smartcn: bool) -> dict | None:
    must = [_word_clause(query, term, smartcn=smartcn) for term in query.terms if term.strip()]
    must += [_phrase_clause(phrase) for phrase in query.phrases if phrase.strip()]
    if not must:
        return None
    return {"bool": {"must": must}}


def _scope_filters(search: SearchQuery) -> list[dict]:
    """本站, explicit sites, 本级及下级: where the person searches; facets stay inside it."""
    filters = []
    if search.sites is not None:
        filters.append({"terms": {"tenant_id": list(search.sites)}})
    if search.subtree_of is not None:
        filters.append({"term": {"site_path": search.subtree_of}})
    return filters


def _facet_filters(search: SearchQuery) -> dict[str, dict]:
    """The chosen facet values, by facet name (the site facet's choice is the scope)."""
    filters = {}
    for facet, values in (
        ("level", search.levels),
        ("content_type", search.content_types),
        ("doctype", search.doctypes),
        ("year", search.years),
        ("validity", search.validity),
    ):
        if values:
            filters[facet] = {"terms": {FACET_FIELDS[facet]: list(values)}}
    if search.topics:
        topics = list(search.topics)
        filters["topic"] = {
            "bool": {
                "should": [{"terms": {"topic": topics}}, {"terms": {"topic_parent": topics}}],
                "minimum_should_match": 1,
            }
        }
    return filters


def _post_filtered(search: SearchQuery) -> bool:
    """Whether the facet filters go in ``post_filter`` rather than in the query.

    Only when facets are counted and a facet value is chosen: each facet is then counted
    without its own filter (the other values of a chosen facet still show what they would
    give), in the same request. Otherwise the filters stay in the query, where they are
    cheaper (fewer documents scored).
    """
    return search.facets and bool(_facet_filters(search))


def _all_of(filters: list[dict]) -> dict:
    return {"bool": {"filter": filters}}


def _query(search: SearchQuery, *, smartcn: bool) -> dict:
    parsed = search.query
    alternatives = _number_clauses(parsed)
    text = _text_query(parsed, smartcn=smartcn)
    if text is not None:
        alternatives.append(text)
    if alternatives:
        core = {"bool": {"should": alternatives, "minimum_should_match": 1}}
    else:
        core = {"match_all": {}}
    return {
        "bool": {
            "must": [core],
            "filter": _scope_filters(search)
            + ([] if _post_filtered(search) else list(_facet_filters(search).values())),
        }
    }


def _sort(search: SearchQuery) -> list:
    newest = {"published_at": {"order": "desc", "missing": "_last"}}
    # Between equally good texts, the source before its syndicated copies. A sort key, not a
    # scoring clause: a clause matching nearly every document kept the engine from skipping
    # documents that cannot reach the page (政务公开 at 1M documents: 200 ms, 60 ms without).
    source_first = {"is_copy": {"order": "asc"}}
    if search.sort == "date" or search.query.is_empty:
        return [newest, "_score", source_first, {"id": "asc"}]
    return ["_score", source_first, newest, {"id": "asc"}]


def _aggregations(search: SearchQuery) -> dict:
    """One aggregation per facet. With facet filters in ``post_filter``, each facet is
    wrapped in a ``filter`` aggregation applying the other facets' filters (FACET_VALUES)."""
    chosen = _facet_filters(search) if _post_filtered(search) else {}
    aggs = {}
    for facet in FACET_SIZES:
        terms = {"field": FACET_FIELDS[facet], "size": FACET_SIZES[facet]}
        agg = {"terms": terms}
        if search.collapse:
            # Counted in documents, not copies: a policy republished by 30 sites is one.
            terms["order"] = [{"groups": "desc"}, {"_key": "asc"}]
            agg["aggs"] = {"groups": _groups(precision=FACET_PRECISION)}
        others = [clause for name, clause in chosen.items() if name != facet]
        if others:
            agg = {"filter": _all_of(others), "aggs": {FACET_VALUES: agg}}
        aggs[facet] = agg
    return aggs


def _groups(*, precision: int = TOTAL_PRECISION) -> dict:
    return {"cardinality": {"field": "canonical", "precision_threshold": precision}}


def _highlight(query: ParsedQuery) -> dict:
    """The snippet: the body around what the PostgreSQL backend marks too (search.highlight:
    whole words, phrases and numbers as typed, not every bigram that helped the match), found
    as phrases of single characters in ``body.uni``. Titles are marked in Python (_hit)."""
    highlight = {
        "encoder": "html",
        "pre_tags": [HIGHLIGHT_PRE],
        "post_tags": [HIGHLIGHT_POST],
        "fields": {
            SNIPPET_FIELD: {
                "fragment_size": 120,
                "number_of_fragments": 2,
                "no_match_size": SNIPPET_SIZE,
            },
        },
    }
    marks = needles(query)
    if marks:
        highlight["highlight_query"] = {
            "bool": {"should": [{"match_phrase": {SNIPPET_FIELD: mark}} for mark in marks]}
        }
    return highlight


def page_is_within_window(search: SearchQuery) -> bool:
    if search.page < 1 or search.page_size < 1:
        return False
    return search.offset + search.page_size <= MAX_RESULT_WINDOW


def search_body(search: SearchQuery, *, smartcn: bool, count_limit: int = COUNT_LIMIT) -> dict:
    """The request for the page of hits of a search without collapsing (facets: counts_body;
    with collapsing: ranking_body, then page_body and copies_body)."""
    within = page_is_within_window(search)
    body = {
        "query": _query(search, smartcn=smartcn),
        "from": search.offset if within else 0,
        # A page beyond the window is refused, not computed: only the total comes back.
        "size": search.page_size if within else 0,
        # Counting stops at count_limit: the engine may then skip documents that cannot
        # reach the page instead of scoring every match.
        "track_total_hits": count_limit,
        "sort": _sort(search),
        "_source": {"excludes": ["body"]},
        "highlight": _highlight(search.query),
    }
    if _post_filtered(search):
        body["post_filter"] = _all_of(list(_facet_filters(search).values()))
    return body


# Copies are collapsed onto their canonical document here, not by the engine: ``collapse``
# makes it score every match (no skipping of documents that cannot reach the page), which
# cost about 100 ms for a common word at a million documents. The best matches come back
# as ids and canonical ids (ranking_body), the first of each canonical id in order is its
# group's hit, and only the page's hits are fetched with snippets (page_body) and their
# copies counted (copies_body).


def ranking_body(search: SearchQuery, *, smartcn: bool, size: int, count_limit: int) -> dict:
    """The best `size` matches from the first, as ids and canonical ids only."""
    body = search_body(search, smartcn=smartcn, count_limit=count_limit)
    del body["highlight"]
    body.update({"from": 0, "size": size, "_source": False, "docvalue_fields": ["canonical"]})
    return body


def page_body(search: SearchQuery, ids: list[str], *, smartcn: bool) -> dict:
    """The page's documents, with snippets marked as search_body's would be."""
    highlight = _highlight(search.query)
    highlight.setdefault("highlight_query", _query(search, smartcn=smartcn))
    return {
        "query": {"ids": {"values": ids}},
        "size": len(ids),
        "_source": {"excludes": ["body"]},
        "highlight": highlight,
    }


def copies_body(search: SearchQuery, canonicals: list[str], *, smartcn: bool) -> dict:
    """How many of the results carry each of `canonicals` ("另有 N 个站点转载")."""
    filters = [_query(search, smartcn=smartcn), {"terms": {"canonical": canonicals}}]
    if _post_filtered(search):
        filters.append(_all_of(list(_facet_filters(search).values())))
    return {
        "query": _all_of(filters),
        "size": 0,
        "aggs": {"copies": {"terms": {"field": "canonical", "size": len(canonicals)}}},
    }


def canonical_of(raw: dict) -> str:
    """The canonical id of one of ranking_body's hits."""
    return raw.get("fields", {}).get("canonical", [raw["_id"]])[0]


def collapse_hits(raw_hits: list[dict]) -> list[dict]:
    """The first hit of each canonical id, in order (ranking_body's hits)."""
    groups: dict[str, dict] = {}
    for raw in raw_hits:
        groups.setdefault(canonical_of(raw), raw)
    return list(groups.values())


def copies_per_canonical(response: dict) -> dict[str, int]:
    buckets = response.get("aggregations", {}).get("copies", {}).get("buckets", [])
    return {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}


def counts_body(
    search: SearchQuery, *, smartcn: bool, count_limit: int = COUNT_LIMIT
) -> dict | None:
    """The request for the facets and the collapsed total, sent with search_body in one
    ``_msearch``; None when neither is wanted.

    Nothing is scored and collecting stops after count_limit matches per shard
    (``terminate_after``): every match of a search that finds fewer, the first count_limit
    in index order otherwise, and then the response says ``terminated_early`` and the
    counts are estimates. Facets over every match of a common word cost seconds at a
    million documents.
    """
    aggs = _aggregations(search) if search.facets else {}
    if search.collapse:
        groups = _groups()
        if _post_filtered(search):
            # Aggregations do not see post_filter: count the groups of the filtered hits.
            filters = list(_facet_filters(search).values())
            groups = {"filter": _all_of(filters), "aggs": {"total_groups": groups}}
        aggs["total_groups"] = groups
    if not aggs:
        return None
    return {
        "query": _query(search, smartcn=smartcn),
        "size": 0,
        "track_total_hits": True,
        "terminate_after": count_limit,
        "aggs": aggs,
    }


# --- reading a response ------------------------------------------------------------------------


def _parse_datetime(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    return datetime.datetime.fromisoformat(value)


def _snippet(fragments: list[str]) -> str:
    """Fragments joined; marks of adjacent characters merged (<em>依</em><em>申</em> → <em>依申</em>).

    The encoder escapes the text, so the only tags are the highlighter's own."""
    return " … ".join(fragments).replace(HIGHLIGHT_POST + HIGHLIGHT_PRE, "")


def _hit(raw: dict, *, copies: dict[str, int] | None, marks: list[str]) -> SearchHit:
    source = raw.get("_source", {})
    highlight = raw.get("highlight", {})
    title = source.get("title", "")
    title_highlighted = highlight_html(title, marks)
    snippet = _snippet(highlight.get(SNIPPET_FIELD, []))
    other_copies = 0
    if copies is not None:
        other_copies = max(copies.get(source.get("canonical", ""), 1) - 1, 0)
    return SearchHit(
        id=source.get("id", raw.get("_id", "")),
        url=source.get("url", ""),
        title=title,
        title_highlighted=title_highlighted,
        snippet=snippet,
        site_name=source.get("site_name", ""),
        site_level=source.get("site_level", ""),
        content_type=source.get("content_type", ""),
        published_at=_parse_datetime(source.get("published_at")),
        document_number=source.get("document_number") or "",
        index_number=source.get("index_number") or "",
        validity=source.get("validity") or "",
        score=float(raw.get("_score") or 0.0),
        other_copies=other_copies,
    )


def parse_response(
    response: dict,
    counts: dict | None,
    search: SearchQuery,
    *,
    hits: list[dict] | None = None,
    copies: dict[str, int] | None = None,
) -> SearchResults:
    """Results from the search_body (or ranking_body) response and the counts_body one
    (None if not sent); with collapsing, `hits` are the page's documents (page_body) and
    `copies` the results per canonical id (copies_body).

    Past count_limit matches the total is count_limit ("at least"). When the counts request
    stopped early but the hits did not, the total counts copies too (the groups were not
    all seen)."""
    hits_total = response["hits"]["total"]
    total_estimated = hits_total.get("relation", "eq") != "eq"
    total = int(hits_total["value"])
    counts = counts or {}
    aggregations = counts.get("aggregations", {})
    counted_all = not counts.get("terminated_early")
    groups = aggregations.get("total_groups")
    if search.collapse and groups and counted_all and not total_estimated:
        total = int(groups.get("total_groups", groups)["value"])
    facets = {}
    if search.facets:
        for facet in FACET_SIZES:
            agg = aggregations.get(facet, {})
            buckets = agg.get(FACET_VALUES, agg).get("buckets", [])
            facets[facet] = [
                (
                    str(bucket["key"]),
                    int(bucket["groups"]["value"] if "groups" in bucket else bucket["doc_count"]),
                )
                for bucket in buckets
            ]
    marks = needles(search.query)
    raw_hits = response["hits"]["hits"] if hits is None else hits
    return SearchResults(
        total=total,
        hits=[_hit(raw, copies=copies, marks=marks) for raw in raw_hits],
        facets=facets,
        total_estimated=total_estimated,
        facets_estimated=search.facets and not counted_all,
    )
