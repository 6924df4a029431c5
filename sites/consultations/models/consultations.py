"""意见征集: a draft open for public comment between two dates, and its 采纳情况.

A consultation is finished only once its feedback page (采纳情况) is published
(``services.consultation_finish``); until then the site admin is reminded
(``tasks.feedback_reminders_send`` and the admin home panel). Comments are rows, not
pages: nothing a citizen typed reaches a public page, feed or index before a moderator
approved it, and then only where the consultation page chooses to show it.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from sites.core.fields import attachments_field, body_field
from sites.core.publishing import PublicationChecksMixin
from sites.core.visibility import ViewRestrictionsMixin, public_pages

COMMENT_MAX_LENGTH = 2000
INTRO_FEATURES = ["h2", "h3", "bold", "ol", "ul", "link", "document-link"]


class ModerationStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"


class ConsultationState(models.TextChoices):
    UPCOMING = "upcoming", "未开始"
    OPEN = "open", "征集中"
    AWAITING_FEEDBACK = "awaiting_feedback", "已结束，待反馈"
    FINISHED = "finished", "已反馈"


def name_mask(name: str) -> str:
    """张三 → 张*: a comment shown in public says who wrote it without naming them."""
    name = (name or "").strip()
    if not name:
        return "网友"
    return name[0] + "*" * min(len(name) - 1, 3) if len(name) > 1 else name + "*"


class ConsultationIndexPage(ViewRestrictionsMixin, Page):
    """意见征集: the consultations of a site, newest first, each with its state."""

    intro = RichTextField("栏目介绍", blank=True, features=["bold", "link"])

    parent_page_types = ["core.ColumnPage"]
    subpage_types = ["consultations.ConsultationPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "pages/consultation_index_page.html"
    # The states move with the clock, not with publication.
    page_cache = False

    class Meta:
        verbose_name = "意见征集栏目"
        verbose_name_plural = "意见征集栏目"

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        consultations = public_pages(ConsultationPage.objects.child_of(self)).order_by("-opens_at")
        context["consultations"] = Paginator(consultations, 20).get_page(request.GET.get("page"))
        return context


class ConsultationPage(ViewRestrictionsMixin, PublicationChecksMixin, RoutablePageMixin, Page):
    """One draft open for comment from ``opens_at`` to ``closes_at``."""

    intro = RichTextField(
        "征求意见说明",
        features=INTRO_FEATURES,
        help_text="起草背景、主要内容和需要重点听取意见的问题。",
    )
    attachments = attachments_field(help_text="征求意见稿全文及起草说明，至少一个文件。")
    opens_at = models.DateTimeField("征集开始时间")
    closes_at = models.DateTimeField(
        "征集截止时间",
        help_text="《重大行政决策程序暂行条例》第十四条：征求意见期限一般不少于30日。",
    )
    unit = models.CharField("征集单位", max_length=100)
    contact = models.TextField(
        "联系方式",
        blank=True,
        help_text="电话、电子邮箱、通信地址等线下提交意见的渠道，公开显示。",
    )
    show_comments = models.BooleanField(
        "公开已审核通过的意见",
        default=False,
        help_text="勾选后，审核通过的意见（姓名隐去，联系方式不公开）显示在本页。",
    )
    # Set by services.consultation_finish once the 采纳情况 is published; never by the form.
    finished_at = models.DateTimeField("办结时间", null=True, blank=True, editable=False)

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = ["consultations.ConsultationFeedbackPage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading="征集时间",
        ),
        FieldPanel("unit"),
        FieldPanel("contact"),
        FieldPanel("show_comments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("unit"),
        index.FilterField("opens_at"),
    ]
    template = "pages/consultation_page.html"
    # A form (CSRF token) while open, and a state that follows the clock.
    page_cache = False
    exclude_fields_in_copy = ["finished_at"]
    publication_refused_heading = "意见征集页面不能发布："

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "征集截止时间应晚于开始时间。"})

    def publication_problems(self) -> list[str]:
        problems = []
        if not any(block.block_type == "attachment" for block in self.attachments or []):
            problems.append("请上传征求意见稿全文作为附件。")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            problems.append("征集截止时间应晚于开始时间。")
        return problems

    def with_content_json(self, content):
        # finished_at belongs to the consultation, not to a version of its text:
        # publishing an older or newer draft keeps it.
        obj = super().with_content_json(content)
        obj.finished_at = self.finished_at
        return obj

    # -- state ---------------------------------------------------------------

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return ConsultationState.UPCOMING
        if now < self.closes_at:
            return ConsultationState.OPEN
        if self.finished_at is None:
            return ConsultationState.AWAITING_FEEDBACK
        return ConsultationState.FINISHED

    def state_label(self) -> str:
        return ConsultationState(self.state()).label

    def is_open(self, now=None) -> bool:
        return self.state(now) == ConsultationState.OPEN

    def feedback_live(self):
        """The published 采纳情况 of this consultation, or None."""
        return public_pages(ConsultationFeedbackPage.objects.child_of(self)).first()

    def public_comments(self):
        """What the public may read of the comments: approved ones, if the page shows them."""
        if not self.show_comments:
            return ConsultationComment.objects.none()
        return self.citizen_comments.filter(status=ModerationStatus.APPROVED).order_by(
            "submitted_at"
        )

    # -- routes --------------------------------------------------------------

    @path("")
    def comment(self, request):
        from ..views import consultation_comment

        return consultation_comment(request, page=self)

    @path("submitted/")
    def submitted(self, request):
        from ..views import consultation_submitted

        return consultation_submitted(request, page=self)


class ConsultationComment(models.Model):
    """One comment from the public; shown nowhere public until approved."""

    consultation = models.ForeignKey(
        ConsultationPage,
        verbose_name="意见征集",
        on_delete=models.CASCADE,
        related_name="citizen_comments",
    )
    name = models.CharField("姓名", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    body = models.TextField("意见建议", validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)])
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    status = models.CharField(
        "审核状态",
        max_length=12,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
    )
    reject_reason = models.CharField("不予公开的理由", max_length=200, blank=True)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"
        indexes = [
            models.Index(fields=["consultation", "status"], name="comment_status"),
            models.Index(fields=["submitted_at"], name="comment_submitted"),
        ]

    def __str__(self):
        return f"{self.consultation_id}: {self.body[:20]}"

    @property
    def name_masked(self) -> str:
        return name_mask(self.name)


class ConsultationFeedbackPage(ViewRestrictionsMixin, PublicationChecksMixin, Page):
    """采纳情况: how many comments came in, what was adopted and why.

    The number received is counted from the comments at publication and frozen into
    the published version, beside the counts staff give.
    """

    offline_count = models.PositiveIntegerField(
        "其他渠道收到的意见（条）",
        default=0,
        help_text="信函、电子邮件、座谈会等网站以外渠道收到的意见条数。",
    )
    adopted_count = models.PositiveIntegerField("采纳（条）", default=0)
    partly_adopted_count = models.PositiveIntegerField("部分采纳（条）", default=0)
    not_adopted_count = models.PositiveIntegerField("未采纳（条）", default=0)
    body = body_field(help_text="采纳了哪些意见、据此作了哪些修改；未采纳的意见及理由。")
    # Frozen at publication: the comments received online (every one, whatever its
    # moderation: a rejected comment was still received).
    online_count = models.PositiveIntegerField("网站收到的意见（条）", default=0, editable=False)

    parent_page_types = ["consultations.ConsultationPage"]
    subpage_types = []
    max_count_per_parent = 1
    content_panels = [
        *Page.content_panels,
        HelpPanel(
            "<p>网站收到的意见条数由系统在发布时统计。采纳、部分采纳、未采纳三项之和应等于"
            "收到的意见总数（网站收到的加上其他渠道收到的）。</p>",
            heading="意见条数",
        ),
        FieldPanel("offline_count"),
        FieldRowPanel(
            [
                FieldPanel("adopted_count"),
                FieldPanel("partly_adopted_count"),
                FieldPanel("not_adopted_count"),
            ],
            heading="采纳情况",
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields]
    template = "pages/consultation_feedback_page.html"
    publication_refused_heading = "采纳情况不能发布："

    class Meta:
        verbose_name = "意见采纳情况"
        verbose_name_plural = "意见采纳情况"

    @property
    def received_count(self) -> int:
        return self.online_count + self.offline_count

    def consultation(self) -> ConsultationPage | None:
        parent = self.get_parent() if self.path else None
        return parent.specific if parent is not None else None

    def publication_problems(self, online_count: int | None = None) -> list[str]:
        consultation = self.consultation()
        if consultation is None or not isinstance(consultation, ConsultationPage):
            return ["采纳情况须建在一次意见征集之下。"]
        problems = []
        if timezone.now() < consultation.closes_at:
            problems.append(
                "意见征集尚未结束（截止时间"
                f"{timezone.localtime(consultation.closes_at):%Y年%m月%d日 %H:%M}），"
                "结束后才能发布采纳情况。"
            )
        comments = consultation.citizen_comments.all()
        if pending := comments.filter(status=ModerationStatus.PENDING).count():
            problems.append(f"还有{pending}条意见未审核，请先在“意见征集”中审核。")
        online = comments.count() if online_count is None else online_count
        received = online + self.offline_count
        decided = self.adopted_count + self.partly_adopted_count + self.not_adopted_count
        if decided != received:
            problems.append(
                f"采纳、部分采纳、未采纳的条数之和（{decided}条）应等于收到的意见总数"
                f"（{received}条：网站{online}条，其他渠道{self.offline_count}条）。"
            )
        if not self.body:
            problems.append("请写明采纳了哪些意见，以及未采纳的理由。")
        return problems

    def before_going_live(self) -> None:
        consultation = self.consultation()
        online = (
            consultation.citizen_comments.count()
            if isinstance(consultation, ConsultationPage)
            else 0
        )
        if problems := self.publication_problems(online):
            raise self.publication_refused(problems)
        self.online_count = online


class FeedbackReminder(models.Model):
    """A day the site admin was reminded that a closed consultation has no 采纳情况 yet."""

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="feedback_reminders"
    )
    day = models.DateField("提醒日期")
    recipients = models.TextField("提醒对象", blank=True)
    sent_at = models.DateTimeField("提醒时间", default=timezone.now)

    class Meta:
        ordering = ["-day"]
        verbose_name = "采纳情况提醒"
        verbose_name_plural = "采纳情况提醒"
        constraints = [
            models.UniqueConstraint(fields=["consultation", "day"], name="feedback_reminder_daily")
        ]

    def __str__(self):
        return f"{self.consultation_id} {self.day}"

    def recipient_list(self) -> list[str]:
        return json.loads(self.recipients or "[]")
