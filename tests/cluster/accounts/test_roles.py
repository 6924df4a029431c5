import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from cluster.accounts.services import account_create, account_set_active, role_grant, role_revoke
from cluster.tenants.models import SiteRole, Tenant
from tests.conftest import PASSWORD, admin_login


def _local(schema, username):
    with schema_context(schema):
        return get_user_model().objects.filter(username=username).first()


def _local_groups(schema, username):
    with schema_context(schema):
        return list(
            get_user_model().objects.get(username=username).groups.values_list("name", flat=True)
        )


def test_granting_a_role_creates_a_local_user_in_that_site_only(alpha, beta):
    person = account_create(username="new_person", password=PASSWORD, name="新人")
    role_grant(user=person, tenant=beta, role=SiteRole.Role.EDITOR)
    local = _local("site_beta", "new_person")
    assert local is not None and local.identity == person.identity
    assert not local.has_usable_password()
    assert _local_groups("site_beta", "new_person") == ["编辑"]
    assert _local("site_alpha", "new_person") is None


def test_revoking_the_last_role_ends_the_session_on_that_site(alpha):
    person = account_create(username="leaver", password=PASSWORD, name="离职")
    role_grant(user=person, tenant=alpha, role=SiteRole.Role.EDITOR)
    client, response = admin_login("alpha.localhost", "leaver")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    role_revoke(user=person, tenant=alpha, role=SiteRole.Role.EDITOR)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    _client, response = admin_login("alpha.localhost", "leaver")
    assert response.status_code == 200


def test_role_change_from_editor_to_reviewer_grants_publishing(alpha):
    from wagtail.models import Page

    person = account_create(username="promoted", password=PASSWORD, name="升任")
    role_grant(user=person, tenant=alpha, role=SiteRole.Role.EDITOR)
    with schema_context("site_alpha"):
        news = Page.objects.get(slug="news")
        local = get_user_model().objects.get(username="promoted")
        assert not news.permissions_for_user(local).can_publish_subpage()
    role_grant(user=person, tenant=alpha, role=SiteRole.Role.REVIEWER)
    role_revoke(user=person, tenant=alpha, role=SiteRole.Role.EDITOR)
    with schema_context("site_alpha"):
        local = get_user_model().objects.get(username="promoted")
        assert news.permissions_for_user(local).can_publish_subpage()


def test_a_person_can_hold_different_roles_on_different_sites(alpha, beta):
    person = account_create(username="two_hats", password=PASSWORD, name="双岗")
    role_grant(user=person, tenant=alpha, role=SiteRole.Role.EDITOR)
    role_grant(user=person, tenant=beta, role=SiteRole.Role.REVIEWER)
    assert _local_groups("site_alpha", "two_hats") == ["编辑"]
    assert _local_groups("site_beta", "two_hats") == ["审核"]


def test_groups_are_per_site_so_membership_on_one_site_grants_nothing_on_another(alpha, beta):
    from django.contrib.auth.models import Group

    with schema_context("site_alpha"):
        alpha_editors = list(
            Group.objects.get(name="编辑").user_set.values_list("username", flat=True)
        )
    with schema_context("site_beta"):
        beta_editors = list(
            Group.objects.get(name="编辑").user_set.values_list("username", flat=True)
        )
    assert "alpha_editor" in alpha_editors
    assert "alpha_editor" not in beta_editors


def test_platform_admin_gets_into_every_site(alpha, beta):
    for host in ("alpha.localhost", "beta.localhost"):
        client, response = admin_login(host, "platform")
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200


def test_disabled_account_is_refused_everywhere(alpha, accounts):
    account_set_active(user=accounts["alpha_editor"], active=False)
    _client, response = admin_login("alpha.localhost", "alpha_editor")
    assert response.status_code == 200


def test_wrong_password_is_refused(alpha):
    _client, response = admin_login("alpha.localhost", "alpha_editor", "wrong-password")
    assert response.status_code == 200


def test_roles_cannot_be_granted_on_the_platform_itself(accounts):
    platform = Tenant.objects.get(schema_name="public")
    with pytest.raises(ValidationError):
        role_grant(user=accounts["alpha_editor"], tenant=platform, role=SiteRole.Role.EDITOR)
