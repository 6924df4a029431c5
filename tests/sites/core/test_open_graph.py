"""Open Graph tags: what a link to a page shows when shared, within what the public may read."""

import datetime
import io

from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django_tenants.utils import schema_context
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Page

from sites.news.models import ArticlePage
from tests.conftest import host_client
from tests.sites.core.conftest import SOURCE_URL, disclosed_column, make_copy
from tests.sites.disclosure.conftest import make_document


def _og(path, host="alpha.localhost") -> dict[str, str]:
    response = host_client(host).get(path)
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    return {
        tag["property"]: tag["content"]
        for tag in html.find_all("meta", attrs={"property": True})
        if tag["property"].startswith("og:")
    }


_column = disclosed_column


def test_a_home_page_is_a_website_named_after_the_site(alpha):
    og = _og("/")
    assert og["og:type"] == "website"
    assert og["og:site_name"] == "甲市人民政府"
    assert og["og:url"] == "http://alpha.localhost/"


def test_a_policy_document_shares_its_title_canonical_url_and_abstract(alpha):
    with schema_context("site_alpha"):
        document = make_document(_column(), title="关于开放共享的通知", summary="内容概述一段")
        url = document.full_url
        described = make_document(
            _column(), title="有搜索描述的通知", summary="概述", search_description="搜索描述"
        ).url
    og = _og(url.removeprefix("http://alpha.localhost"))
    assert og["og:type"] == "article"
    assert og["og:title"] == "关于开放共享的通知"
    assert og["og:url"] == url
    assert og["og:site_name"] == "甲市人民政府"
    assert og["og:description"] == "内容概述一段"
    assert "og:image" not in og
    assert _og(described)["og:description"] == "搜索描述"


def test_an_on_request_document_shares_no_text_of_its_own(alpha):
    with schema_context("site_alpha"):
        document = make_document(
            _column(),
            title="依申请公开的批复",
            disclosure_method="on_request",
            non_disclosure_reason="涉及个人信息",
            summary="批复的具体内容摘要",
        ).url
    og = _og(document)
    assert og["og:title"] == "依申请公开的批复"
    assert "og:description" not in og
    body = host_client("alpha.localhost").get(document).content.decode()
    assert "批复的具体内容摘要" not in body


def test_a_syndicated_copy_shares_its_sources_url(alpha):
    with schema_context("site_alpha"):
        copy = make_copy()
        path = copy.url
    assert _og(path)["og:url"] == SOURCE_URL


def test_an_article_with_an_image_shares_it_at_an_absolute_address(alpha):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), (176, 18, 27)).save(buffer, "PNG")
    with schema_context("site_alpha"):
        image = get_image_model().objects.create(
            title="常务会议现场", file=ImageFile(buffer, name="meeting.png")
        )
        article = ArticlePage(
            title="市政府召开常务会议",
            slug="changwu-og",
            date=datetime.date(2026, 11, 2),
            body=[("image", {"image": image, "caption": "会议现场"})],
        )
        Page.objects.get(slug="news", depth=3).add_child(instance=article)
        article.save_revision().publish()
        rendition = image.get_rendition("width-1200")
        expected = "http://alpha.localhost" + rendition.url
        assert rendition.file.storage.exists(rendition.file.name)
        path = article.url
    og = _og(path)
    assert og["og:image"] == expected
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "675")
    assert og["og:image:alt"] == "会议现场"
