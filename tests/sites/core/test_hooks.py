import datetime

from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from sites.news.models import ArticlePage
from tests.conftest import admin_login


def _article():
    with schema_context("site_alpha"):
        news = Page.objects.get(slug="news", depth=3)
        article = ArticlePage(
            title="市政府召开常务会议", slug="changwu", date=datetime.date(2026, 11, 2)
        )
        news.add_child(instance=article)
        article.save_revision()
        return article


def _edit(client, article, **extra):
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "date": "2026-11-02",
            "source": "",
            "author": "",
            "summary": "",
            "body": streamfield([]),
        }
    )
    return client.post(f"/admin/pages/{article.pk}/edit/", data | extra, follow=True)


def test_a_past_scheduled_time_is_announced_when_saving_a_draft(alpha):
    article = _article()
    client, _ = admin_login("alpha.localhost", "platform")
    past = timezone.localtime() - datetime.timedelta(days=3)
    body = _edit(client, article, go_live_at=f"{past:%Y-%m-%d %H:%M}").content.decode()
    assert "定时发布时间" in body and "已经过去" in body and "将立即上线" in body
    future = timezone.localtime() + datetime.timedelta(days=3)
    body = _edit(client, article, go_live_at=f"{future:%Y-%m-%d %H:%M}").content.decode()
    assert "已经过去" not in body


def test_publishing_with_a_past_scheduled_time_says_it_went_live_at_once(alpha):
    article = _article()
    client, _ = admin_login("alpha.localhost", "platform")
    past = timezone.localtime() - datetime.timedelta(hours=2)
    body = _edit(
        client, article, go_live_at=f"{past:%Y-%m-%d %H:%M}", **{"action-publish": "publish"}
    ).content.decode()
    assert "页面已立即发布" in body
    with schema_context("site_alpha"):
        article.refresh_from_db()
        assert article.live
