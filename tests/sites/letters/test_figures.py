"""Letter statistics are stored as data (cluster.figures) and equal an independent count."""

import datetime

from django_tenants.utils import schema_context

from cluster.figures.models import MonthlyFigure
from cluster.figures.selectors import figures_by_site, letter_summary
from sites.letters import services
from sites.letters.models import Letter
from sites.letters.tasks import letter_figures_refresh
from tests.conftest import PASSWORD, admin_login, host_client

from .conftest import aware, letter_answered, letter_new

D = datetime.date


def _scenario(beta, capture):
    """Six letters in September–October 2026 (National Day holiday 1–7 October)."""
    # 咨询 (5 working days): received 28 Sept, due 10 Oct; answered 30 Sept (2 working days).
    quick, _ = letter_answered("zx", now=aware(D(2026, 9, 28)), replied=aware(D(2026, 9, 30), 15))
    # 咨询: received 28 Sept, answered 12 Oct, after its deadline (6 working days).
    late, _ = letter_answered("zx", now=aware(D(2026, 9, 28)), replied=aware(D(2026, 10, 12), 15))
    # 领导信箱 (15): received 9 Oct, still open: due 30 Oct, overdue by 24 November.
    letter_new("ldxx", now=aware(D(2026, 10, 9)))
    # 投诉 received 14 Oct, still open: due 4 Nov, overdue too.
    letter_new("ts", now=aware(D(2026, 10, 14)))
    # 投诉 received 15 Oct, transferred to beta.
    moved, _ = letter_new("ts", now=aware(D(2026, 10, 15)))
    with capture(execute=True):
        services.letter_transfer(letter=moved, user=None, target=beta, note="转乙县")
    services.letter_rate(letter=quick, rating="satisfied")
    services.letter_rate(letter=late, rating="unsatisfied")
    return quick, late


def _independent_count(today):
    """The same figures counted another way: straight from the letters, one by one."""
    letters = list(Letter.objects.all())
    received = len(letters)
    transferred = sum(1 for x in letters if x.status == "transferred")
    answered = [x for x in letters if x.replied_at]
    late = sum(1 for x in answered if x.replied_on > x.due_on)
    overdue_open = sum(1 for x in letters if x.is_open and today > x.due_on)
    return received, transferred, len(answered), late, overdue_open


def test_stored_figures_equal_an_independent_count_and_the_console_shows_them(
    in_alpha, alpha, beta, django_capture_on_commit_callbacks
):
    _scenario(beta, django_capture_on_commit_callbacks)
    today = D(2026, 11, 24)
    from cluster.figures.services import figures_replace
    from sites.letters.selectors import letter_figures

    figures_replace(tenant=alpha, source="letters", rows=letter_figures(today))
    totals = figures_by_site(source="letters", year=2026, tenant=alpha)[alpha.pk]
    summary = letter_summary(totals)
    assert tuple(summary["cells"]) == _independent_count(today) == (5, 1, 2, 1, 2)
    # Working days to answer: 2 (29, 30 Sept) and 6 (29, 30 Sept, 8, 9, 10, 12 Oct).
    assert summary["average_days"] == 4.0
    assert summary["rated"] == 2 and summary["satisfaction"] == 50.0
    # By month: the late answer counts in October, the quick one in September.
    answered = dict(
        MonthlyFigure.objects.filter(tenant=alpha, key="answered").values_list("month", "value")
    )
    assert answered == {D(2026, 9, 1): 1, D(2026, 10, 1): 1}

    # The cluster: alpha's five, less the one beta received and counts again.
    client = host_client("console.localhost")
    client.post("/login/", {"username": "platform", "password": PASSWORD})
    page = client.get("/interaction/?year=2026").content.decode()
    assert alpha.name in page and 'id="interaction-letters">5<' in page


def test_every_change_recounts_and_the_receiving_site_counts_a_transferred_letter(
    in_alpha, alpha, beta, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter, _ = letter_new("ts")
    assert MonthlyFigure.objects.get(tenant=alpha, key="received").value == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_transfer(letter=letter, user=None, target=beta, note="转乙县")
    assert MonthlyFigure.objects.get(tenant=alpha, key="transferred_out").value == 1
    assert MonthlyFigure.objects.get(tenant=beta, key="received").value == 1
    with schema_context("site_beta"):
        assert letter_figures_refresh.call() >= 1


def test_the_site_report_shows_its_own_figures_only(in_alpha, alpha, beta):
    letter_new("ldxx")
    letter_figures_refresh.call()
    client, _ = admin_login("alpha.localhost", "alpha_editor")
    page = client.get("/admin/reports/letters/").content.decode()
    assert "来信统计" in page and "领导信箱" in page
    with schema_context("site_beta"):
        assert not MonthlyFigure.objects.filter(tenant=beta).exists()


def test_the_public_never_reaches_the_reports(in_alpha):
    assert host_client("alpha.localhost").get("/admin/reports/letters/").status_code == 302
