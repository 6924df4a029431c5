import pytest
from django_tenants.utils import schema_context
from wagtail.models import Page

from sites.core.models import ColumnPage
from sites.news.models import ArticlePage, NewsIndexPage
from sites.portal.models import HomePage, SearchPage
from tests.conftest import host_client


@pytest.mark.parametrize(
    "page_type,parent_type,allowed",
    [
        (HomePage, Page, True),
        (NewsIndexPage, HomePage, True),
        (NewsIndexPage, ColumnPage, False),
        (ArticlePage, NewsIndexPage, True),
        (ArticlePage, ColumnPage, True),
        (ArticlePage, HomePage, False),
        (ColumnPage, HomePage, True),
        (ColumnPage, ArticlePage, False),
        (SearchPage, HomePage, True),
        (SearchPage, ColumnPage, False),
    ],
)
def test_page_types_are_creatable_only_under_their_parents(page_type, parent_type, allowed):
    assert (page_type in parent_type.allowed_subpage_models()) is allowed
    assert (parent_type in page_type.allowed_parent_page_models()) is allowed


def test_home_and_search_pages_are_one_per_site(alpha):
    with schema_context("site_alpha"):
        home = HomePage.objects.get()
        assert not HomePage.can_create_at(Page.get_first_root_node())
        assert not SearchPage.can_create_at(home)


def test_every_page_type_renders(alpha, django_capture_on_commit_callbacks):
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        news = NewsIndexPage.objects.get(slug="news")
        article = ArticlePage(
            title="测试文章标题", source="办公室", body=[("paragraph", "<p>正文内容</p>")]
        )
        news.add_child(instance=article)
        # Published: the search index learns of it when the transaction commits.
        article.save_revision().publish()
    client = host_client("alpha.localhost")
    for path, text in [
        ("/", "测试文章标题"),
        ("/news/", "测试文章标题"),
        (f"/news/{article.slug}/", "正文内容"),
        ("/xxgk/", "政府信息公开"),
        ("/search/?q=测试", "<em>测试</em>文章标题"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert text in response.content.decode(), path


def test_article_page_shows_the_breadcrumb_and_escapes_its_title(alpha):
    with schema_context("site_alpha"):
        news = NewsIndexPage.objects.get(slug="news")
        article = ArticlePage(title="<script>alert(1)</script>通知", slug="xss")
        news.add_child(instance=article)
        article.save_revision().publish()
    body = host_client("alpha.localhost").get("/news/xss/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "当前位置" in body and "新闻动态" in body
