"""政府信息公开工作年度报告 in the 2021 format (国办公开办函〔2021〕30号).

A published report is a statement of record: its tables are computed from the
site's registers when it goes live and frozen into the page and its published
revision, so later changes to the registers never alter figures already
published. Every path that makes a report live (page editor, bulk publish,
copy, workflow approval, scheduled publishing, ``revision.publish()``) ends in
``AnnualReportPage.save()`` or ``AnnualReportPage.publish()``, which refuse an
unbalanced report or a second report for the same year.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, Revision
from wagtail.search import index

from sites.core.publishing import PublicationChecksMixin
from sites.core.visibility import ViewRestrictionsMixin, public_pages

from ..statutory import REVIEW_KINDS, REVIEW_RESULTS

NARRATIVE_FEATURES = [
    "h3",
    "bold",
    "ol",
    "ul",
    "link",
]
PUBLISH_REFUSED = "年度报告未通过发布校验，不能发布："


class AnnualReportForm(WagtailAdminPageForm):
    def clean_year(self):
        # A new page has no place in the tree yet, so the model's clean() cannot see
        # its siblings; an existing page is checked there.
        year = self.cleaned_data["year"]
        if self.instance.pk is None and year is not None:
            from ..selectors import annual_report_year_taken

            if annual_report_year_taken(parent=self.parent_page, year=year):
                raise ValidationError(f"{year}年度的报告已经存在，请编辑原报告。")
        return year


def _review_fields():
    return {
        f"{kind}_{result}": models.PositiveIntegerField(f"{kind_label}·{result_label}", default=0)
        for kind, kind_label in REVIEW_KINDS
        for result, result_label in REVIEW_RESULTS
    }


class AnnualReportIndexPage(ViewRestrictionsMixin, Page):
    """政府信息公开年报: the list of a site's annual reports."""

    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = ["disclosure.AnnualReportPage"]
    max_count_per_parent = 1
    search_fields = Page.search_fields
    template = "pages/annual_report_index_page.html"

    class Meta:
        verbose_name = "政府信息公开年报栏目"
        verbose_name_plural = "政府信息公开年报栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = public_pages(AnnualReportPage.objects.child_of(self)).order_by("-year")
        return context


