"""With SEARCH_URL set, publishing reaches the engine too; when it is down, nothing is lost."""

import json
import socket
import uuid
from urllib.parse import urlsplit

import pytest
from django_tenants.utils import schema_context

from search.backends import registry
from search.models import EngineOutboxEntry
from tests.conftest import host_client
from tests.search.engine_fixtures import drop_indices
from tests.sites.disclosure.conftest import make_document


@pytest.fixture
def configured_engine(settings, search_node_url):
    settings.SEARCH_URL = search_node_url
    settings.SEARCH_ENGINE = "opensearch"
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    registry.reset()
    yield registry.engine_backend()
    drop_indices(registry.engine_backend())
    registry.reset()


@pytest.fixture
def engine_down(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SEARCH_URL = f"http://127.0.0.1:{port}"
    settings.SEARCH_ENGINE = "opensearch"
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    registry.reset()
    yield
    registry.reset()


def _publish(django_capture_on_commit_callbacks, **fields):
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        return make_document(**fields)


def _api(**params):
    return json.loads(host_client("beta.localhost").get("/api/search/", params).content)


def test_publishing_indexes_into_the_engine_and_search_answers_from_it(
    alpha, beta, configured_engine, django_capture_on_commit_callbacks
):
    _publish(
        django_capture_on_commit_callbacks,
        title="关于做好政务公开工作的通知",
        document_number="吉市政函〔2009〕53号",
    )
    configured_engine.client.refresh(configured_engine.alias)
    body = _api(q="吉市政函", scope="all")
    assert body["notice"] == "" and body["results"][0]["document_number"] == "吉市政函〔2009〕53号"
    assert body["results"][0]["site"]["name"] == "甲市人民政府"


def test_with_the_engine_down_search_falls_back_and_writes_wait_in_the_outbox(
    alpha, beta, engine_down, django_capture_on_commit_callbacks
):
    _publish(django_capture_on_commit_callbacks, title="关于做好政务公开工作的通知")
    assert EngineOutboxEntry.objects.filter(operation="index").count() == 1
    body = _api(q="政务公开", scope="all")
    assert "备用索引" in body["notice"]
    assert body["results"][0]["title"] == "关于做好政务公开工作的通知"


def test_with_the_engine_down_pages_the_search_page_and_the_api_still_answer(
    alpha, beta, engine_down, django_capture_on_commit_callbacks
):
    document = _publish(django_capture_on_commit_callbacks, title="关于做好政务公开工作的通知")
    with schema_context("site_alpha"):
        path = urlsplit(document.get_url()).path
    client = host_client("alpha.localhost")
    for public_page in ("/", path):
        response = client.get(public_page)
        assert response.status_code == 200, public_page
    assert "关于做好政务公开工作的通知" in client.get(path).content.decode()

    page = client.get("/search/", {"q": "政务公开", "scope": "all"})
    assert page.status_code == 200
    # From PostgreSQL, said so, the document linked with the query highlighted.
    assert (
        "备用索引" in page.content.decode()
        and f'{path}">关于做好<em>政务公开</em>' in page.content.decode()
    )
    api = client.get("/api/search/", {"q": "政务公开", "scope": "all"})
    assert api.status_code == 200
    assert api.json()["results"][0]["title"] == "关于做好政务公开工作的通知"
