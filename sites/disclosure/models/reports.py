"""政府信息公开工作年度报告 in the 2021 format (国办公开办函〔2021〕30号)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..statutory import REVIEW_KINDS, REVIEW_RESULTS

NARRATIVE_FEATURES = [
    "h3",
    "bold",
    "ol",
    "ul",
    "link",
]
# Buttons of the page editor that ask for the report to go public.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class AnnualReportForm(WagtailAdminPageForm):
    def clean_year(self):
        year = self.cleaned_data["year"]
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        others = AnnualReportPage.objects.child_of(parent).filter(year=year)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(f"{year}年度的报告已经存在，请编辑原报告。")
        return year

    def clean(self):
        cleaned_data = super().clean()
        if any(action in self.data for action in PUBLISHING_ACTIONS) and not self.errors:
            from ..selectors import annual_report_problems, annual_report_tables

            report = self.instance
            for name, value in cleaned_data.items():
                if hasattr(report, name) and not isinstance(value, models.Model):
                    setattr(report, name, value)
            problems = annual_report_problems(annual_report_tables(report))
            if problems:
                raise ValidationError(
                    ["统计表未通过校验，年度报告不能发布：", *problems], code="unbalanced"
                )
        return cleaned_data


def _review_fields():
    return {
        f"{kind}_{result}": models.PositiveIntegerField(f"{kind_label}·{result_label}", default=0)
        for kind, kind_label in REVIEW_KINDS
        for result, result_label in REVIEW_RESULTS
    }


class AnnualReportIndexPage(Page):
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
        context["reports"] = (
            AnnualReportPage.objects.child_of(self).live().public().order_by("-year")
        )
        return context


class AnnualReportPage(RoutablePageMixin, Page):
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

    base_form_class = AnnualReportForm
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

    def get_context(self, request, *args, **kwargs):
        from ..selectors import annual_report_tables

        context = super().get_context(request, *args, **kwargs)
        context["tables"] = annual_report_tables(self)
        return context

    @path("")
    def report(self, request):
        return self.render(request)

    @path("xlsx/")
    def spreadsheet(self, request):
        from ..exports import annual_report_workbook

        response = HttpResponse(
            annual_report_workbook(self),
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
