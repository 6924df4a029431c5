"""Page links name the site's primary domain and public scheme, wherever it is served."""

import re

from django.test import override_settings
from django_tenants.utils import schema_context

from cluster.onboarding.services import domain_make_primary, site_create
from cluster.tenants.models import Domain, Tenant
from tests.conftest import host_client, make_credit_code


@override_settings(PUBLIC_SCHEME="https", PUBLIC_PORT=None)
def test_a_site_onboarded_behind_https_links_its_pages_over_https(db):
    from wagtail.models import Page, Site

    tenant = site_create(
        name="丙区人民政府",
        level=Tenant.Level.COUNTY,
        credit_code=make_credit_code("11220200013599993"),
        site_code="9900000003",
        domain="gamma.localhost",
        schema_name="site_gamma",
    )
    assert tenant.url("/xxgk/") == "https://gamma.localhost/xxgk/"
    with schema_context("site_gamma"):
        assert Site.objects.get().root_url == "https://gamma.localhost"
        # Wagtail's own absolute URLs (e-mails, background work) come from the Site record.
        assert Page.objects.get(slug="xxgk").full_url == "https://gamma.localhost/xxgk/"


@override_settings(PUBLIC_SCHEME="https", PUBLIC_PORT=None)
def test_a_new_primary_domain_moves_the_page_links_with_it(alpha):
    from wagtail.models import Page

    with schema_context("site_alpha"):
        assert Page.objects.get(slug="xxgk").full_url.startswith("http://alpha.localhost/")
    domain_make_primary(
        domain=Domain.objects.create(tenant=alpha, domain="www.alpha.localhost", is_primary=False)
    )
    alpha.refresh_from_db()
    assert alpha.url() == "https://www.alpha.localhost/"
    with schema_context("site_alpha"):
        assert Page.objects.get(slug="xxgk").full_url == "https://www.alpha.localhost/xxgk/"


@override_settings(PUBLIC_SCHEME="http", PUBLIC_PORT=8000)
def test_a_non_standard_public_port_is_part_of_the_address(alpha):
    assert alpha.url("/admin/") == "http://alpha.localhost:8000/admin/"


def _url_meta(response) -> str:
    return re.search(r'<meta name="Url" content="([^"]*)">', response.content.decode()).group(1)


@override_settings(DEBUG=True, PUBLIC_PORT=8000)
def test_in_development_page_links_follow_the_port_of_the_request(alpha):
    response = host_client("alpha.localhost:8123").get("/xxgk/")
    assert response.status_code == 200
    assert _url_meta(response) == "http://alpha.localhost:8123/xxgk/"


@override_settings(PUBLIC_SCHEME="https", PUBLIC_PORT=None)
def test_in_production_page_links_ignore_the_back_end_host_and_port(alpha):
    Domain.objects.create(tenant=alpha, domain="alpha-alias.localhost", is_primary=False)
    response = host_client("alpha-alias.localhost:8080").get("/xxgk/")
    assert response.status_code == 200
    assert _url_meta(response) == "https://alpha.localhost/xxgk/"
