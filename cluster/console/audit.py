"""Audit log export: who did what on which site in a date range, as one CSV file.

A site's audit trail is its own Wagtail log (``PageLogEntry`` and ``ModelLogEntry`` in
its schema); what the platform console does to a site is written there as well
(``cluster.accounts.services.platform_action_log``). Sign-ins are recorded once for the
whole cluster by django-axes (``AccessLog``, public schema) without the host they came
through, so they belong to an export of every site, as platform-wide rows.

Reading many schemas is cross-tenant work: the console only records the request
(``audit_export_request``) and a background task (``audit_export_build``, queued for
the public schema after commit) walks the chosen schemas one at a time and writes the
file to private storage, which nginx never serves; the console hands it to platform
admins only.
"""

import csv
import datetime
import io
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_tasks import task
from django_tenants.utils import schema_context

from cluster.tasks.api import enqueue_on_commit
from cluster.tenants.models import Tenant

from .models import AuditExport

logger = logging.getLogger(__name__)

# The longest range one export may cover.
MAX_DAYS = 366
# Excel opens a CSV as UTF-8 (and so shows Chinese) only when it starts with a BOM.
CSV_ENCODING = "utf-8-sig"
# Cells starting with these are formulas to Excel (a page title "=HYPERLINK(…)").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def audit_columns() -> list[str]:
    return [
        pgettext("audit", "Time"),
        pgettext("audit", "Site"),
        pgettext("audit", "User"),
        pgettext("audit", "Action"),
        pgettext("audit", "Object type"),
        pgettext("audit", "Object"),
        pgettext("audit", "Details"),
    ]


def audit_window(date_from: datetime.date, date_to: datetime.date):
    """[start, end) in the platform's time zone, both days included."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _user(entry) -> str:
    if entry.user_id is None or entry.user is None:
        return str(entry.user_display_name)
    username = entry.user.get_username()
    name = str(entry.user_display_name)
    return username if name == username else f"{name}（{username}）"


def _details(entry) -> str:
    message = str(entry.message)
    comment = str(entry.comment or "")
    return f"{message}；{comment}" if comment else message


def _object(entry) -> str:
    # PageLogEntry answers its page's id as a property, ModelLogEntry keeps a field.
    object_id = entry.object_id() if callable(entry.object_id) else entry.object_id
    return f"{entry.label} #{object_id}" if object_id else entry.label


def site_log_rows(*, tenant: Tenant, start, end):
    """Rows of one site's Wagtail log in [start, end), oldest first (switches schema)."""
    from wagtail.log_actions import registry
    from wagtail.models import ModelLogEntry, PageLogEntry

    with schema_context(tenant.schema_name):
        for model in (PageLogEntry, ModelLogEntry):
            entries = (
                model.objects.filter(timestamp__gte=start, timestamp__lt=end)
                .select_related("user", "content_type")
                .order_by("timestamp", "pk")
            )
            for entry in entries.iterator(chunk_size=2000):
                action = (
                    registry.get_action_label(entry.action)
                    if registry.action_exists(entry.action)
                    else entry.action
                )
                yield [
                    _when(entry.timestamp),
                    tenant.name,
                    _user(entry),
                    str(action),
                    str(capfirst(entry.object_verbose_name)),
                    _object(entry),
                    _details(entry),
                ]


def sign_in_rows(*, start, end):
    """Sign-ins and sign-outs of every site and the console (django-axes, public schema)."""
    from axes.models import AccessLog

    platform = _("Whole platform (one sign-in for every site)")
    account = pgettext("audit", "Account")
    with schema_context("public"):
        logs = AccessLog.objects.filter(attempt_time__gte=start, attempt_time__lt=end)
        for log in logs.order_by("attempt_time", "pk").iterator(chunk_size=2000):
            where = _("from %(address)s, %(path)s") % {
                "address": log.ip_address or "-",
                "path": log.path_info,
            }
            yield [
                _when(log.attempt_time),
                platform,
                log.username,
                pgettext("audit", "Sign in"),
                account,
                log.username,
                where,
            ]
        logouts = AccessLog.objects.filter(logout_time__gte=start, logout_time__lt=end)
        for log in logouts.order_by("logout_time", "pk").iterator(chunk_size=2000):
            yield [
                _when(log.logout_time),
                platform,
                log.username,
                pgettext("audit", "Sign out"),
                account,
                log.username,
                "",
            ]


def _cell(value: str) -> str:
    """A value Excel shows as text: a leading =, +, - or @ would start a formula."""
    return f"'{value}" if value[:1] in FORMULA_STARTS else value


def audit_csv_write(*, stream, tenants, include_sign_ins: bool, start, end) -> int:
    """Write the header and every row to a binary stream; returns the number of rows."""
    text = io.TextIOWrapper(stream, encoding=CSV_ENCODING, newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(audit_columns())
    count = 0
    for tenant in tenants:
        for row in site_log_rows(tenant=tenant, start=start, end=end):
            writer.writerow([_cell(value) for value in row])
            count += 1
    if include_sign_ins:
        for row in sign_in_rows(start=start, end=end):
            writer.writerow([_cell(value) for value in row])
            count += 1
    text.flush()
    text.detach()
    return count


@transaction.atomic
def audit_export_request(*, user, sites, date_from, date_to) -> AuditExport:
    """Record an export of ``sites`` (none: every site) and queue it after commit."""
    if date_from > date_to:
        raise ValidationError({"date_to": _("The end date is before the start date.")})
    if (date_to - date_from).days >= MAX_DAYS:
        raise ValidationError(
            {"date_to": _("One export covers at most %(days)s days.") % {"days": MAX_DAYS}}
        )
    export = AuditExport(requested_by=user, date_from=date_from, date_to=date_to)
    export.full_clean()
    export.save()
    export.sites.set([site for site in sites if not site.is_platform])
    enqueue_on_commit(audit_export_build, export.pk, schema="public")
    return export


@task()
def audit_export_build(export_pk: int) -> None:
    """Build the CSV of one export (the worker, public schema). Running it again rebuilds it."""
    export = AuditExport.objects.filter(pk=export_pk).first()
    if export is None:
        return
    AuditExport.objects.filter(pk=export_pk).update(status=AuditExport.Status.RUNNING, error="")
    chosen = list(export.sites.order_by("pk"))
    tenants = chosen or list(Tenant.objects.exclude(schema_name="public").order_by("pk"))
    start, end = audit_window(export.date_from, export.date_to)
    try:
        with translation.override(settings.LANGUAGE_CODE), tempfile.TemporaryFile() as stream:
            count = audit_csv_write(
                stream=stream, tenants=tenants, include_sign_ins=not chosen, start=start, end=end
            )
            stream.seek(0)
            if export.file:
                export.file.delete(save=False)
            export.file.save(f"audit-{export.pk}.csv", File(stream), save=False)
    except Exception as error:
        logger.exception("Audit export %s failed", export_pk)
        AuditExport.objects.filter(pk=export_pk).update(
            status=AuditExport.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return
    export.status = AuditExport.Status.DONE
    export.row_count = count
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "row_count", "finished_at"])
