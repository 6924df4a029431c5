"""Reads of 意见征集: the monthly statistics the yearly website report draws on."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import ConsultationComment, ConsultationPage


@dataclass(frozen=True)
class ConsultationMonth:
    month: datetime.date  # the first day of the month
    consultations: int
    comments: int


def _month_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=zone)


def consultation_statistics(*, year: int) -> list[ConsultationMonth]:
    """Consultations held and comments received on this site, per month of ``year``.

    What it counts, month by month in the site's time zone (Asia/Shanghai):

    - consultations held: consultation pages of this site that were ever published
      (a draft never shown to the public was not held) whose comment window opened in
      the month; a consultation withdrawn after it opened still counts, one whose page
      was deleted does not;
    - comments received: every comment sent through the sites' comment forms in the
      month, whatever its moderation (a comment refused publication was still received;
      spam caught by the honeypot or the rate limit never became one). Comments received
      by letter or e-mail are not rows: they are in each 采纳情况 page's ``offline_count``.

    Twelve rows, January to December, zeros included. Runs in the site's schema.
    """
    start, end = _month_range(year)
    held = dict(
        ConsultationPage.objects.filter(
            first_published_at__isnull=False, opens_at__gte=start, opens_at__lt=end
        )
        .annotate(month=TruncMonth("opens_at"))
        .values_list("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    received = dict(
        ConsultationComment.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )

    def count(table, month):
        return sum(n for key, n in table.items() if timezone.localtime(key).date() == month)

    months = [datetime.date(year, number, 1) for number in range(1, 13)]
    return [
        ConsultationMonth(
            month=month, consultations=count(held, month), comments=count(received, month)
        )
        for month in months
    ]


def consultation_totals(*, year: int) -> dict:
    """The year's totals of ``consultation_statistics`` (same definitions)."""
    rows = consultation_statistics(year=year)
    return {
        "consultations": sum(row.consultations for row in rows),
        "comments": sum(row.comments for row in rows),
    }
