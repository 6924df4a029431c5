"""政府文件 and 政策解读: the documents of the disclosure catalog and their explanations."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable, Page
from wagtail.search import index

from cluster.vocabularies.models import Vocabulary
from cluster.vocabularies.selectors import term_choices, term_label
from cluster.vocabularies.validators import TermCodeValidator
from sites.core.fields import attachments_field
from sites.core.models import BodyMixin
from sites.core.publishing import PublicationChecksMixin
from sites.core.selectors import page_copy_origin
from sites.core.visibility import (
    PublicRuleMixin,
    ViewRestrictionsMixin,
    Visibility,
    page_visibility,
    public_pages,
)

from ..docnumber import document_number_parse
from .panels import InterpretationStatusPanel


class Validity(models.TextChoices):
    NOT_YET = "not_yet", "尚未生效"
    CURRENT = "current", "现行有效"
    AMENDED = "amended", "已修改"
    PARTIALLY_REPEALED = "partially_repealed", "部分废止"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "失效"


# Validities that send readers to a newer document.
SUPERSEDED = {Validity.AMENDED, Validity.PARTIALLY_REPEALED, Validity.REPEALED}


class DisclosureMethod(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_DISCLOSED = "not_disclosed", "不予公开"


class VocabularyFormMixin:
    """Offers the shared vocabulary's current terms for the page's code fields."""

    vocabulary_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._vocabulary_choices()

    def _vocabulary_choices(self):
        for name, vocabulary in self.vocabulary_fields.items():
            if name in self.fields:
                current = getattr(self.instance, name, "")
                self.fields[name] = forms.ChoiceField(
                    label=self.fields[name].label,
                    required=self.fields[name].required,
                    help_text=self.fields[name].help_text,
                    choices=[("", "---------"), *term_choices(vocabulary, include=current)],
                )


class PolicyDocumentForm(VocabularyFormMixin, WagtailAdminPageForm):
    vocabulary_fields = {
        "topic": Vocabulary.TOPIC,
        "doctype": Vocabulary.DOCTYPE,
        "genre": Vocabulary.GENRE,
    }

    def clean_document_number(self):
        value = self.cleaned_data.get("document_number", "").strip()
        return str(document_number_parse(value)) if value else ""


class PolicyDocumentPage(
    ViewRestrictionsMixin, PublicRuleMixin, PublicationChecksMixin, BodyMixin, Page
):
    """政府文件: a policy document with the metadata of the gov.cn policy library."""

    index_number = models.CharField(
        "索引号", max_length=64, unique=True, null=True, blank=True, editable=False
    )
    topic = models.CharField(
        "主题分类", max_length=40, validators=[TermCodeValidator(Vocabulary.TOPIC)]
    )
    doctype = models.CharField(
        "文种", max_length=40, blank=True, validators=[TermCodeValidator(Vocabulary.DOCTYPE)]
    )
    genre = models.CharField(
        "体裁", max_length=40, validators=[TermCodeValidator(Vocabulary.GENRE)]
    )
    document_number = models.CharField(
        "发文字号",
        max_length=60,
        blank=True,
        help_text="如 吉市政函〔2009〕53号，保存时自动规范格式。",
    )
    number_agency = models.CharField("机关代字", max_length=40, blank=True, editable=False)
    number_year = models.PositiveSmallIntegerField(
        "文号年份", null=True, blank=True, editable=False
    )
    number_serial = models.PositiveIntegerField("文号序号", null=True, blank=True, editable=False)
    written_date = models.DateField("成文日期")
    effective_date = models.DateField("实施日期", null=True, blank=True)
    expiry_date = models.DateField("有效期至", null=True, blank=True)
    validity = models.CharField(
        "有效性", max_length=20, choices=Validity.choices, default=Validity.CURRENT
    )
    repealed_date = models.DateField(
        "废止或失效日期", null=True, blank=True, help_text="有效性为“已废止”或“失效”时必填。"
    )
    superseded_by = models.ForeignKey(
        "disclosure.PolicyDocumentPage",
        verbose_name="修改或废止本文件的文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    disclosure_method = models.CharField(
        "公开方式",
        max_length=20,
        choices=DisclosureMethod.choices,
        default=DisclosureMethod.PROACTIVE,
    )
    non_disclosure_reason = models.TextField(
        "不公开理由",
        blank=True,
        help_text="依申请公开或不予公开时必填，仅供内部审核，不在网站上显示。",
    )
    keywords = models.CharField(
        "关键词", max_length=200, blank=True, help_text="以空格或逗号分隔。"
    )
    needs_interpretation = models.BooleanField(
        "需解读", default=False, help_text="重要政策文件应同步发布解读（2019年考核指标）。"
    )
    attachments = attachments_field()

    base_form_class = PolicyDocumentForm
    parent_page_types = ["disclosure.DisclosureCategoryPage", "core.ColumnPage"]
    subpage_types = []
    # The number is the site's, once: a copy is a new document and gets its own.
    exclude_fields_in_copy = ["index_number"]

    content_panels = [
        *Page.content_panels,
        InterpretationStatusPanel(),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("topic"), FieldPanel("doctype"), FieldPanel("genre")]),
                InlinePanel("issuers", label="发文机关", min_num=1),
                FieldPanel("document_number"),
                FieldRowPanel(
                    [
                        FieldPanel("written_date"),
                        FieldPanel("effective_date"),
                        FieldPanel("expiry_date"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("validity"),
                        FieldPanel("repealed_date"),
                        PageChooserPanel(
                            "superseded_by", page_type="disclosure.PolicyDocumentPage"
                        ),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("disclosure_method"), FieldPanel("non_disclosure_reason")]
                ),
                FieldPanel("keywords"),
                FieldPanel("needs_interpretation"),
            ],
            heading="文件信息",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.SearchField("index_number"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("keywords"),
        index.FilterField("topic"),
        index.FilterField("validity"),
        index.FilterField("written_date"),
    ]
    template = "pages/policy_document_page.html"

    class Meta:
        verbose_name = "政府文件"
        verbose_name_plural = "政府文件"
        indexes = [
            models.Index(fields=["topic"], name="policydoc_topic"),
            models.Index(fields=["doctype"], name="policydoc_doctype"),
            models.Index(fields=["validity"], name="policydoc_validity"),
            models.Index(fields=["written_date"], name="policydoc_written"),
            models.Index(fields=["number_agency", "number_year"], name="policydoc_number"),
        ]

    # -- rules ---------------------------------------------------------------

    @property
    def published_date(self) -> datetime.date | None:
        """发布日期: the day the system first published it, never typed by an editor."""
        if self.first_published_at is None:
            return None
        return timezone.localdate(self.first_published_at)

    def clean(self):
        super().clean()
        errors = {}
        if self.document_number:
            try:
                parsed = document_number_parse(self.document_number)
            except ValidationError as error:
                errors["document_number"] = error.messages
            else:
                self.document_number = str(parsed)
                self.number_agency, self.number_year, self.number_serial = (
                    parsed.agency,
                    parsed.year,
                    parsed.serial,
                )
        else:
            self.number_agency, self.number_year, self.number_serial = "", None, None
        # 发布日期 is today for a document not yet published, so 成文日期 cannot be later.
        publish_day = self.published_date or timezone.localdate()
        if self.written_date and self.written_date > publish_day:
            errors["written_date"] = (
                f"成文日期不能晚于发布日期（{publish_day:%Y-%m-%d}）。发布日期由系统在发布时记录。"
            )
        if self.written_date and self.effective_date and self.effective_date < self.written_date:
            errors["effective_date"] = "实施日期不能早于成文日期。"
        if self.effective_date and self.expiry_date and self.expiry_date < self.effective_date:
            errors["expiry_date"] = "有效期截止日期不能早于实施日期。"
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = "文件不能修改或废止自身。"
        if self.superseded_by_id and self.validity not in SUPERSEDED:
            errors["validity"] = (
                "已选择修改或废止本文件的文件，有效性应为“已修改”“部分废止”或“已废止”。"
            )
        if self.validity in (Validity.REPEALED, Validity.EXPIRED) and not self.repealed_date:
            errors["repealed_date"] = "有效性为“已废止”或“失效”时，请填写废止或失效日期。"
        if self.repealed_date and self.written_date and self.repealed_date < self.written_date:
            errors["repealed_date"] = "废止或失效日期不能早于成文日期。"
        if (
            self.validity in (Validity.REPEALED, Validity.EXPIRED)
            and self.repealed_date
            and self.repealed_date > timezone.localdate()
        ):
            # “已废止” records a repeal that happened; a future one is still current law.
            errors["repealed_date"] = (
                "有效性为“已废止”或“失效”时，废止或失效日期不能晚于今天；"
                "将来才废止的文件，到期前请保持“现行有效”并填写有效期至。"
            )
        if (
            self.disclosure_method != DisclosureMethod.PROACTIVE
            and not self.non_disclosure_reason.strip()
        ):
            errors["non_disclosure_reason"] = "依申请公开或不予公开的文件须填写理由（仅内部可见）。"
        if errors:
            raise ValidationError(errors)

    def before_going_live(self) -> None:
        # Checked first, so a refused publication never uses up a 索引号. The number
        # is issued in the same transaction as the publish that first makes it live.
        super().before_going_live()
        # A copy (syndicated or imported) carries its source's number, if any, and never
        # uses this site's counter.
        if not self.index_number and page_copy_origin(self) is None:
            from ..services import index_number_issue

            self.index_number = index_number_issue(page=self)

    def with_content_json(self, content):
        # A revision saved before the first publish has no 索引号; never let it
        # blank or change the one the page was given.
        obj = super().with_content_json(content)
        obj.index_number = self.index_number
        return obj

    def number_clash_problem(self, *, live_only: bool = True) -> str:
        """Why this document cannot go live with its 发文字号, or "" when it can."""
        from ..selectors import documents_sharing_number

        other = documents_sharing_number(self, live_only=live_only).first()
        if other is None:
            return ""
        state = "已发布的" if other.live else "草稿"
        return (
            f"本站{state}现行文件《{other.title}》的发文字号也是“{self.document_number}”。"
            "两份现行有效的文件不能使用同一发文字号；如果本文件修改或废止了该文件，"
            "请在该文件的“修改或废止本文件的文件”中选择本文件，或核对发文字号。"
        )

    publication_refused_heading = "政府文件未通过发布校验，不能发布："

    def publication_problems(self) -> list[str]:
        if page_copy_origin(self) is not None:
            return []  # a copy is the source's document: its number was checked there
        problem = self.number_clash_problem()
        return [problem] if problem else []

    # -- public page ---------------------------------------------------------

    @classmethod
    def public_hidden_q(cls) -> Q:
        # 不予公开 documents stay in the register for the annual report, never public.
        return Q(disclosure_method=DisclosureMethod.NOT_DISCLOSED)

    @classmethod
    def public_metadata_only_q(cls) -> Q:
        # 依申请公开: the public learns the document exists (and may request it).
        return Q(disclosure_method=DisclosureMethod.ON_REQUEST)

    def public_rule(self) -> Visibility:
        return {
            DisclosureMethod.NOT_DISCLOSED: Visibility.HIDDEN,
            DisclosureMethod.ON_REQUEST: Visibility.METADATA,
        }.get(self.disclosure_method, Visibility.FULL)

    def serve(self, request, *args, **kwargs):
        from django.http import Http404

        if page_visibility(self) == Visibility.HIDDEN:
            raise Http404
        return super().serve(request, *args, **kwargs)

    @cached_property
    def issuer_names(self) -> str:
        return "、".join(issuer.name for issuer in self.issuers.all())

    def metadata_rows(self) -> list[tuple[str, str]]:
        """The 信息索引 table of the gov.cn policy library, in its order."""
        return [
            ("索引号", self.index_number or ""),
            ("主题分类", term_label(Vocabulary.TOPIC, self.topic)),
            ("发文机关", self.issuer_names),
            ("成文日期", f"{self.written_date:%Y年%m月%d日}" if self.written_date else ""),
            ("标题", self.title),
            ("发文字号", self.document_number),
            ("发布日期", f"{self.published_date:%Y年%m月%d日}" if self.published_date else ""),
            ("文种", term_label(Vocabulary.DOCTYPE, self.doctype)),
            ("体裁", term_label(Vocabulary.GENRE, self.genre)),
            ("实施日期", f"{self.effective_date:%Y年%m月%d日}" if self.effective_date else ""),
            ("有效性", self.get_validity_display()),
            ("公开方式", self.get_disclosure_method_display()),
        ]

    def published_interpretations(self):
        return (
            public_pages(InterpretationPage.objects.filter(document_links__document=self))
            .defer_streamfields()
            .distinct()
            .order_by("-first_published_at")
        )

    def published_superseded_documents(self):
        """The documents this one amends or repeals, as far as the public may see them."""
        return (
            public_pages(PolicyDocumentPage.objects.filter(superseded_by=self))
            .defer_streamfields()
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Methods, not querysets: the template calls them only when it renders those
        # lists (not when the page's fragment comes from the cache).
        context["interpretations"] = self.published_interpretations
        context["superseded_documents"] = self.published_superseded_documents
        # 依申请公开: the public sees the metadata and how to ask, never the text.
        context["full_text"] = page_visibility(self) == Visibility.FULL
        superseding = self.superseded_by
        if superseding and page_visibility(superseding) != Visibility.FULL:
            superseding = None
        context["superseding"] = superseding
        origin = page_copy_origin(self)
        if superseding is None and origin is not None and origin.superseded_by_url:
            # A copy whose newer document was not syndicated here: link to the source's.
            context["superseding_link"] = {
                "url": origin.superseded_by_url,
                "title": origin.superseded_by_title,
            }
        return context


class PolicyDocumentIssuer(Orderable):
    """发文机关; joint documents have several, in the order of the document's header."""

    page = ParentalKey(PolicyDocumentPage, related_name="issuers", on_delete=models.CASCADE)
    name = models.CharField("机关名称", max_length=100)

    panels = [FieldPanel("name")]

    def __str__(self):
        return self.name


