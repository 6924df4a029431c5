"""Articles and documents on paper: text and metadata table, no navigation or toolbar,
the links' addresses written out."""

import pytest

DISPLAY = "(selector) => getComputedStyle(document.querySelector(selector)).display"


@pytest.mark.django_db
def test_a_printed_policy_document_keeps_its_metadata_and_drops_the_furniture(
    site_server, site_pages, browser
):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"http://alpha.localhost:{site_server.port}{site_pages['policy_document']}")
        assert page.evaluate(DISPLAY, ".main-nav") != "none"
        page.emulate_media(media="print")
        for furniture in (".access-bar", ".main-nav", ".site-header__search", ".breadcrumbs"):
            assert page.evaluate(DISPLAY, furniture) == "none", furniture
        # The phone's reflowed metadata is a table again on paper.
        assert page.evaluate(DISPLAY, ".metadata") == "table"
        assert page.evaluate(DISPLAY, ".metadata tr") == "table-row"
        link = ".related a[href]"
        after = page.evaluate(
            "(s) => getComputedStyle(document.querySelector(s), '::after').content", link
        )
        assert page.locator(link).first.get_attribute("href") in after
    finally:
        context.close()
