"""A citizen finds a policy document from the home page in at most three clicks, on a
desktop and on a 360 px phone, without the page ever scrolling sideways."""

import pytest
from django_tenants.utils import schema_context

from tests.conftest import committed

TITLE = "甲市人民政府关于便民服务的通知"


def _document_publish():
    from tests.sites.disclosure.conftest import make_document

    with schema_context("site_alpha"):
        return make_document(title=TITLE, document_number="甲政发〔2026〕88号").pk


def _document_remove(pk):
    from wagtail.models import Page

    with schema_context("site_alpha"):
        Page.objects.get(pk=pk).delete()


@pytest.fixture
def published_document(db):
    """Committed, for the server thread to see; removed afterwards."""
    pk = committed(_document_publish)
    yield pk
    committed(_document_remove, pk)


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.django_db
def test_a_citizen_finds_a_policy_document_from_the_home_page_in_three_clicks(
    site_server, browser, published_document, width
):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"http://alpha.localhost:{site_server.port}/")
    clicks = 0
    # Through the catalog and its category, as someone who does not see the document among
    # the newest on the home page would.
    for link in ("更多政策文件", "法规文件", TITLE):
        page.get_by_role("link", name=link).first.click()
        page.wait_for_load_state()
        clicks += 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert clicks <= 3
    assert page.locator("h1").inner_text().strip() == TITLE
    assert "甲政发〔2026〕88号" in page.content()
    context.close()