class SiteSequence(models.Model):
    """A counter of the site (索引号 per year, request numbers per year); it only ever grows."""

    key = models.CharField(max_length=40, primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}={self.last_value}"


class IndexNumberRecord(models.Model):
    """Every 索引号 ever issued on the site. Rows are never deleted, so none is reused."""

    number = models.CharField("索引号", max_length=64, unique=True)
    page_id_at_issue = models.PositiveIntegerField("页面编号")
    issued_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "索引号记录"
        verbose_name_plural = "索引号记录"

    def __str__(self):
        return self.number


class InterpretationForm(models.TextChoices):
    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图解"
    VIDEO = "video", "视频解读"
    QA = "qa", "问答"
    EXPERT = "expert", "专家解读"


class InterpretationPage(ViewRestrictionsMixin, BodyMixin, Page):
    """政策解读: explains one or more policy documents; both pages show the link."""

    form = models.CharField(
        "解读形式",
        max_length=10,
        choices=InterpretationForm.choices,
        default=InterpretationForm.TEXT,
    )
    source = models.CharField("解读机关", max_length=100, blank=True)

    parent_page_types = ["disclosure.DisclosureCategoryPage", "core.ColumnPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("form"), FieldPanel("source")]),
        InlinePanel("document_links", label="解读的文件", min_num=1),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("form"),
    ]
    template = "pages/interpretation_page.html"

    def pages_showing_this(self):
        """The documents it explains list it (the page cache purges them with it)."""
        return self.document_links.values_list("document_id", flat=True)

    class Meta:
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"

    def documents(self):
        return public_pages(PolicyDocumentPage.objects.filter(interpretation_links__page=self))


class InterpretationLink(Orderable):
    page = ParentalKey(InterpretationPage, related_name="document_links", on_delete=models.CASCADE)
    document = models.ForeignKey(
        PolicyDocumentPage,
        verbose_name="政府文件",
        on_delete=models.CASCADE,
        related_name="interpretation_links",
    )

    panels = [PageChooserPanel("document", page_type="disclosure.PolicyDocumentPage")]
