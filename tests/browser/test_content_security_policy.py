"""Content-Security-Policy holds on public pages and in the Wagtail admin: both work
under it and the browser reports no violation."""

import pytest
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD

# Recorded in the page itself: the browser fires this event for every blocked resource,
# inline script or style, whatever the console says.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _violations(page, console):
    return page.evaluate("window.__cspViolations") + [
        message for message in console if "Content Security Policy" in message
    ]


def _sign_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


@pytest.fixture
def watched_page(browser):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    yield page, console
    context.close()


@pytest.mark.django_db
def test_public_pages_work_under_the_policy(site_server, watched_page):
    page, console = watched_page
    base = f"http://alpha.localhost:{site_server.port}"
    for path in ("/", "/xxgk/", "/xxgk/ysqgk/", "/search/?q=通知"):
        response = page.goto(base + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert _violations(page, console) == [], path


@pytest.mark.django_db
def test_the_admin_works_under_the_policy(site_server, watched_page):
    page, console = watched_page
    base = f"http://alpha.localhost:{site_server.port}"
    _sign_in(page, base, "alpha_editor")
    with schema_context("site_alpha"):
        from wagtail.models import Page

        home_id = Page.objects.get(depth=2).pk
    for path in ("/admin/", f"/admin/pages/{home_id}/", f"/admin/pages/{home_id}/edit/"):
        response = page.goto(base + path)
        assert response.status == 200, path
        assert "content-security-policy" in response.headers
        page.wait_for_load_state("networkidle")
        assert _violations(page, console) == [], path
    # Wagtail's widgets whose inline scripts the policy blocks were started from
    # cluster/serving/static/serving/admin_csp.js instead (定时发布 date choosers).
    assert page.locator("[data-csp-init][data-csp-started]").count() >= 2
    assert page.locator("[data-csp-init]:not([data-csp-started])").count() == 0


@pytest.mark.django_db
def test_inline_panels_and_date_fields_work_under_the_policy(site_server, watched_page):
    """The policy document form: 发文机关 is an InlinePanel, 被替代文件 a page chooser,
    成文日期 a date chooser, all normally started by inline scripts the policy blocks."""
    page, console = watched_page
    base = f"http://alpha.localhost:{site_server.port}"
    _sign_in(page, base, "platform")
    with schema_context("site_alpha"):
        from wagtail.models import Page

        category_id = Page.objects.get(slug="art20-01", depth=5).pk
    page.goto(f"{base}/admin/pages/add/disclosure/policydocumentpage/{category_id}/")
    page.wait_for_load_state("networkidle")
    total = page.locator("#id_issuers-TOTAL_FORMS")
    before = int(total.input_value())
    page.locator("#id_issuers-ADD").click()
    page.wait_for_function(
        f"document.querySelector('#id_issuers-TOTAL_FORMS').value === '{before + 1}'"
    )
    # The new child form is live: its fields are in the page.
    assert page.locator(f"#id_issuers-{before}-name").count() == 1
    # A date field opens Wagtail's date picker (started by admin_csp.js).
    page.locator("#id_written_date").click()
    page.locator(".xdsoft_datetimepicker").locator("visible=true").first.wait_for()
    page.keyboard.press("Escape")
    # A page chooser (被替代文件) opens its modal.
    page.locator("#id_superseded_by-chooser [data-chooser-action-choose]").first.click()
    page.locator(".modal-dialog").locator("visible=true").first.wait_for()
    assert _violations(page, console) == []
