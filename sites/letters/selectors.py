"""Reads of 政民互动 letters: the office's queue, the public list, and the statistics."""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from .models import OPEN_STATUSES, REPLIED_STATUSES, Letter, LetterStatus, LetterType

QUEUE_FILTERS = {
    "open": ("待办（全部未答复）", Q(status__in=OPEN_STATUSES)),
    "overdue": ("已超期", None),  # depends on today: see letter_queue
    "mine": ("我承办的", None),
    "review": ("答复待审核", Q(status=LetterStatus.IN_REVIEW)),
    "answered": ("已答复", Q(status__in=REPLIED_STATUSES)),
    "transferred": ("已转办", Q(status=LetterStatus.TRANSFERRED)),
    "": ("全部", Q()),
}


def letter_queue(*, status: str = "open", letter_type: str = "", query: str = "", user=None):
    """The office's letters, the most urgent first."""
    label_and_filter = QUEUE_FILTERS.get(status, QUEUE_FILTERS["open"])
    letters = Letter.objects.select_related("letter_type", "assignee")
    if status == "overdue":
        letters = letters.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    elif status == "mine":
        letters = letters.filter(status__in=OPEN_STATUSES, assignee=user)
    else:
        letters = letters.filter(label_and_filter[1])
    if letter_type:
        letters = letters.filter(letter_type__slug=letter_type)
    if query:
        letters = letters.filter(
            Q(tracking_number__iexact=query) | Q(subject__icontains=query) | Q(name=query)
        )
    if status in ("open", "overdue", "mine", "review"):
        return letters.order_by("due_on", "received_at")
    return letters.order_by("-received_at")


def letters_public(*, letter_type: str = ""):
    """Letters the public may read: answered, the writer agreed, staff published, still here.

    Only the fields a public page shows are loaded: never the contact details.
    """
    letters = (
        Letter.objects.filter(published=True, publish_consent=True, status__in=REPLIED_STATUSES)
        .select_related("letter_type")
        .only(
            "tracking_number",
            "subject",
            "body",
            "name",
            "received_at",
            "reply",
            "reply_unit",
            "replied_at",
            "status",
            "published",
            "publish_consent",
            "letter_type__name",
            "letter_type__slug",
        )
        .order_by("-replied_at")
    )
    if letter_type:
        letters = letters.filter(letter_type__slug=letter_type)
    return letters


def letter_types_open():
    return LetterType.objects.filter(active=True)


def letters_due_soon(*, today: datetime.date | None = None, within_working_days: int = 3):
    """(overdue, due within the next working days) among the open letters, for the dashboard."""
    from sites.disclosure.workdays import working_days_after

    today = today or timezone.localdate()
    soon = working_days_after(today, within_working_days)
    open_letters = Letter.objects.filter(status__in=OPEN_STATUSES)
    return (
        open_letters.filter(due_on__lt=today).count(),
        open_letters.filter(due_on__gte=today, due_on__lte=soon).count(),
    )


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def letter_figures(today: datetime.date | None = None) -> list[tuple]:
    """This site's letter statistics per month and type, as (month, type, key, value) rows.

    - ``received``: letters received in the month (those later sent to another site too);
    - ``transferred_out``: of those, sent to another site to answer (the platform's total
      of letters is received − transferred_out, as the receiving site counts them again);
    - ``answered``: answers sent in the month;
    - ``reply_days``, ``reply_count``: working days from the clock's start to the answer,
      summed over the month's answers (average = reply_days / reply_count);
    - ``answered_late``: answers sent in the month after the deadline;
    - ``overdue_open``: letters due in the month still unanswered past their deadline today;
    - ``satisfied`` / ``basic`` / ``unsatisfied``: ratings given in the month.
    """
    today = today or timezone.localdate()
    counts: dict = defaultdict(int)
    letters = Letter.objects.select_related("letter_type").only(
        "received_at",
        "status",
        "replied_at",
        "due_on",
        "clock_started_on",
        "rating",
        "rated_at",
        "letter_type__name",
    )
    for letter in letters.iterator(chunk_size=2000):
        kind = letter.letter_type.name
        received = _month(timezone.localdate(letter.received_at))
        counts[(received, kind, "received")] += 1
        if letter.status == LetterStatus.TRANSFERRED:
            counts[(received, kind, "transferred_out")] += 1
            continue
        if letter.replied_at:
            replied = _month(letter.replied_on)
            counts[(replied, kind, "answered")] += 1
            counts[(replied, kind, "reply_days")] += letter.reply_working_days_taken()
            counts[(replied, kind, "reply_count")] += 1
            if letter.replied_on > letter.due_on:
                counts[(replied, kind, "answered_late")] += 1
        elif letter.is_open and today > letter.due_on:
            counts[(_month(letter.due_on), kind, "overdue_open")] += 1
        if letter.rating and letter.rated_at:
            counts[(_month(timezone.localdate(letter.rated_at)), kind, letter.rating)] += 1
    return [(month, kind, key, value) for (month, kind, key), value in sorted(counts.items())]
