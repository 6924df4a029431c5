"""The Elasticsearch adapter sends what the OpenSearch adapter sends.

No Elasticsearch server runs here (the 8/9 client refuses OpenSearch), so both official
clients run unchanged down to their HTTP layer, which is replaced by a recorder that
answers like a stock cluster without the smartcn plugin. The recorded requests (path,
query parameters, JSON bodies) must be identical, and equal to the bodies built by
``search.backends.dsl``. The same backend suite also runs through the Elasticsearch client
against the OpenSearch node (see engine_fixtures), and against a real Elasticsearch
cluster when ELASTICSEARCH_URL is set.
"""

import json
import re
from dataclasses import replace
from urllib.parse import parse_qsl, unquote, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse
from opensearchpy import Connection

from search.backends import dsl
from search.backends.base import ParsedQuery, SearchQuery
from search.backends.elasticsearch import ElasticsearchClient, EngineBackend, OpenSearchClient
from tests.search.engine_fixtures import make_document

ACTIONS = {"index", "create", "delete", "update"}


def answer(method: str, path: str, body: bytes | None) -> tuple[int, dict]:
    """What a stock cluster (no smartcn plugin, nothing indexed yet) would answer."""
    if path.endswith("/_analyze"):
        return 400, {
            "error": {"type": "illegal_argument_exception", "reason": "failed to find analyzer"},
            "status": 400,
        }
    if method == "GET" and "/_alias/" in path:
        return 404, {"error": "alias missing", "status": 404}
    if path.endswith("/_bulk"):
        lines = [json.loads(line) for line in (body or b"").decode().splitlines() if line]
        actions = [line for line in lines if len(line) == 1 and set(line) <= ACTIONS]
        items = [{next(iter(action)): {"status": 200}} for action in actions]
        return 200, {"errors": False, "items": items}
    if path.endswith("/_search"):
        return 200, {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}
    if path.endswith("/_msearch"):
        searches = len([line for line in (body or b"").decode().splitlines() if line]) // 2
        empty = {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}
        return 200, {"responses": [empty] * searches}
    if path.endswith("/_delete_by_query"):
        return 200, {"deleted": 0, "failures": []}
    return 200, {"acknowledged": True}


class Recorder:
    def __init__(self):
        self.requests = []

    def record(self, method: str, target: str, body: bytes | None):
        url = urlsplit(target)
        if body:
            text = body.decode() if isinstance(body, bytes) else body
            parsed = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            parsed = []
        # Versions and write times differ between two runs; everything else must not.
        normalised = re.sub(
            r'"\d{4}-\d\d-\d\dT[^"]*"', '"<time>"', json.dumps(parsed, ensure_ascii=False)
        )
        normalised = re.sub(r"-\d{20}", "-<version>", normalised)
        path = re.sub(r"-\d{20}", "-<version>", unquote(url.path))
        self.requests.append((path, sorted(parse_qsl(url.query)), json.loads(normalised)))
        return answer(method, url.path, body if isinstance(body, bytes | None) else body.encode())


