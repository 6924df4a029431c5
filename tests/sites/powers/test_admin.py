"""The 权责清单 in each site's admin: who may see and change it, and the import form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from cluster.accounts.services import account_create, role_grant
from cluster.tenants.models import SiteRole
from sites.powers.models import PowerItem
from sites.powers.services import power_create
from tests.conftest import PASSWORD, admin_login

from .conftest import power_data, row, xlsx


@pytest.fixture
def beta_editor(beta):
    editor = account_create(username="beta_editor", password=PASSWORD, name="乙编辑")
    role_grant(user=editor, tenant=beta, role=SiteRole.Role.EDITOR)
    return editor


def test_an_editor_of_another_site_cannot_see_this_sites_powers(alpha, beta, beta_editor):
    with schema_context("site_alpha"):
        item = power_create(data=power_data(name="甲市的许可事项"))
    client, _response = admin_login("alpha.localhost", "beta_editor")
    for path in ("/admin/powers/", f"/admin/powers/{item.pk}/", "/admin/powers/export.xlsx"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # On their own site they see their own list, without alpha's item.
    own, _response = admin_login("beta.localhost", "beta_editor")
    listing = own.get("/admin/powers/?status=all")
    assert listing.status_code == 200
    assert "甲市的许可事项" not in listing.content.decode()


def test_a_reviewer_may_look_but_not_change_or_import(beta, accounts):
    with schema_context("site_beta"):
        item = power_create(data=power_data(name="乙县的许可事项"))
    client, _response = admin_login("beta.localhost", "beta_reviewer")
    assert "乙县的许可事项" in client.get("/admin/powers/").content.decode()
    assert client.get(f"/admin/powers/{item.pk}/").status_code == 200
    changed = client.post(f"/admin/powers/{item.pk}/", {**power_data(), "name": "改名"})
    assert changed.status_code == 302 and changed["Location"] == "/admin/"
    assert client.get("/admin/powers/import/").status_code == 302
    assert client.post(f"/admin/powers/{item.pk}/cancel/", {"reason": "x"}).status_code == 302
    with schema_context("site_beta"):
        item.refresh_from_db()
        assert item.name == "乙县的许可事项" and item.is_current


def test_an_editor_edits_an_item_and_its_history_shows_the_change(alpha, accounts):
    with schema_context("site_alpha"):
        item = power_create(data=power_data())
    client, _response = admin_login("alpha.localhost", "alpha_editor")
    response = client.post(
        f"/admin/powers/{item.pk}/", {**power_data(), "name": "食品经营许可（新）"}
    )
    assert response.status_code == 302
    page = client.get(f"/admin/powers/{item.pk}/").content.decode()
    assert "事项名称：“食品经营许可” → “食品经营许可（新）”" in page
    assert "甲编辑" in page


def test_importing_a_file_with_a_bad_row_shows_the_rows_errors_and_imports_nothing(alpha, accounts):
    client, _response = admin_login("alpha.localhost", "alpha_editor")
    sheet = xlsx([row("XK-001"), row("XK-002", category="行政许诺")])
    upload = SimpleUploadedFile("权责清单.xlsx", sheet.getvalue())
    response = client.post("/admin/powers/import/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "表格中有 1 处错误，没有导入任何事项" in html
    assert "第3行：事项类别“行政许诺”不是规定的类别之一" in html
    with schema_context("site_alpha"):
        assert not PowerItem.objects.exists()
    good = SimpleUploadedFile("权责清单.xlsx", xlsx([row("XK-001"), row("XK-002")]).getvalue())
    response = client.post("/admin/powers/import/", {"file": good}, follow=True)
    assert "导入完成：新增2项，更新0项，0项没有变化。" in response.content.decode()


def test_the_template_downloads_as_a_workbook(alpha, accounts):
    client, _response = admin_login("alpha.localhost", "alpha_editor")
    response = client.get("/admin/powers/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_sites_made_before_the_app_get_its_permissions_for_their_roles(alpha):
    """The data migration grants what a new site gets from the template."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    migration = import_module("sites.powers.migrations.0002_role_permissions")
    with schema_context("site_alpha"):
        Permission.objects.filter(content_type__app_label="powers").delete()
        migration.grant(apps, None)
        editors = Group.objects.get(name="编辑").permissions.filter(
            content_type__app_label="powers"
        )
        assert set(editors.values_list("codename", flat=True)) == {
            "view_poweritem",
            "add_poweritem",
            "change_poweritem",
        }
        assert editors.get(codename="add_poweritem").name == "可以添加权责事项"
        reviewers = Group.objects.get(name="审核").permissions.filter(
            content_type__app_label="powers"
        )
        assert list(reviewers.values_list("codename", flat=True)) == ["view_poweritem"]
