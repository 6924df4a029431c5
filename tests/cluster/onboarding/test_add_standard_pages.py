"""Sites onboarded before an app get its standard pages: added once, where new sites have
them, announced on the pipeline, and never where the site admin already has them."""

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context

from cluster.onboarding.services import site_add_standard_pages
from cluster.tasks import pipeline
from tests.conftest import host_client

STANDARD = {
    "letters.LetterBoxPage",
    "consultations.ConsultationIndexPage",
    "consultations.InterviewIndexPage",
    "powers.PowerListPage",
    "powers.ClusterPowerListPage",
}


def _remove_standard_pages():
    """The site as it was before the apps: none of their pages, and no letter types."""
    from django.apps import apps

    from sites.letters.models import LetterType

    for label in STANDARD:
        for page in apps.get_model(label).objects.all():
            page.delete()
    LetterType.objects.all().delete()


def _page_of(label):
    from django.apps import apps

    return apps.get_model(label).objects.first()


@pytest.fixture
def received():
    seen = []
    pipeline.register(
        "test.standard_pages",
        lambda event: seen.append((event.kind, event.page_id)),
        kinds={pipeline.PAGE_PUBLISHED},
    )
    yield seen
    pipeline.unregister("test.standard_pages")


def test_a_city_site_made_before_the_apps_gets_each_standard_page_once_where_new_sites_have_it(
    alpha, received, django_capture_on_commit_callbacks
):
    with schema_context("site_alpha"):
        _remove_standard_pages()
    with django_capture_on_commit_callbacks(execute=True):
        added = site_add_standard_pages(alpha)
    assert sorted(page.title for page in added) == sorted(
        ["政民互动信箱", "意见征集", "在线访谈", "权责清单"]
    )
    with schema_context("site_alpha"):
        mailbox = _page_of("letters.LetterBoxPage")
        assert mailbox.live and mailbox.get_parent().slug == "hdjl"
        assert _page_of("consultations.ConsultationIndexPage").get_parent().slug == "hdjl"
        assert _page_of("consultations.InterviewIndexPage").get_parent().slug == "hdjl"
        powers = _page_of("powers.ClusterPowerListPage")
        assert powers.get_parent().slug == "xxgk"
        assert _page_of("powers.PowerListPage") is None  # a city lists the cluster's
        from sites.letters.models import LetterType

        assert LetterType.objects.filter(slug="ldxx").exists()
        response = host_client("alpha.localhost").get("/hdjl/xx/")
        assert response.status_code == 200 and "领导信箱" in response.content.decode()
    # Announced like a publish: search indexes them and the page cache purges the columns.
    assert sorted(page_id for _kind, page_id in received) == sorted(page.pk for page in added)

    assert site_add_standard_pages(alpha) == []


def test_a_county_gets_no_powers_list_and_a_moved_mailbox_is_left_where_its_admin_put_it(beta):
    from sites.core.models import ColumnPage

    with schema_context("site_beta"):
        assert _page_of("powers.PowerListPage") is None
        mailbox = _page_of("letters.LetterBoxPage")
        elsewhere = ColumnPage.objects.get(slug="ztzl")
        mailbox.move(elsewhere, pos="last-child")
    assert site_add_standard_pages(beta) == []
    with schema_context("site_beta"):
        assert _page_of("letters.LetterBoxPage").get_parent().slug == "ztzl"
        assert _page_of("powers.PowerListPage") is None


def test_the_command_reports_what_each_site_got_and_refuses_an_unknown_site(alpha, capsys):
    with schema_context("site_alpha"):
        _remove_standard_pages()
    call_command("add_standard_pages", "alpha.localhost", "site_beta")
    output = capsys.readouterr().out
    assert "甲市人民政府（site_alpha）已添加：" in output
    assert "政民互动信箱（/hdjl/xx/）" in output
    assert "乙县人民政府（site_beta）标准页面齐全" in output
    with pytest.raises(CommandError, match=r"nowhere\.localhost"):
        call_command("add_standard_pages", "nowhere.localhost")
