"""Reads of the disclosure catalog, the registers and the annual report."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.utils import timezone

from cluster.vocabularies.models import Vocabulary
from cluster.vocabularies.selectors import vocabulary_terms
from sites.core.visibility import public_pages

from .docnumber import document_number_query
from .models import InformationRequest, PolicyDocumentPage
from .models.documents import DisclosureMethod, Validity
from .statutory import APPLICANT_COLUMNS, OUTCOME_GROUPS, REVIEW_KINDS, REVIEW_RESULTS
from .workdays import is_provisional, working_days_between

PAGE_SIZE = 20
# 条例 Art. 26: publish within 20 working days of the document being made.
PUBLISH_WORKING_DAYS = 20
REGULATION_GENRES = {"guizhang": "规章", "gfxwj": "行政规范性文件"}


def _year_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def public_documents():
    """Documents the public may find (see sites.core.visibility)."""
    return public_pages(PolicyDocumentPage.objects.all())


# Validities under which a document is in force, or about to be.
IN_FORCE = (Validity.CURRENT, Validity.NOT_YET)


def documents_sharing_number(document, *, live_only: bool):
    """Other documents in force on this site with the same 发文字号 as `document`.

    Two documents in force cannot carry one number (GB/T 9704: the number identifies
    the document), unless one amends or replaces the other, which the
    superseded_by link records in either direction.
    """
    if not document.document_number or document.validity not in IN_FORCE:
        return PolicyDocumentPage.objects.none()
    others = PolicyDocumentPage.objects.filter(
        document_number=document.document_number, validity__in=IN_FORCE
    ).filter(copy_origin__isnull=True)  # a syndicated copy carries another body's number
    if document.pk:
        others = others.exclude(pk=document.pk).exclude(superseded_by=document.pk)
    if document.superseded_by_id:
        others = others.exclude(pk=document.superseded_by_id)
    if live_only:
        others = others.live()
    return others.order_by("-first_published_at", "-pk")


def catalog_documents(*, column, filters: dict, page_number=None):
    documents = public_documents().child_of(column)
    if year := filters.get("year"):
        start, end = _year_range(year)
        documents = documents.filter(first_published_at__gte=start, first_published_at__lt=end)
    if topic := filters.get("topic"):
        # A top-level topic includes the topics under it.
        codes = [
            topic,
            *[t.code for t in vocabulary_terms(Vocabulary.TOPIC) if t.parent_code == topic],
        ]
        documents = documents.filter(topic__in=codes)
    if doctype := filters.get("doctype"):
        documents = documents.filter(doctype=doctype)
    if validity := filters.get("validity"):
        documents = documents.filter(validity=validity)
    if query := filters.get("q"):
        documents = documents.filter(
            Q(title__icontains=query) | Q(document_number__icontains=document_number_query(query))
        )
    order = {
        "oldest": ["first_published_at", "pk"],
        "written": ["-written_date", "-pk"],
    }.get(filters.get("sort") or "", ["-first_published_at", "-pk"])
    documents = documents.order_by(*order).only(
        "title",
        "url_path",
        "document_number",
        "written_date",
        "first_published_at",
        "validity",
        "index_number",
        "disclosure_method",
    )
    return Paginator(documents, PAGE_SIZE).get_page(page_number)


# -- timeliness (条例 Art. 26) ------------------------------------------------


def documents_published_late(*, since: datetime.date | None = None):
    """Documents first published more than 20 working days after 成文日期, with the delay.

    `working_days_provisional` marks a delay counted over a year with no holiday
    arrangement entered yet.
    """
    documents = PolicyDocumentPage.objects.live().filter(
        disclosure_method=DisclosureMethod.PROACTIVE
    )
    if since:
        documents = documents.filter(first_published_at__date__gte=since)
    late = []
    for document in documents.order_by("-first_published_at").only(
        "title", "document_number", "written_date", "first_published_at", "url_path"
    ):
        delay = working_days_between(document.written_date, document.published_date)
        if delay > PUBLISH_WORKING_DAYS:
            document.working_days_to_publish = delay
            document.working_days_provisional = is_provisional(
                document.written_date, document.published_date
            )
            late.append(document)
    return late


def documents_expired_but_current(*, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return (
        PolicyDocumentPage.objects.live()
        .filter(validity=Validity.CURRENT, expiry_date__lt=today)
        .order_by("expiry_date")
    )


def documents_awaiting_interpretation():
    from .models import InterpretationPage

    interpreted = InterpretationPage.objects.live().values_list(
        "document_links__document", flat=True
    )
    return (
        PolicyDocumentPage.objects.live()
        .filter(needs_interpretation=True)
        .exclude(pk__in=interpreted)
        .order_by("-first_published_at")
    )


# -- annual report -------------------------------------------------------------


def _regulation_counts(year: int) -> list[dict]:
    start, end = _year_range(year)
    end_date = datetime.date(year, 12, 31)
    rows = []
    for genre, label in REGULATION_GENRES.items():
        documents = PolicyDocumentPage.objects.filter(genre=genre).exclude(first_published_at=None)
        rows.append(
            {
                "label": label,
                "issued": documents.filter(
                    first_published_at__gte=start, first_published_at__lt=end
                ).count(),
                "repealed": documents.filter(
                    validity__in=[Validity.REPEALED, Validity.EXPIRED],
                    repealed_date__year=year,
                ).count(),
                "current": documents.filter(first_published_at__lt=end)
                .filter(Q(repealed_date__isnull=True) | Q(repealed_date__gt=end_date))
                .exclude(validity=Validity.NOT_YET)
                .count(),
            }
        )
    return rows


def _request_matrix(year: int) -> dict:
    """Table 三: rows × applicant columns, computed from the request register."""
    start, end = _year_range(year)
    year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    def by_column(queryset, *extra):
        counts = defaultdict(int)
        for row in queryset.values("applicant_type", *extra).annotate(n=Count("pk")):
            key = (row["applicant_type"], *[row[name] for name in extra])
            counts[key] = row["n"]
        return counts

    requests = InformationRequest.objects.all()
    new = by_column(requests.filter(received_at__gte=start, received_at__lt=end))
    carried_in = by_column(
        requests.filter(received_at__lt=start).filter(
            Q(answered_on__isnull=True) | Q(answered_on__gte=year_start)
        )
    )
    answered = by_column(
        requests.filter(answered_on__gte=year_start, answered_on__lte=year_end), "outcome"
    )
    carried_out = by_column(
        requests.filter(received_at__lt=end).filter(
            Q(answered_on__isnull=True) | Q(answered_on__gt=year_end)
        )
    )

    def row(key, label, values, *, level=0):
        cells = [values.get(column, 0) for column in APPLICANT_COLUMNS]
        return {"key": key, "label": label, "cells": [*cells, sum(cells)], "level": level}

    def single(counts):
        return {column: counts.get((column,), 0) for column in APPLICANT_COLUMNS}

    outcome_rows = []
    group_totals = []
    for group, group_label, outcomes in OUTCOME_GROUPS:
        group_values = defaultdict(int)
        sub_rows = []
        for code, label in outcomes:
            values = {column: answered.get((column, code), 0) for column in APPLICANT_COLUMNS}
            for column, value in values.items():
                group_values[column] += value
            if len(outcomes) > 1:
                sub_rows.append(row(code, label, values, level=2))
        group_row = row(group, group_label, group_values, level=1)
        group_row["parts"] = sub_rows
        outcome_rows.append(group_row)
        outcome_rows.extend(sub_rows)
        group_totals.append(group_values)
    total = {column: sum(values[column] for values in group_totals) for column in APPLICANT_COLUMNS}
    return {
        "new": row("new", "一、本年新收政府信息公开申请数量", single(new)),
        "carried_in": row("carried_in", "二、上年结转政府信息公开申请数量", single(carried_in)),
        "outcomes": outcome_rows,
        "total": row("total", "（七）总计", total, level=1),
        "carried_out": row("carried_out", "四、结转下年度继续办理", single(carried_out)),
    }


def annual_report_tables(report) -> dict:
    """The report's tables computed from the site's records today, as plain JSON data.

    JSON-ready because publishing stores them on the page (``frozen_tables``) and in
    the published revision; the draft preview and the frozen copy then read alike.
    """
    year = report.year
    return {
        "year": year,
        "regulations": _regulation_counts(year),
        "licensing_count": report.licensing_count,
        "penalty_count": report.penalty_count,
        "enforcement_count": report.enforcement_count,
        "fees_amount": f"{Decimal(report.fees_amount or 0):.4f}",
        "requests": _request_matrix(year),
        "columns": [
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ],
        "reviews": [
            {
                "key": kind,
                "label": label,
                "cells": [getattr(report, f"{kind}_{result}") for result, _ in REVIEW_RESULTS],
            }
            for kind, label in REVIEW_KINDS
        ],
        "review_columns": [label for _result, label in REVIEW_RESULTS],
    }


def annual_report_problems(tables: dict) -> list[str]:
    """The balance rules of the 2021 format; an empty list means the tables agree."""
    problems = []
    requests = tables["requests"]
    columns = tables["columns"]
    for index, column in enumerate(columns):
        received = requests["new"]["cells"][index] + requests["carried_in"]["cells"][index]
        handled = requests["total"]["cells"][index] + requests["carried_out"]["cells"][index]
        if received != handled:
            problems.append(
                f"表三“{column}”列：一、新收（{requests['new']['cells'][index]}）＋二、上年结转"
                f"（{requests['carried_in']['cells'][index]}）＝{received}，不等于三（七）总计"
                f"（{requests['total']['cells'][index]}）＋四、结转下年度（{requests['carried_out']['cells'][index]}）＝{handled}。"
            )
        groups = [row for row in requests["outcomes"] if row["level"] == 1]
        group_sum = sum(row["cells"][index] for row in groups)
        if group_sum != requests["total"]["cells"][index]:
            problems.append(f"表三“{column}”列：（一）至（六）之和{group_sum}不等于（七）总计。")
        for group in groups:
            if (
                group["parts"]
                and sum(part["cells"][index] for part in group["parts"]) != group["cells"][index]
            ):
                problems.append(f"表三“{column}”列：{group['label']}不等于其各项之和。")
    for row in requests["outcomes"] + [
        requests["new"],
        requests["carried_in"],
        requests["total"],
        requests["carried_out"],
    ]:
        if sum(row["cells"][:-1]) != row["cells"][-1]:
            problems.append(f"表三“{row['label']}”行：各列之和不等于总计。")
    for review in tables["reviews"]:
        *parts, total = review["cells"]
        if sum(parts) != total:
            problems.append(
                f"表四“{review['label']}”：结果维持、结果纠正、其他结果、尚未审结之和为{sum(parts)}，"
                f"与总计{total}不一致。"
            )
    return problems


def annual_report_year_taken(*, parent, year: int, exclude_pk=None) -> bool:
    """One report per year under a 年报 column (drafts included)."""
    from .models import AnnualReportPage

    others = AnnualReportPage.objects.child_of(parent).filter(year=year)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def annual_report_publication_problems(report, tables: dict | None = None) -> list[str]:
    """Why `report` may not go live now: a second report for its year, or unbalanced tables."""
    problems = []
    parent = report.get_parent() if report.path else None
    if parent and annual_report_year_taken(parent=parent, year=report.year, exclude_pk=report.pk):
        problems.append(f"{report.year}年度的报告已经存在，同一年度只能发布一份年度报告。")
    if tables is None:
        tables = annual_report_tables(report)
    return problems + annual_report_problems(tables)


# -- request queue ---------------------------------------------------------------


def request_queue(*, status: str = "", query: str = ""):
    requests = InformationRequest.objects.all()
    if status == "open":
        # Nearest deadline first; paused requests, whose deadline is not running, last.
        requests = requests.filter(status__in=["received", "supplement", "third_party"]).order_by(
            F("due_on").asc(nulls_last=True), "received_at"
        )
    elif status:
        requests = requests.filter(status=status)
    if query:
        # Never by identity number: that is not searchable, by staff or anyone.
        requests = requests.filter(
            Q(tracking_number__icontains=query)
            | Q(name__icontains=query)
            | Q(description__icontains=query)
        )
    return requests
