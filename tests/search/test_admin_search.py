"""Wagtail's admin search inside a site finds pages by Chinese words in titles and bodies."""

from django_tenants.utils import schema_context
from wagtail.models import Page

from tests.conftest import admin_login
from tests.sites.disclosure.conftest import make_document


def test_admin_search_finds_chinese_words_inside_titles_and_bodies(alpha):
    with schema_context("site_alpha"):
        document = make_document(
            title="关于做好政务公开工作的通知", summary="进一步优化营商环境，方便企业办事。"
        )
        found = Page.objects.search("政务公开")
        assert document.pk in [page.pk for page in found]
        assert document.pk in [page.pk for page in Page.objects.search("营商环境")]
        assert document.pk not in [page.pk for page in Page.objects.search("城市管理")]
    client, _ = admin_login("alpha.localhost", "platform")
    body = client.get("/admin/pages/search/", {"q": "政务公开"}).content.decode()
    assert "关于做好政务公开工作的通知" in body
