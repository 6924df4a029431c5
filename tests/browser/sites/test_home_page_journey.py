"""An editor composes a home page block in the Wagtail admin and submits it; a reviewer
approves; the public home page shows the block. A real Chromium against a live server."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from cluster.accounts.services import account_create, account_set_active, role_grant, role_revoke
from cluster.tenants.models import SiteRole, Tenant
from tests.conftest import PASSWORD, committed

FIND_EMPTY_LINK = """() => {
  const inputs = [...document.querySelectorAll('input[name$="-value-links-0-value-title"]')];
  const empty = inputs.find((input) => input.value === "");
  return empty ? empty.name : null;
}"""


def _sign_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


def _public_home(browser, base) -> str:
    """The home page as an anonymous visitor's browser sees it."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/")
    html = page.content()
    context.close()
    return html


def _reviewer_open():
    with schema_context("public"):
        alpha = Tenant.objects.get(schema_name="site_alpha")
        user = get_user_model().objects.filter(username="alpha_reviewer").first()
        if user is None:
            user = account_create(username="alpha_reviewer", password=PASSWORD, name="甲审核")
        account_set_active(user=user, active=True)
        role_grant(user=user, tenant=alpha, role=SiteRole.Role.REVIEWER)
        return user


def _reviewer_close(user):
    with schema_context("public"):
        alpha = Tenant.objects.get(schema_name="site_alpha")
        role_revoke(user=user, tenant=alpha, role=SiteRole.Role.REVIEWER)
        account_set_active(user=user, active=False)


@pytest.fixture
def alpha_reviewer(db):
    """A reviewer of 甲市 for this test, committed for the server thread to see; the
    account cannot be deleted from the public schema alone (Wagtail keeps its profile
    per site), so it is closed afterwards."""
    user = committed(_reviewer_open)
    yield user
    committed(_reviewer_close, user)


def _home_restore(revision_id):
    from wagtail.models import Revision, WorkflowState

    with schema_context("site_alpha"):
        WorkflowState.objects.all().delete()
        before = Revision.objects.get(pk=revision_id)
        before.publish()
        # The revisions the journey made go too: the home page is as it was.
        Revision.objects.filter(object_id=before.object_id, pk__gt=before.pk).delete()


def _home_revision_ensure():
    """The home page's live revision; a seeded home page has none, so one is made of it
    as seeded, to return to."""
    from sites.portal.models import HomePage

    with schema_context("site_alpha"):
        home = HomePage.objects.get()
        if home.live_revision_id is None:
            revision = home.save_revision()
            revision.publish()
            return revision.pk
        return home.live_revision_id


@pytest.fixture
def alpha_home(db):
    """The home page, restored to the revision it had once the test is over."""
    from sites.portal.models import HomePage

    before = committed(_home_revision_ensure)
    with schema_context("site_alpha"):
        home = HomePage.objects.get()
    yield home
    committed(_home_restore, before)


@pytest.mark.django_db
def test_an_editor_composes_a_home_block_a_reviewer_approves_and_the_public_sees_it(
    site_server, browser, alpha_reviewer, alpha_home
):
    base = f"http://alpha.localhost:{site_server.port}"
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    _sign_in(page, base, "alpha_editor")
    page.goto(f"{base}/admin/pages/{alpha_home.pk}/edit/")
    # The last 插入 button of the body adds a block at its end.
    page.locator("[data-contentpath=body] .c-sf-add-button").last.click()
    page.get_by_role("option", name="政务服务").click()
    name = page.wait_for_function(FIND_EMPTY_LINK).json_value()
    prefix = name.removesuffix("-value-links-0-value-title")
    page.locator(f"input[name='{prefix}-value-heading']").fill("便民服务")
    page.locator(f"input[name='{name}']").fill("社保查询")
    page.locator(f"input[name='{prefix}-value-links-0-value-url']").fill(
        "https://www.example.gov.cn/shebao/"
    )
    # Editors submit to the site's news review (新闻审核) rather than publish.
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.locator("footer button[name=action-submit]").click()
    page.wait_for_url(f"{base}/admin/pages/**")
    assert "便民服务" not in _public_home(browser, base)
    context.close()

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    _sign_in(page, base, "alpha_reviewer")
    page.goto(f"{base}/admin/pages/{alpha_home.pk}/edit/")
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    # The button submits the edit form with the workflow action: the page reloads.
    with page.expect_navigation():
        page.locator(
            "footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
        ).click()
    page.wait_for_load_state("networkidle")
    context.close()
    public = _public_home(browser, base)
    assert "便民服务" in public and "https://www.example.gov.cn/shebao/" in public
