"""The home page's blocks: listings follow their columns through the public rule, links
are checked, the 站群导航 follows the site registry and its changes purge the page."""

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from cluster.onboarding.services import site_set_status
from tests.conftest import host_client
from tests.sites.disclosure.conftest import make_document

ALPHA = "alpha.localhost"


def _home_body(host=ALPHA) -> str:
    return host_client(host).get("/").content.decode()


def _article(column_slug: str, title: str, *, image=None, publish=True):
    from sites.news.models import ArticlePage, NewsIndexPage

    body = [("paragraph", "<p>正文</p>")]
    if image is not None:
        body.insert(0, ("image", {"image": image, "caption": "图注"}))
    article = ArticlePage(title=title, body=body, live=False)
    NewsIndexPage.objects.get(slug=column_slug).add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
    return article


def test_listings_show_the_newest_public_pages_of_their_column_and_nothing_else(alpha):
    with schema_context("site_alpha"):
        _article("news", "已发布的要闻")
        _article("news", "尚未发布的草稿", publish=False)
        _article("tzgg", "一则通知公告")
        make_document(title="首页列出的政策文件", document_number="甲政发〔2026〕1号")
        make_document(
            title="不予公开的文件",
            disclosure_method="not_disclosed",
            non_disclosure_reason="属于国家秘密",
        )
    body = _home_body()
    headlines, notices = body.index(">要闻</h2>"), body.index(">通知公告</h2>")
    assert headlines < body.index("已发布的要闻") < notices < body.index("一则通知公告")
    assert "尚未发布的草稿" not in body and "不予公开的文件" not in body
    assert "首页列出的政策文件" in body and "甲政发〔2026〕1号" in body


def test_the_headline_shows_the_first_article_that_has_a_picture(alpha):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    with schema_context("site_alpha"):
        image = Image.objects.create(title="现场照片", file=get_test_image_file())
        _article("news", "带图片的要闻", image=image)
        _article("news", "更新但没有图片的要闻")
    body = _home_body()
    lead = body[body.index('<article class="headline">') : body.index("</article>")]
    assert "带图片的要闻" in lead and "<img" in lead and 'alt=""' in lead
    assert "更新但没有图片的要闻" not in lead and "更新但没有图片的要闻" in body


def test_a_link_needs_exactly_one_of_a_page_or_an_address():
    from sites.portal.blocks import LinkBlock

    block = LinkBlock()
    for page, url in [(None, ""), (None, "https://www.gov.cn/")]:
        value = block.to_python({"title": "入口", "page": page, "url": url, "description": ""})
        if url:
            block.clean(value)
            continue
        with pytest.raises(ValidationError) as error:
            block.clean(value)
        assert "二者选一" in str(error.value.block_errors["page"])


def test_the_cluster_navigation_lists_active_sites_by_level(alpha, beta):
    body = _home_body()
    nav = body[body.index('class="home-panel home-panel--wide cluster-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert nav.index("市政府网站") < nav.index("甲市人民政府") < nav.index("县（市、区）政府网站")
    assert nav.index("县（市、区）政府网站") < nav.index("乙县人民政府")
    assert 'href="http://beta.localhost' in nav
    with schema_context("public"):
        site_set_status(tenant=beta, status="suspended")
    assert "乙县人民政府" not in _home_body()


def test_a_registry_change_purges_the_cached_home_pages_that_show_it(
    alpha, beta, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    try:
        host_client(ALPHA).get("/")
        assert host_client(ALPHA).get("/").headers["X-Page-Cache"] == "hit"
        with schema_context("public"), django_capture_on_commit_callbacks(execute=True):
            beta.name = "乙县人民政府（新名称）"
            beta.save()
        response = host_client(ALPHA).get("/")
        assert response.headers["X-Page-Cache"] == "miss"
        assert "乙县人民政府（新名称）" in response.content.decode()
    finally:
        caches["pages"].clear()


def test_a_registry_change_leaves_pages_without_the_navigation_cached(
    alpha, beta, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    try:
        host_client(ALPHA).get("/news/")
        with schema_context("public"), django_capture_on_commit_callbacks(execute=True):
            beta.name = "乙县人民政府（又一名称）"
            beta.save()
        assert host_client(ALPHA).get("/news/").headers["X-Page-Cache"] == "hit"
    finally:
        caches["pages"].clear()
