"""A real OpenSearch node for the engine tests, and backends on it.

The node (infra/search-node, docs/decisions/0006-search-test-node.md) is started once per
test run and tied to the pytest process (SEARCH_NODE_OWNER_PID), so a crashed run leaves
no node behind. When it cannot start, every test that needs it fails with the node's log:
a skipped engine test would read as a pass.

The Elasticsearch adapter runs the same suite through the official ``elasticsearch``
client: its HTTP node class is replaced by one that forwards to the OpenSearch node, with
the two header differences patched (Elasticsearch's versioned media type on the way out,
the ``X-Elastic-Product`` header the client insists on, on the way back). Everything above
the HTTP layer, request bodies included, is the real client. With ELASTICSEARCH_URL set,
the suite also runs against that real Elasticsearch cluster.
"""

import dataclasses
import datetime
import os
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from elastic_transport import HttpHeaders, Urllib3HttpNode
from elastic_transport._node._base import NodeApiResponse

from search.backends.base import SearchDocument
from search.backends.elasticsearch import ElasticsearchClient, EngineBackend, OpenSearchClient

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / "infra" / "search-node"
# Figures shown at the end of the run (tests/search/conftest.py: pytest_terminal_summary).
MEASUREMENTS: dict[str, str] = {}
FLAVOURS = ["opensearch", "elasticsearch"] + (
    ["elasticsearch-real"] if os.environ.get("ELASTICSEARCH_URL") else []
)


def _node_log_tail(lines: int = 60) -> str:
    state = Path(os.environ.get("SEARCH_NODE_STATE_DIR", NODE_DIR / ".state"))
    log = state / "node.log"
    if not log.exists():
        return f"(no {log})"
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def search_node_url():
    """SEARCH_URL of a running OpenSearch node, started for this run and stopped after it."""
    env = dict(os.environ, SEARCH_NODE_OWNER_PID=str(os.getpid()))
    started = time.monotonic()
    try:
        result = subprocess.run(  # noqa: S603 (our own script)
            [str(NODE_DIR / "run")], env=env, capture_output=True, text=True, timeout=900
        )
    except subprocess.TimeoutExpired as error:
        result = subprocess.CompletedProcess(error.cmd, 1, "", f"timed out after {error.timeout} s")
    urls = [
        line.removeprefix("SEARCH_URL=")
        for line in result.stdout.splitlines()
        if line.startswith("SEARCH_URL=")
    ]
    if result.returncode != 0 or not urls:
        # REQUIRE_SEARCH_ENGINE=1 (CI) and a plain run alike: a failure, never a skip.
        pytest.fail(
            f"The OpenSearch test node did not start (infra/search-node/run exited "
            f"{result.returncode}).\n--- run's stderr ---\n{result.stderr[-4000:]}\n"
            f"--- node log tail ---\n{_node_log_tail()}",
            pytrace=False,
        )
    MEASUREMENTS["node start (run → healthy)"] = f"{time.monotonic() - started:.1f} s"
    yield urls[0]
    subprocess.run([str(NODE_DIR / "stop")], env=env, capture_output=True, check=False)  # noqa: S603


class OpenSearchAsElasticsearchNode(Urllib3HttpNode):
    """The elasticsearch client's HTTP node, talking to OpenSearch (see the module doc)."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        headers = HttpHeaders(headers or {})
        for name in ("accept", "content-type"):
            if name in headers:
                ndjson = "ndjson" in headers[name]
                headers[name] = "application/x-ndjson" if ndjson else "application/json"
        response = super().perform_request(method, target, body=body, headers=headers, **kwargs)
        response_headers = HttpHeaders(response.meta.headers)
        response_headers["X-Elastic-Product"] = "Elasticsearch"
        meta = dataclasses.replace(response.meta, headers=response_headers)
        return NodeApiResponse(meta, response.body)


def make_client(flavour: str, url: str, **options):
    if flavour == "opensearch":
        return OpenSearchClient(url, **options)
    if flavour == "elasticsearch":
        return ElasticsearchClient(url, node_class=OpenSearchAsElasticsearchNode, **options)
    return ElasticsearchClient(os.environ["ELASTICSEARCH_URL"], **options)


def prefix_indices(backend: EngineBackend) -> list[str]:
    """Every index named after the backend's prefix (the tests' prefixes are unique)."""
    raw = backend.client.client
    response = raw.indices.get(index=f"{backend.alias}-*", ignore_unavailable=True)
    return sorted(getattr(response, "body", response))


def stored_ids(backend: EngineBackend) -> list[str]:
    """The ids of every document the backend's index holds, sorted.

    Read with a plain match_all, not through ``search``: an empty query is no search
    (it answers messages.EMPTY_QUERY, as on PostgreSQL)."""
    raw = backend.client.client
    response = raw.search(
        index=backend.alias,
        body={"query": {"match_all": {}}, "size": 1000, "_source": False},
        ignore_unavailable=True,
    )
    hits = getattr(response, "body", response)["hits"]["hits"]
    return sorted(hit["_id"] for hit in hits)


def drop_indices(backend: EngineBackend) -> None:
    backend.client.delete_indices(prefix_indices(backend))


def new_backend(flavour: str, url: str, **options) -> EngineBackend:
    options.setdefault("replicas", 0)
    options.setdefault("refresh", True)
    return EngineBackend(
        make_client(flavour, url), prefix=f"test-{uuid.uuid4().hex[:12]}", **options
    )


@pytest.fixture(params=FLAVOURS)
def engine(request, search_node_url):
    """An empty backend with its own index prefix, on each client flavour."""
    backend = new_backend(request.param, search_node_url)
    yield backend
    drop_indices(backend)


@pytest.fixture
def opensearch_engine(search_node_url):
    backend = new_backend("opensearch", search_node_url)
    yield backend
    drop_indices(backend)


def make_document(
    schema: str = "site_a", page_id: int = 1, *, tenant_id: int = 1, **fields
) -> SearchDocument:
    values = {
        "id": f"{schema}:{page_id}",
        "schema": schema,
        "page_id": page_id,
        "tenant_id": tenant_id,
        "site_name": f"站点{tenant_id}",
        "site_level": "city",
        "site_path": (tenant_id,),
        "url": f"http://{schema}.localhost/{page_id}/",
        "title": f"页面{page_id}",
        "body": "",
        "content_type": "page",
        "published_at": datetime.datetime(2024, 1, 1, 9, tzinfo=datetime.UTC),
    }
    values.update(fields)
    return SearchDocument(**values)
