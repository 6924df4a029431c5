"""The search API answers as its OpenAPI document says, for inputs a property-based run makes up."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

from tests.conftest import host_client


@pytest.fixture
def api_schema(alpha):
    app = get_wsgi_application()
    return schemathesis.openapi.from_wsgi("/api/schema/", app, headers={"Host": "alpha.localhost"})


def test_the_openapi_document_is_served(alpha):
    response = host_client("alpha.localhost").get("/api/schema/")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.") and "/api/search/" in document["paths"]


def test_every_generated_request_gets_a_response_matching_the_schema(api_schema):
    operation = api_schema["/api/search/"]["GET"]

    @settings(
        max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers={"Host": "alpha.localhost"})
        assert response.status_code < 500, response.text[:500]
        case.validate_response(response)

    run()
