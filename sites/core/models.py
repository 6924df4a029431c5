import copy

from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cluster.serving.memo import memo_versioned
from sites.core.visibility import ViewRestrictionsMixin, public_pages

from .colours import colour_darker, validate_brand_colour
from .fields import body_field
from .forms import SiteIdentityForm


class BodyMixin(models.Model):
    """A page with an introduction and a StreamField body."""

    summary = models.TextField("内容概述", blank=True)
    body = body_field()

    class Meta:
        abstract = True


class ColumnPage(ViewRestrictionsMixin, Page):
    """A column (栏目): a titled section that lists what is filed under it."""

    intro = RichTextField("栏目介绍", blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["portal.HomePage", "core.ColumnPage", "disclosure.DisclosureIndexPage"]
    subpage_types = [
        "core.ColumnPage",
        "news.ArticlePage",
        "disclosure.PolicyDocumentPage",
        "disclosure.InterpretationPage",
        "letters.LetterBoxPage",
        "powers.PowerListPage",
        "powers.ClusterPowerListPage",
        "consultations.ConsultationIndexPage",
        "consultations.InterviewIndexPage",
    ]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "pages/column_page.html"

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        children = public_pages(self.get_children()).specific().order_by("-first_published_at")
        context["children"] = Paginator(children, 20).get_page(request.GET.get("page"))
        return context


@register_setting(icon="site")
class SiteIdentity(BaseGenericSetting):
    """The identity marks in every page's footer, edited by the site admin.

    The site's name and 网站标识码 belong to the platform's registry (the Tenant);
    these are the parts the site itself answers for.
    """

    # Read by every page (footer, brand colour): kept per process while its version holds
    # (cluster/serving/memo.py); saving it bumps the version (sites/core/signals.py).
    MEMO = "site_identity"

    sponsor = models.CharField("主办单位", max_length=100)
    organizer = models.CharField("承办单位", max_length=100, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=40, blank=True)
    police_number = models.CharField("公安机关备案号", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    brand_color = models.CharField(
        "主题色",
        max_length=7,
        blank=True,
        help_text="十六进制颜色值，如 #b0121b；留空则使用主题默认颜色。"
        "须与白色文字的对比度不低于 4.5:1。",
        validators=[validate_brand_colour],
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="网站标志",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="显示在页头网站名称之前（高 64 像素）；可留空。",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("sponsor"),
                FieldPanel("organizer"),
                FieldPanel("icp_number"),
                FieldPanel("police_number"),
            ],
            heading="网站标识",
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading="联系方式",
        ),
        MultiFieldPanel(
            [FieldPanel("theme"), FieldPanel("brand_color"), FieldPanel("logo")],
            heading="网站外观",
        ),
    ]
    # The theme is the site's entry in the platform's registry (Tenant.theme); the form
    # shows and saves it here beside the colour and logo (sites/core/forms.py).
    base_form_class = SiteIdentityForm

    class Meta:
        verbose_name = _("site identity")

    @property
    def brand_color_dark(self) -> str:
        return colour_darker(self.brand_color) if self.brand_color else ""

    @classmethod
    def _get_or_create(cls):
        """The site's one row, from the per-process memo; a copy, so an edit form that
        changes it without saving never shows on public pages."""
        row = memo_versioned(connection.schema_name, cls.MEMO, None, super()._get_or_create)
        return copy.copy(row)


class CopyOrigin(models.Model):
    """Marks a page as a syndicated copy (转载) and says where it came from.

    Written only by ``cluster.syndication``; the copy's body and metadata are the
    source's, so the subscriber's editors cannot change them (the edit view sends them
    to the copy's own page in the admin), only the local note and the column.
    """

    page = models.OneToOneField(
        Page, verbose_name="副本", on_delete=models.CASCADE, related_name="copy_origin"
    )
    source_schema = models.CharField("来源站点模式", max_length=63)
    source_page_id = models.PositiveIntegerField("来源页面编号")
    source_site_name = models.CharField("来源站点", max_length=100)
    source_url = models.URLField("来源地址", max_length=500)
    source_published_at = models.DateTimeField("来源发布时间", null=True, blank=True)
    source_revision_id = models.PositiveIntegerField("来源版本", null=True, blank=True)
    superseded_by_url = models.URLField("修改或废止本文件的文件地址", max_length=500, blank=True)
    superseded_by_title = models.CharField("修改或废止本文件的文件", max_length=255, blank=True)
    # The id search collapses copies by: the original's, wherever the chain began.
    canonical = models.CharField("规范标识", max_length=120, blank=True)
    channel_name = models.CharField("转载频道", max_length=60, blank=True)
    editor_note = models.TextField(
        "本站编者按", blank=True, help_text="显示在转载内容之前，只属于本站。"
    )
    delivered_at = models.DateTimeField("最近投递时间", null=True, blank=True)

    class Meta:
        verbose_name = "转载来源"
        verbose_name_plural = "转载来源"
        constraints = [
            # One copy of a source page per site, whatever races.
            models.UniqueConstraint(
                fields=["source_schema", "source_page_id"], name="copyorigin_once_per_source"
            )
        ]

    def __str__(self):
        return f"{self.source_site_name}: {self.source_url}"

    # Pages imported from a higher government's feed are copies of something outside
    # the cluster: they are passed on to subscribers like a site's own pages.
    UPSTREAM = "upstream"

    @property
    def canonical_id(self) -> str:
        return self.canonical or f"{self.source_schema}:{self.source_page_id}"

    @property
    def is_upstream_import(self) -> bool:
        return self.source_schema == self.UPSTREAM