class AnnualReportPage(ViewRestrictionsMixin, PublicationChecksMixin, RoutablePageMixin, Page):
    """One year's report. Tables 二 and 三 come from the site's records; staff fill in the rest."""

    year = models.PositiveSmallIntegerField("年度")
    section_one = RichTextField("一、总体情况", blank=True, features=NARRATIVE_FEATURES)
    licensing_count = models.PositiveIntegerField("行政许可·本年处理决定数量", default=0)
    penalty_count = models.PositiveIntegerField("行政处罚·本年处理决定数量", default=0)
    enforcement_count = models.PositiveIntegerField("行政强制·本年处理决定数量", default=0)
    fees_amount = models.DecimalField(
        "行政事业性收费·本年收费金额（万元）", max_digits=12, decimal_places=4, default=0
    )
    section_five = RichTextField(
        "五、存在的主要问题及改进情况", blank=True, features=NARRATIVE_FEATURES
    )
    section_six = RichTextField("六、其他需要报告的事项", blank=True, features=NARRATIVE_FEATURES)
    # Set only at publication; a draft revision carries None and is computed afresh.
    frozen_tables = models.JSONField("发布时的统计表", null=True, blank=True, editable=False)

    base_form_class = AnnualReportForm
    publication_refused_heading = PUBLISH_REFUSED
    parent_page_types = ["disclosure.AnnualReportIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("section_one"),
        HelpPanel(
            "<p>表二中“规章”“行政规范性文件”的制发、废止和现行有效件数，以及表三的申请办理情况，"
            "均由系统根据本站的政府文件和依申请公开登记自动统计，无需填写。</p>",
            heading="自动统计",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("licensing_count"),
                        FieldPanel("penalty_count"),
                        FieldPanel("enforcement_count"),
                        FieldPanel("fees_amount"),
                    ]
                )
            ],
            heading="二、主动公开政府信息情况（需填写部分）",
        ),
        *[
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel(f"{kind}_{result}") for result, _label in REVIEW_RESULTS]
                    )
                ],
                heading=f"四、政府信息公开行政复议、行政诉讼情况：{kind_label}",
            )
            for kind, kind_label in REVIEW_KINDS
        ],
        FieldPanel("section_five"),
        FieldPanel("section_six"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("section_one"),
        index.FilterField("year"),
    ]
    template = "pages/annual_report_page.html"

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"

    # -- publication ---------------------------------------------------------

    def clean(self):
        super().clean()
        self._validate_one_report_per_year()

    def minimal_clean(self):
        # Wagtail validates a draft page (a copy not kept live, for one) only this far.
        super().minimal_clean()
        self._validate_one_report_per_year()

    def _validate_one_report_per_year(self):
        # Every way a report enters the tree (editor, copy, alias, code) passes here.
        if self.path and self.year is not None:
            from ..selectors import annual_report_year_taken

            if annual_report_year_taken(
                parent=self.get_parent(), year=self.year, exclude_pk=self.pk
            ):
                raise ValidationError({"year": f"{self.year}年度的报告已经存在，请编辑原报告。"})

    def publication_problems(self, tables: dict | None = None) -> list[str]:
        from ..selectors import annual_report_publication_problems

        return annual_report_publication_problems(self, tables)

    def save_revision(self, *args, **kwargs):
        # A new draft recomputes its tables (the preview shows today's figures);
        # only the revision that goes live carries frozen ones.
        frozen, self.frozen_tables = self.frozen_tables, None
        try:
            return super().save_revision(*args, **kwargs)
        finally:
            self.frozen_tables = frozen

    def before_going_live(self) -> None:
        # Compute the tables once: check them, then freeze them into this version.
        from ..selectors import annual_report_tables

        tables = annual_report_tables(self)
        if problems := self.publication_problems(tables):
            raise self.publication_refused(problems)
        self.frozen_tables = tables

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        result = super().save(*args, **kwargs)
        # The publishing save froze the tables; CopyPageAction points a copy at its
        # live revision in a second save.
        if self.live and (update_fields is None or "live_revision" in update_fields):
            self._freeze_into_live_revision()
        return result

    def _freeze_into_live_revision(self):
        if self.frozen_tables is None or not self.live_revision_id:
            return
        # A copy starts out pointing at the source page's revision: never write there.
        revision = Revision.objects.filter(pk=self.live_revision_id, object_id=str(self.pk)).first()
        if revision and revision.content.get("frozen_tables") != self.frozen_tables:
            revision.content["frozen_tables"] = self.frozen_tables
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)

    def published_tables(self) -> dict:
        """The tables as published; a report published before freezing existed is frozen now.

        Frozen on first read rather than in a migration: a migration would run today's
        selectors against whatever schema it finds, and break once a later migration
        changes the registers. Until frozen, the public saw these very figures
        computed on each view, so the first read keeps exactly what was on show.
        """
        if self.frozen_tables is None:
            from ..selectors import annual_report_tables

            tables = annual_report_tables(self)
            if (
                type(self)
                .objects.filter(pk=self.pk, frozen_tables__isnull=True)
                .update(frozen_tables=tables)
            ):
                self.frozen_tables = tables
                self._freeze_into_live_revision()
            else:
                self.frozen_tables = (
                    type(self).objects.values_list("frozen_tables", flat=True).get(pk=self.pk)
                )
        return self.frozen_tables

    def tables_for(self, request) -> dict:
        """Frozen tables on the live site; today's figures in the editor's preview."""
        if getattr(request, "is_preview", False) or not self.live:
            from ..selectors import annual_report_tables

            return annual_report_tables(self)
        return self.published_tables()

    # -- public page ---------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tables"] = self.tables_for(request)
        return context

    @path("")
    def report(self, request):
        return self.render(request)

    @path("xlsx/")
    def spreadsheet(self, request):
        from ..exports import annual_report_workbook

        response = HttpResponse(
            annual_report_workbook(self.tables_for(request)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="annual-report-{self.year}.xlsx"; '
            f"filename*=UTF-8''{self.year}%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.xlsx"
        )
        return response


# Table 四's fifteen counts (three kinds × five results), named review_upheld etc.
for _name, _field in _review_fields().items():
    AnnualReportPage.add_to_class(_name, _field)
