"""A site's error pages: its theme's 500 page for an error, never Django's debug page."""

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory

from cluster.tenants.views import site_server_error
from sites.portal.models import HomePage


def _fail(*args, **kwargs):
    raise RuntimeError("the database went away")


@pytest.mark.parametrize("schema", ["site_alpha", "site_beta"])
def test_a_failing_view_answers_the_sites_themed_500_page(schema, monkeypatch, alpha, beta):
    site = {"site_alpha": alpha, "site_beta": beta}[schema]
    monkeypatch.setattr(HomePage, "serve", _fail)
    assert settings.DEBUG is False
    client = Client(HTTP_HOST=site.primary_domain, raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.html.get("lang") == "zh-Hans"
    assert f"themes/{site.theme}/css/theme.css" in str(html.head)
    assert site.name in html.find("header").get_text()
    assert [h.get_text(strip=True) for h in html.find_all("h1")] == ["服务暂不可用"]
    assert "Traceback" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()


def test_the_500_page_is_rendered_without_a_database_query(beta, django_assert_num_queries):
    # As TenantHostMiddleware leaves it: the site on the request and on the connection.
    request = RequestFactory().get("/", HTTP_HOST="beta.localhost")
    request.tenant = beta
    connection.set_tenant(beta)
    with django_assert_num_queries(0):
        response = site_server_error(request)
    assert response.status_code == 500
    assert "乙县人民政府" in response.content.decode()


def test_production_settings_never_turn_debug_on():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cluster.settings.production",
        "SECRET_KEY": "production-check",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DEBUG": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip() == "False"