def elasticsearch_backend(recorder: Recorder) -> EngineBackend:
    class RecordingNode(BaseNode):
        def perform_request(self, method, target, body=None, headers=None, **kwargs):
            status, data = recorder.record(method, target, body)
            meta = ApiResponseMeta(
                status=status,
                http_version="1.1",
                headers=HttpHeaders(
                    {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
                ),
                duration=0.0,
                node=self.config,
            )
            return NodeApiResponse(meta, json.dumps(data).encode())

    client = ElasticsearchClient("http://es.invalid:9200", node_class=RecordingNode)
    return EngineBackend(client, prefix="contract")


def opensearch_backend(recorder: Recorder) -> EngineBackend:
    class RecordingConnection(Connection):
        def perform_request(self, method, url, params=None, body=None, **kwargs):
            # The client has already encoded the parameter values (bytes).
            query = "&".join(
                f"{key}={value.decode() if isinstance(value, bytes) else value}"
                for key, value in (params or {}).items()
            )
            status, data = recorder.record(method, f"{url}?{query}", body)
            raw = json.dumps(data)
            if status >= 300:
                self._raise_error(status, raw, "application/json")
            return status, {"content-type": "application/json"}, raw

    client = OpenSearchClient("http://os.invalid:9200", connection_class=RecordingConnection)
    return EngineBackend(client, prefix="contract")


FULL_QUERY = SearchQuery(
    ParsedQuery(
        raw='政务公开 "工作要点" 吉市政函〔2009〕53号',
        terms=("政务公开", "税"),
        phrases=("工作要点",),
        number_agency="吉市政函",
        number_year=2009,
        number_serial=53,
        index_number="TCXXGK-2013-004232",
    ),
    sites=(1, 2),
    subtree_of=1,
    levels=("city",),
    content_types=("policy_document",),
    topics=("01",),
    doctypes=("notice",),
    years=(2009,),
    validity=("current",),
    sort="date",
    page=2,
)


def exercise(backend: EngineBackend) -> None:
    documents = [make_document(page_id=1, title="政务公开"), make_document(page_id=2)]
    backend.index(documents)
    backend.delete(["site_a:1"])
    backend.delete_site("site_a")
    backend.search(FULL_QUERY)
    backend.search(SearchQuery(ParsedQuery(raw="政务公开", terms=("政务公开",)), collapse=False))
    backend.search(SearchQuery(ParsedQuery(raw="政务公开", terms=("政务公开",)), page=500))
    backend.rebuild(documents)
    backend.rebuild(documents, schema="site_a")


def test_the_elasticsearch_adapter_sends_the_same_requests_as_the_opensearch_adapter():
    sent_by_elasticsearch, sent_by_opensearch = Recorder(), Recorder()
    exercise(elasticsearch_backend(sent_by_elasticsearch))
    exercise(opensearch_backend(sent_by_opensearch))
    assert len(sent_by_elasticsearch.requests) > 15
    assert sent_by_elasticsearch.requests == sent_by_opensearch.requests


def test_the_search_requests_are_the_ones_the_query_builder_makes():
    recorder = Recorder()
    backend = elasticsearch_backend(recorder)
    backend.search(FULL_QUERY)
    path, params, (ranking_header, ranking, counts_header, counts) = recorder.requests[-1]
    assert params == []
    assert path == "/contract/_msearch"
    assert ranking_header == counts_header == {}
    # Page 2 of a collapsed search: the best 30 matches as ids, to fold copies away.
    assert ranking == dsl.ranking_body(FULL_QUERY, smartcn=False, size=30, count_limit=10_000)
    assert counts == dsl.counts_body(FULL_QUERY, smartcn=False)
    assert "collapse" not in ranking
    assert ranking["_source"] is False

    uncollapsed = replace(FULL_QUERY, collapse=False)
    backend.search(uncollapsed)
    _path, _params, (_header, hits, _header2, _counts) = recorder.requests[-1]
    assert hits == dsl.search_body(uncollapsed, smartcn=False)
    assert hits["highlight"]["encoder"] == "html"


def test_counting_is_bounded_and_the_page_of_hits_has_no_aggregations():
    hits = dsl.search_body(FULL_QUERY, smartcn=False, count_limit=500)
    counts = dsl.counts_body(FULL_QUERY, smartcn=False, count_limit=500)

    assert hits["track_total_hits"] == 500
    assert "aggs" not in hits
    assert "collapse" not in hits
    assert counts["terminate_after"] == 500
    assert counts["size"] == 0
    assert set(counts["aggs"]) == {*dsl.FACET_SIZES, "total_groups"}


def test_without_facets_or_collapse_no_counts_request_is_made():
    query = SearchQuery(
        ParsedQuery(raw="政务公开", terms=("政务公开",)), facets=False, collapse=False
    )
    assert dsl.counts_body(query, smartcn=False) is None


def test_on_a_cluster_without_smartcn_the_mapping_is_cjk_only():
    recorder = Recorder()
    backend = elasticsearch_backend(recorder)
    backend.ensure_index()
    assert backend.has_smartcn() is False
    _, _, (body,) = next(request for request in recorder.requests if request[0] == "/contract-0")
    expected = dsl.index_body(smartcn=False, shards=1, replicas=1)
    expected["aliases"] = {"contract": {}}
    assert body == expected
    assert "smart" not in json.dumps(body["mappings"])
    assert body["mappings"]["properties"]["title"]["analyzer"] == "cjk"
