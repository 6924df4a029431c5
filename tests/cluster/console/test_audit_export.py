"""Audit log export: the console queues it, a background task walks the chosen sites'
schemas and writes one CSV to private storage, and only platform admins download it."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from cluster.accounts.services import role_grant
from cluster.console.audit import audit_export_request
from cluster.console.models import AuditExport
from cluster.tenants.models import SiteRole
from tests.conftest import PASSWORD, admin_login, host_client

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
HEADER = ["时间", "站点", "用户", "操作", "对象类型", "对象", "详情"]


def _console(username="platform"):
    client = host_client("console.localhost")
    client.post("/login/", {"username": username, "password": PASSWORD})
    return client


def _log_on_home_page(schema: str, username: str, when: datetime.datetime, title: str):
    from wagtail.models import Page, PageLogEntry

    with schema_context(schema):
        home = Page.objects.get(depth=2)
        user = get_user_model().objects.get(username=username)
        PageLogEntry.objects.log_action(
            home, "wagtail.publish", user=user, timestamp=when, title=title
        )


@pytest.fixture
def exports_cleaned():
    yield
    for export in AuditExport.objects.exclude(file=""):
        export.file.delete(save=False)


def _rows(export: AuditExport) -> list[list[str]]:
    export.refresh_from_db()
    assert export.status == AuditExport.Status.DONE, export.error
    with export.file.open("rb") as stream:
        raw = stream.read()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would not read the file as UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _export_through_the_console(client, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/audit/", fields)
    assert response.status_code == 302, response.content.decode()
    return AuditExport.objects.latest("created_at")


def test_an_export_over_two_sites_has_both_sites_entries_in_range_and_none_outside(
    alpha, beta, exports_cleaned, django_capture_on_commit_callbacks
):
    march = datetime.datetime(2026, 3, 15, 10, 0, tzinfo=SHANGHAI)
    _log_on_home_page("site_alpha", "alpha_editor", march, "甲市三月发布")
    _log_on_home_page("site_beta", "beta_reviewer", march, "乙县三月发布")
    # The last minutes of the last day are in; the first minute after is not.
    end_of_range = datetime.datetime(2026, 3, 31, 23, 59, tzinfo=SHANGHAI)
    _log_on_home_page("site_beta", "beta_reviewer", end_of_range, "乙县月末发布")
    # An editor's title is text in Excel, never a formula.
    _log_on_home_page("site_alpha", "alpha_editor", march, '=HYPERLINK("http://x.example")')
    before = datetime.datetime(2026, 2, 28, 23, 59, tzinfo=SHANGHAI)
    _log_on_home_page("site_alpha", "alpha_editor", before, "甲市二月发布")
    after = datetime.datetime(2026, 4, 1, 0, 0, tzinfo=SHANGHAI)
    _log_on_home_page("site_beta", "beta_reviewer", after, "乙县四月发布")

    export = _export_through_the_console(
        _console(),
        django_capture_on_commit_callbacks,
        sites=[alpha.pk, beta.pk],
        date_from="2026-03-01",
        date_to="2026-03-31",
    )

    rows = _rows(export)
    assert rows[0] == HEADER
    objects = {row[5].split(" #")[0] for row in rows[1:]}
    assert {"甲市三月发布", "乙县三月发布", "乙县月末发布"} <= objects
    assert not {"甲市二月发布", "乙县四月发布"} & objects
    by_object = {row[5].split(" #")[0]: row for row in rows[1:]}
    alpha_row = by_object["甲市三月发布"]
    assert alpha_row[0] == "2026-03-15 10:00:00"
    assert alpha_row[1] == "甲市人民政府"
    assert "alpha_editor" in alpha_row[2]
    assert alpha_row[3] == "发布"
    assert by_object["乙县三月发布"][1] == "乙县人民政府"
    assert '\'=HYPERLINK("http://x.example")' in objects
    assert export.row_count == len(rows) - 1
    # Sign-ins belong to an export of every site only.
    assert not any(row[3] == "登录" for row in rows[1:])


def test_an_export_of_one_site_leaves_the_other_sites_out(alpha, beta, accounts, exports_cleaned):
    march = datetime.datetime(2026, 3, 15, 10, 0, tzinfo=SHANGHAI)
    _log_on_home_page("site_alpha", "alpha_editor", march, "甲市三月发布")
    _log_on_home_page("site_beta", "beta_reviewer", march, "乙县三月发布")
    from django.db import transaction

    with transaction.atomic():
        export = audit_export_request(
            user=accounts["platform"],
            sites=[beta],
            date_from=datetime.date(2026, 3, 1),
            date_to=datetime.date(2026, 3, 31),
        )
    from cluster.console.audit import audit_export_build

    audit_export_build.call(export.pk)
    rows = _rows(export)
    assert {row[1] for row in rows[1:]} == {"乙县人民政府"}


def test_console_actions_on_a_site_and_sign_ins_are_in_an_export_of_every_site(
    beta, exports_cleaned, django_capture_on_commit_callbacks
):
    client = _console()
    response = client.post(f"/sites/{beta.pk}/status/", {"status": "suspended", "reason": "整改"})
    assert response.status_code == 302
    today = datetime.datetime.now(SHANGHAI).date().isoformat()

    export = _export_through_the_console(
        client, django_capture_on_commit_callbacks, date_from=today, date_to=today
    )

    rows = _rows(export)
    status_rows = [row for row in rows[1:] if row[3] == "更改网站状态"]
    assert len(status_rows) == 1
    assert status_rows[0][1] == "乙县人民政府"
    assert "platform" in status_rows[0][2]
    assert "运行中" in status_rows[0][6] and "整改" in status_rows[0][6]
    sign_ins = [row for row in rows[1:] if row[3] == "登录"]
    assert any(row[2] == "platform" and row[1] == "全平台（统一登录）" for row in sign_ins)


def test_a_role_granted_in_the_console_shows_in_the_sites_history(
    alpha, accounts, exports_cleaned, django_capture_on_commit_callbacks
):
    client = _console()
    client.post(
        f"/sites/{alpha.pk}/roles/",
        {"user": accounts["beta_reviewer"].pk, "role": SiteRole.Role.REVIEWER},
    )
    today = datetime.datetime.now(SHANGHAI).date().isoformat()
    export = _export_through_the_console(
        client, django_capture_on_commit_callbacks, sites=[alpha.pk], date_from=today, date_to=today
    )
    granted = [row for row in _rows(export)[1:] if row[3] == "授予角色"]
    assert len(granted) == 1
    assert granted[0][5].startswith("beta_reviewer")
    assert "审核" in granted[0][6]


def test_the_console_lists_exports_and_a_platform_admin_downloads_the_csv(
    alpha, exports_cleaned, django_capture_on_commit_callbacks, settings
):
    client = _console()
    export = _export_through_the_console(
        client, django_capture_on_commit_callbacks, date_from="2026-03-01", date_to="2026-03-31"
    )
    page = client.get("/audit/").content.decode()
    assert "审计日志" in page and "全部站点" in page and "已完成" in page
    assert f"/audit/{export.pk}/download/" in page

    # Private storage: not among the media nginx serves.
    stored = Path(export.file.path).resolve()
    assert Path(settings.PRIVATE_ROOT).resolve() in stored.parents
    assert Path(settings.MEDIA_ROOT).resolve() not in stored.parents

    response = client.get(f"/audit/{export.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff时间,站点,用户,操作,对象类型,对象,详情".encode())


def test_a_site_admin_who_is_not_a_platform_admin_cannot_download(
    alpha, accounts, exports_cleaned, django_capture_on_commit_callbacks
):
    export = _export_through_the_console(
        _console(), django_capture_on_commit_callbacks, date_from="2026-03-01", date_to="2026-03-31"
    )
    site_admin = accounts["alpha_editor"]
    role_grant(user=site_admin, tenant=alpha, role=SiteRole.Role.SITE_ADMIN)

    console = _console("alpha_editor")
    response = console.get(f"/audit/{export.pk}/download/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert console.get("/audit/").status_code == 302

    # Signed in to their own site's admin, the console's address is nothing there.
    site_client, login = admin_login("alpha.localhost", "alpha_editor")
    assert login.status_code == 302
    assert site_client.get(f"/audit/{export.pk}/download/").status_code == 404


def test_an_export_with_the_end_before_the_start_is_refused(alpha):
    client = _console()
    response = client.post("/audit/", {"date_from": "2026-03-31", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert "截止日期早于起始日期" in response.content.decode()
    assert not AuditExport.objects.exists()
