"""A run over a real site: states, history, notices once per lead time, links, console."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context

from cluster.accounts.services import account_create, role_grant
from cluster.monitors.models import MonitorResult, MonitorState, Probe
from cluster.monitors.rules import RULES
from cluster.monitors.services import monitors_run_site
from cluster.tenants.models import SiteRole
from tests.conftest import PASSWORD, admin_login, host_client

NO_EXTERNAL = {"CHECK_EXTERNAL_LINKS": False, "LEAD_DAYS": [7, 3, 1]}


@pytest.fixture(autouse=True)
def _no_external_links(settings):
    settings.MONITORS = NO_EXTERNAL


def article_add(column_slug: str, *, title: str, day: datetime.date, body=None):
    from sites.core.seed import publish_as_of
    from sites.news.models import ArticlePage, NewsIndexPage

    column = NewsIndexPage.objects.get(slug=column_slug)
    page = ArticlePage(title=title, slug=f"a{abs(hash(title)) % 10**8}", date=day, body=body or [])
    publish_as_of(column, page, day)
    return page


def console(username: str = "platform"):
    client = host_client("console.localhost")
    client.post("/login/", {"username": username, "password": PASSWORD})
    return client


def run(tenant, today=None):
    with schema_context(tenant.schema_name):
        return monitors_run_site(tenant=tenant, today=today)


def test_run_writes_a_state_and_a_history_row_per_rule(alpha):
    today = timezone.localdate()
    with schema_context("site_alpha"):
        article_add("news", title="市长调研", day=today - datetime.timedelta(days=3))
    states = run(alpha)
    assert set(states) == set(RULES)
    assert MonitorState.objects.filter(tenant=alpha).count() == len(RULES)
    assert MonitorResult.objects.filter(tenant=alpha).count() == len(RULES)
    home = states["home_freshness"]
    assert not home.breached
    assert home.days_until == 12
    run(alpha)
    assert MonitorResult.objects.filter(tenant=alpha).count() == 2 * len(RULES)
    assert MonitorState.objects.filter(tenant=alpha).count() == len(RULES)


def test_a_fresh_site_with_many_empty_columns_is_vetoed_and_another_site_is_untouched(alpha, beta):
    states = run(alpha)
    assert states["empty_columns"].breached
    assert states["empty_columns"].status == "veto"
    assert not MonitorState.objects.filter(tenant=beta).exists()


def test_backdated_article_is_reported(alpha):
    today = timezone.localdate()
    with schema_context("site_alpha"):
        page = article_add("news", title="补发的旧闻", day=today)
        type(page).objects.filter(pk=page.pk).update(date=today - datetime.timedelta(days=30))
        article_add("news", title="按时发布", day=today)
    state = run(alpha)["backdating"]
    assert state.breached
    assert [item["title"] for item in state.detail["pages"]] == ["补发的旧闻"]
    assert state.status == "warning"


def test_internal_links_are_checked_against_the_clusters_own_pages(alpha, beta):
    from sites.news.models import NewsIndexPage

    today = timezone.localdate()
    with schema_context("site_beta"):
        beta_news = NewsIndexPage.objects.get(slug="news").url_path.split("/", 2)[2]
    with schema_context("site_alpha"):
        hidden = article_add("news", title="已撤下", day=today)
        hidden.unpublish()
        html = (
            f'<p><a linktype="page" id="{hidden.pk}">撤下的</a>'
            '<a href="/xxgk/">本站公开</a><a href="/no-such-page/">本站不存在</a>'
            f'<a href="http://beta.localhost/{beta_news}">乙县新闻</a>'
            '<a href="http://beta.localhost/nothing-here/">乙县不存在</a></p>'
        )
        article_add("news", title="带链接的文章", day=today, body=[("paragraph", html)])
    state = run(alpha)["broken_links"]
    broken = sorted(item["link"] for item in state.detail["broken"])
    assert broken == sorted(
        [f"站内页面 #{hidden.pk}", "/no-such-page/", "http://beta.localhost/nothing-here/"]
    )
    assert state.detail["internal"] >= 5  # and the home page's own block links


def test_availability_over_five_percent_failed_probes_is_a_veto(alpha):
    now = timezone.now()

    def probes(failed, total):
        Probe.objects.filter(tenant=alpha).delete()
        Probe.objects.bulk_create(
            Probe(
                tenant=alpha,
                url="http://alpha.localhost/",
                probed_at=now,
                ok=n >= failed,
                elapsed_ms=5,
            )
            for n in range(total)
        )

    probes(1, 20)  # 5%: on the line, not over it
    assert not run(alpha)["availability"].breached
    probes(2, 20)  # 10%
    state = run(alpha)["availability"]
    assert state.breached
    assert state.status == "veto"


def test_site_admins_are_told_once_per_lead_time_not_on_every_run(
    alpha, django_capture_on_commit_callbacks
):
    from sites.letters.models import Letter, LetterType

    admin = account_create(
        username="alpha_admin_m", password=PASSWORD, name="甲管理员", email="admin@alpha.example"
    )
    role_grant(user=admin, tenant=alpha, role=SiteRole.Role.SITE_ADMIN)
    today = timezone.localdate()
    with schema_context("site_alpha"):
        Letter.objects.create(
            tracking_number="M-1",
            letter_type=LetterType.objects.first(),
            subject="问题",
            body="内容",
            name="王",
            phone="1",
            received_at=timezone.now() - datetime.timedelta(days=85),
            clock_started_on=today,
            reply_working_days=60,
            due_on=today + datetime.timedelta(days=60),
        )

    def run_and_mail(day):
        with django_capture_on_commit_callbacks(execute=True):
            run(alpha, today=day)
        subjects = [message.subject for message in mail.outbox if "互动回应" in message.subject]
        mail.outbox.clear()
        return subjects

    assert run_and_mail(today) == ["【网站监测】甲市人民政府：互动回应将在6天后超标"]
    assert run_and_mail(today) == []  # the 7-day lead was told already
    assert run_and_mail(today + datetime.timedelta(days=3)) == [
        "【网站监测】甲市人民政府：互动回应将在3天后超标"
    ]
    assert run_and_mail(today + datetime.timedelta(days=7))[0].endswith("已超标（单项否决）")
    assert run_and_mail(today + datetime.timedelta(days=8)) == []


def test_console_heat_map_shows_every_site_and_rule_with_words_and_drills_down(alpha, beta):
    run(alpha)
    client = console()
    page = client.get("/monitors/").content.decode()
    assert "甲市人民政府" in page and "乙县人民政府" in page
    for rule in RULES.values():
        assert rule.name in page
    assert "单项否决" in page and "未检查" in page
    detail = client.get(f"/monitors/{alpha.pk}/?rule=empty_columns").content.decode()
    assert "历史记录（空白栏目）" in detail
    assert "个空白栏目" in detail


def test_console_monitors_are_for_platform_admins_only(alpha):
    response = console("alpha_editor").get("/monitors/")
    assert response.status_code in (302, 403)


def test_site_admin_sees_the_countdown_panel_on_the_admin_home_and_editors_do_not(alpha):
    admin = account_create(username="alpha_admin_p", password=PASSWORD, name="甲管理员")
    role_grant(user=admin, tenant=alpha, role=SiteRole.Role.SITE_ADMIN)
    run(alpha)
    client, _response = admin_login("alpha.localhost", "alpha_admin_p")
    home = client.get("/admin/").content.decode()
    assert "网站监测" in home and "空白栏目" in home
    editor, _response = admin_login("alpha.localhost", "alpha_editor")
    assert "monitors-panel-title" not in editor.get("/admin/").content.decode()
    assert host_client("alpha.localhost")  # the public side has no such panel to leak
