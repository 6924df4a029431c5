"""The 权责清单: a site's administrative powers, their history, and the pages that list them.

Items are data, not pages: a department keeps hundreds, edits them in bulk from a
spreadsheet and cancels them rather than deleting them, and every change is kept as a
row (``PowerChange``). The public sees them through ``PowerListPage`` (the site's list)
and ``ClusterPowerListPage`` (the whole cluster's, from the public schema's read model).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from sites.core.visibility import ViewRestrictionsMixin

INTRO_FEATURES = ["bold", "italic", "ol", "ul", "link"]
# What a power list page marks in the page cache: an item saved purges it
# (services.powers_changed emits the pipeline's data-changed event with this tag).
POWERS_TAG = "powers"
# The same for the cluster's list, on the platform's schema (sites/powers/consumers.py).
CLUSTER_POWERS_TAG = "registers:powers"


class PowerCategory(models.TextChoices):
    """The categories of the 权责清单 (国务院办公厅《关于推行地方各级政府工作部门权力清单制度的指导意见》)."""

    LICENSING = "xk", "行政许可"
    PENALTY = "cf", "行政处罚"
    COERCION = "qz", "行政强制"
    LEVY = "zs", "行政征收"
    BENEFIT = "gf", "行政给付"
    INSPECTION = "jc", "行政检查"
    CONFIRMATION = "qr", "行政确认"
    REWARD = "jl", "行政奖励"
    ADJUDICATION = "cj", "行政裁决"
    OTHER = "qt", "其他"


class PowerStatus(models.TextChoices):
    CURRENT = "current", "现行"
    CANCELLED = "cancelled", "已取消"


class PowerItem(models.Model):
    """One power (权责事项) of the site: what it is, on what basis, who does it and how."""

    code = models.CharField(
        "事项编码",
        max_length=40,
        unique=True,
        help_text="本站唯一；再次导入表格时按编码更新事项。只能使用字母、数字、“-”“_”“.”。",
    )
    name = models.CharField("事项名称", max_length=200)
    category = models.CharField("事项类别", max_length=8, choices=PowerCategory.choices)
    legal_basis = models.TextField("设定依据", help_text="法律、法规、规章的名称及条款。")
    subject = models.CharField("实施主体", max_length=100)
    office = models.CharField("承办机构", max_length=100, blank=True, help_text="内设科室或单位。")
    process = models.TextField("办理流程", blank=True)
    duties = models.TextField("责任事项", blank=True)
    accountability = models.TextField("追责情形", blank=True)
    remarks = models.TextField("备注", blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=PowerStatus.choices, default=PowerStatus.CURRENT
    )
    cancelled_on = models.DateField("取消日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    # The fields an edit or an import may change, in the order history shows them.
    EDITABLE = (
        "name",
        "category",
        "legal_basis",
        "subject",
        "office",
        "process",
        "duties",
        "accountability",
        "remarks",
    )

    class Meta:
        verbose_name = "权责事项"
        verbose_name_plural = "权责事项"
        ordering = ["category", "code"]
        indexes = [models.Index(fields=["status", "category"], name="poweritem_status_category")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_current(self) -> bool:
        return self.status == PowerStatus.CURRENT


class PowerChange(models.Model):
    """One change of an item, kept for good: who, when, which fields from what to what."""

    class Kind(models.TextChoices):
        CREATED = "created", "新增"
        EDITED = "edited", "修改"
        CANCELLED = "cancelled", "取消"
        RESTORED = "restored", "恢复"
        IMPORTED = "imported", "导入"

    item = models.ForeignKey(PowerItem, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField("变更类型", max_length=12, choices=Kind.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # [{"field": "name", "label": "事项名称", "before": "…", "after": "…"}, …]
    fields = models.JSONField("变更内容", default=list, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "权责事项变更记录"
        verbose_name_plural = "权责事项变更记录"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.item.code} {self.get_kind_display()}"

    @property
    def field_labels(self) -> str:
        return "、".join(change["label"] for change in self.fields)


class PowerListPage(ViewRestrictionsMixin, RoutablePageMixin, Page):
    """权责清单: the site's current powers, filterable by category, each with its page."""

    intro = RichTextField("栏目介绍", blank=True, features=INTRO_FEATURES)

    parent_page_types = ["disclosure.DisclosureIndexPage", "core.ColumnPage"]
    subpage_types = []
    max_count = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "pages/power_list_page.html"

    class Meta:
        verbose_name = "权责清单"
        verbose_name_plural = "权责清单"

    @path("")
    def power_list(self, request):
        from .views import power_list

        return power_list(request, page=self)

    @path("<int:pk>/")
    def power_detail(self, request, pk):
        from .views import power_detail

        return power_detail(request, page=self, pk=pk)


class ClusterPowerListPage(ViewRestrictionsMixin, Page):
    """全市权责清单: every site's current powers, by department (from the public schema)."""

    intro = RichTextField("栏目介绍", blank=True, features=INTRO_FEATURES)

    parent_page_types = ["disclosure.DisclosureIndexPage", "core.ColumnPage"]
    subpage_types = []
    max_count = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "pages/cluster_power_list_page.html"

    class Meta:
        verbose_name = "站群权责清单"
        verbose_name_plural = "站群权责清单"

    def get_context(self, request, *args, **kwargs):
        from .views import cluster_list_context

        context = super().get_context(request, *args, **kwargs)
        context.update(cluster_list_context(request))
        return context
