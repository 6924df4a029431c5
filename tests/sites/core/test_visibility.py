"""One rule for what the public sees, on every public surface."""

from django_tenants.utils import schema_context
from wagtail.models import Page, PageViewRestriction

from sites.core.visibility import Visibility, full_text_pages, page_visibility, public_pages
from tests.conftest import host_client
from tests.sites.disclosure.conftest import make_document


def _column():
    return Page.objects.get(slug="sjwj", depth=3)


def test_a_not_disclosed_document_is_in_no_column_listing_feed_or_home_page(alpha):
    with schema_context("site_alpha"):
        column = _column()
        secret = make_document(
            column,
            title="不予公开的内部文件",
            disclosure_method="not_disclosed",
            non_disclosure_reason="内部事务",
        )
        shown = make_document(column, title="主动公开的通知")
        assert page_visibility(secret) == Visibility.HIDDEN
        assert secret.pk not in public_pages().values_list("pk", flat=True)
    client = host_client("alpha.localhost")
    for path in ("/sjwj/", "/", "/feeds/rss/", f"/feeds/rss/{column.pk}/"):
        body = client.get(path).content.decode()
        assert "不予公开的内部文件" not in body, path
    assert "主动公开的通知" in client.get("/sjwj/").content.decode()
    assert shown.title in client.get(f"/feeds/rss/{column.pk}/").content.decode()


def test_an_on_request_document_is_listed_but_its_text_is_not_published(alpha):
    with schema_context("site_alpha"):
        document = make_document(
            _column(),
            title="依申请公开的批复",
            disclosure_method="on_request",
            non_disclosure_reason="涉及个人信息",
            summary="批复的具体内容摘要",
        )
        assert page_visibility(document) == Visibility.METADATA
        assert document.pk in public_pages().values_list("pk", flat=True)
        assert document.pk not in full_text_pages().values_list("pk", flat=True)
    feed = host_client("alpha.localhost").get("/feeds/rss/").content.decode()
    assert "依申请公开的批复" in feed and "批复的具体内容摘要" not in feed


def test_a_password_protected_page_is_hidden_everywhere(alpha):
    with schema_context("site_alpha"):
        column = _column()
        document = make_document(column, title="受密码保护的文件")
        PageViewRestriction.objects.create(page=document, restriction_type="password", password="x")
        assert page_visibility(document) == Visibility.HIDDEN
        assert document.pk not in public_pages().values_list("pk", flat=True)
    for path in ("/sjwj/", "/feeds/rss/"):
        assert "受密码保护的文件" not in host_client("alpha.localhost").get(path).content.decode()
