"""The search API answers as its OpenAPI document says, for inputs a property-based run makes up.

Schemathesis generates the requests from the served OpenAPI document and sends them over
HTTP to a live server thread on the test database.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings

from search.api import openapi_document
from tests.conftest import host_client


def test_the_openapi_document_is_served(alpha):
    response = host_client("alpha.localhost").get("/api/schema/")
    assert response.status_code == 200
    document = response.json()
    assert document == openapi_document()
    assert document["openapi"].startswith("3.") and "/api/search/" in document["paths"]


def test_every_generated_request_gets_a_response_matching_the_schema(alpha, site_server):
    port = site_server.port
    schema = schemathesis.openapi.from_dict(openapi_document())
    operation = schema["/api/search/"]["GET"]

    @settings(
        max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(
            base_url=f"http://127.0.0.1:{port}", headers={"Host": f"alpha.localhost:{port}"}
        )
        assert response.status_code < 500, response.text[:500]
        case.validate_response(response)

    try:
        run()
    finally:
        # The live server committed its query log rows; leave the database as found.
        from search.models import QueryLogEntry
        from tests.conftest import committed

        committed(lambda: QueryLogEntry.objects.all().delete())
