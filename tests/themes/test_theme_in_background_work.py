"""Themes and sign-in find the site from the schema, in background work as in requests."""

from django.template.loader import get_template
from django_tenants.utils import schema_context

from cluster.accounts.backends import ClusterAccountBackend
from cluster.onboarding.services import site_set_status
from tests.conftest import PASSWORD


def test_a_task_rendering_in_a_sites_schema_gets_that_sites_theme(alpha, beta):
    # schema_context puts a FakeTenant on the connection, as a background task does.
    with schema_context("site_beta"):
        assert "/themes/azure/" in get_template("base.html").origin.name
    with schema_context("site_alpha"):
        assert "/themes/default/" in get_template("base.html").origin.name


def test_sign_in_under_a_schema_context_applies_the_sites_suspension(beta):
    site_set_status(tenant=beta, status="suspended")
    with schema_context("site_beta"):
        assert (
            ClusterAccountBackend().authenticate(None, username="beta_reviewer", password=PASSWORD)
            is None
        )
    site_set_status(tenant=beta, status="active")
    with schema_context("site_beta"):
        assert ClusterAccountBackend().authenticate(
            None, username="beta_reviewer", password=PASSWORD
        )
