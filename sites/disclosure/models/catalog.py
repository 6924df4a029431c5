"""The 政府信息公开 section every site has: index, 指南, catalog and its category columns."""

from django.db import models
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cluster.vocabularies.models import Vocabulary
from cluster.vocabularies.selectors import term_label
from cluster.vocabularies.validators import TermCodeValidator
from sites.core.visibility import ViewRestrictionsMixin, public_pages

from .documents import PolicyDocumentPage, VocabularyFormMixin

INTRO_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


@register_setting(icon="info-circle")
class DisclosureSettings(BaseGenericSetting):
    """The disclosure office's particulars; the 指南 is generated from them."""

    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField(
        "办公时间", max_length=200, blank=True, default="工作日 8:30—11:30，13:30—17:00"
    )
    office_phone = models.CharField("联系电话", max_length=40, blank=True)
    office_fax = models.CharField("传真", max_length=40, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    office_postcode = models.CharField("邮政编码", max_length=6, blank=True)
    index_number_pattern = models.CharField(
        "索引号格式",
        max_length=80,
        default="{credit_code}/{year}-{seq:05d}",
        help_text="可用 {credit_code}（统一社会信用代码）、{site_code}（网站标识码）、{year}（发布年份）、{seq}（序号）。",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("office_address"),
                FieldPanel("office_postcode"),
                FieldPanel("office_hours"),
                FieldPanel("office_phone"),
                FieldPanel("office_fax"),
                FieldPanel("office_email"),
            ],
            heading="政府信息公开工作机构",
        ),
        FieldPanel("index_number_pattern"),
    ]

    class Meta:
        verbose_name = "政府信息公开设置"

    def clean(self):
        from django.core.exceptions import ValidationError

        from ..services import index_number_format

        try:
            index_number_format(
                self.index_number_pattern, credit_code="X", site_code="X", year=2026, seq=1
            )
        except (KeyError, ValueError, IndexError) as error:
            raise ValidationError(
                {"index_number_pattern": f"索引号格式无效（{error}），只能使用说明中列出的占位符。"}
            ) from error
        if "{seq" not in self.index_number_pattern:
            raise ValidationError(
                {"index_number_pattern": "索引号格式必须包含序号 {seq}，否则会重复。"}
            )


class DisclosureIndexPage(ViewRestrictionsMixin, Page):
    """政府信息公开: the section's front page, listing its parts."""

    intro = RichTextField("栏目介绍", blank=True, features=INTRO_FEATURES)

    parent_page_types = ["portal.HomePage"]
    subpage_types = [
        "disclosure.DisclosureGuidePage",
        "disclosure.DisclosureCatalogPage",
        "disclosure.AnnualReportIndexPage",
        "disclosure.InformationRequestPage",
        "core.ColumnPage",
        "powers.PowerListPage",
        "powers.ClusterPowerListPage",
    ]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "pages/disclosure_index_page.html"

    class Meta:
        verbose_name = "政府信息公开"
        verbose_name_plural = "政府信息公开"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = public_pages(self.get_children())
        context["latest_documents"] = public_pages(
            PolicyDocumentPage.objects.descendant_of(self)
        ).order_by("-first_published_at")[:10]
        return context


class DisclosureGuidePage(ViewRestrictionsMixin, Page):
    """政府信息公开指南: generated from the office's settings, with an editable narrative."""

    body = RichTextField("指南正文", blank=True, features=INTRO_FEATURES)

    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    template = "pages/disclosure_guide_page.html"

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    def get_context(self, request, *args, **kwargs):
        from .requests import InformationRequestPage

        context = super().get_context(request, *args, **kwargs)
        context["request_page"] = (
            InformationRequestPage.objects.live().sibling_of(self, inclusive=False).first()
        )
        return context


class DisclosureCatalogPage(ViewRestrictionsMixin, Page):
    """法定主动公开内容: one column per category of 条例 Art. 20 and 21."""

    intro = RichTextField("栏目介绍", blank=True, features=INTRO_FEATURES)

    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = ["disclosure.DisclosureCategoryPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "pages/disclosure_catalog_page.html"

    class Meta:
        verbose_name = "法定主动公开内容"
        verbose_name_plural = "法定主动公开内容"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = public_pages(self.get_children()).specific()
        return context


class CategoryForm(VocabularyFormMixin, WagtailAdminPageForm):
    vocabulary_fields = {"category": Vocabulary.CATEGORY}


class DisclosureCategoryPage(ViewRestrictionsMixin, Page):
    """A 法定主动公开内容 column: filtered, sorted, paginated listing of its documents."""

    category = models.CharField(
        "公开类别", max_length=40, validators=[TermCodeValidator(Vocabulary.CATEGORY)]
    )
    intro = RichTextField("栏目介绍", blank=True, features=INTRO_FEATURES)

    base_form_class = CategoryForm
    parent_page_types = ["disclosure.DisclosureCatalogPage", "disclosure.DisclosureCategoryPage"]
    subpage_types = [
        "disclosure.PolicyDocumentPage",
        "disclosure.InterpretationPage",
        "disclosure.DisclosureCategoryPage",
        "news.ArticlePage",
    ]
    content_panels = [*Page.content_panels, FieldPanel("category"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "pages/disclosure_category_page.html"

    class Meta:
        verbose_name = "公开类别栏目"
        verbose_name_plural = "公开类别栏目"

    @property
    def category_label(self) -> str:
        return term_label(Vocabulary.CATEGORY, self.category)

    def get_context(self, request, *args, **kwargs):
        from ..forms import CatalogFilterForm
        from ..selectors import catalog_documents

        context = super().get_context(request, *args, **kwargs)
        form = CatalogFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["documents"] = catalog_documents(
            column=self, filters=filters, page_number=request.GET.get("page")
        )
        context["other_children"] = (
            public_pages(self.get_children()).not_type(PolicyDocumentPage).specific()
        )
        return context
