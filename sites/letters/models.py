"""政民互动 letters: a site's mailboxes (领导信箱, 咨询, 投诉, 建议 …) and the letters in them.

A letter is not a page: it is a record with a statutory-style clock (a reply deadline in
working days, by type), a history, and an answer that is published only when the writer
agreed and staff chose to. A letter can move to another site of the cluster (转办): the
receiving site gets a copy with the same tracking number, query code and deadline, and
both keep the history (sites/letters/transfer.py).
"""

import datetime
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from sites.core.visibility import ViewRestrictionsMixin
from sites.disclosure.workdays import working_days_after, working_days_between

SUBJECT_MAX = 100
BODY_MAX = 5000


class LetterType(models.Model):
    """A mailbox of the site with its reply deadline; the site admin keeps the list."""

    name = models.CharField("信件类型", max_length=20, unique=True)
    slug = models.SlugField(
        "代码", max_length=20, unique=True, help_text="用于网址的简短代码：小写字母、数字或连字符。"
    )
    reply_working_days = models.PositiveSmallIntegerField(
        "答复时限（工作日）",
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="自收到信件的下一个工作日起计算，法定节假日不计。",
    )
    description = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("接收来信", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "信件类型"
        verbose_name_plural = "信件类型"

    def __str__(self):
        return self.name


class LetterStatus(models.TextChoices):
    RECEIVED = "received", "待办理"
    IN_PROGRESS = "in_progress", "办理中"
    IN_REVIEW = "in_review", "答复待审核"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"
    TRANSFERRED = "transferred", "已转办"


# The reply clock runs in these states.
OPEN_STATUSES = {LetterStatus.RECEIVED, LetterStatus.IN_PROGRESS, LetterStatus.IN_REVIEW}
REPLIED_STATUSES = {LetterStatus.ANSWERED, LetterStatus.CLOSED}


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


def name_mask(name: str) -> str:
    """王** : what the public sees of a writer's name."""
    name = name.strip()
    if not name:
        return "匿名"
    return name[0] + "*" * max(len(name) - 1, 1)


class Letter(models.Model):
    tracking_number = models.CharField("信件编号", max_length=20, unique=True, editable=False)
    query_code_digest = models.CharField(max_length=64, editable=False)

    letter_type = models.ForeignKey(
        LetterType, on_delete=models.PROTECT, related_name="letters", verbose_name="信件类型"
    )
    subject = models.CharField("标题", max_length=SUBJECT_MAX)
    body = models.TextField("内容", max_length=BODY_MAX)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    publish_consent = models.BooleanField("同意公开", default=False)

    received_at = models.DateTimeField("收信时间", default=timezone.now)
    clock_started_on = models.DateField("期限起算日")
    reply_working_days = models.PositiveSmallIntegerField("答复时限（工作日）")
    due_on = models.DateField("答复期限")
    status = models.CharField(
        "状态", max_length=20, choices=LetterStatus.choices, default=LetterStatus.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="承办人",
    )
    reply = models.TextField("答复内容", blank=True, max_length=BODY_MAX)
    reply_unit = models.CharField("答复单位", max_length=100, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    published = models.BooleanField("已公开", default=False)

    rating = models.CharField("满意度", max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)

    # Transferred in: where it came from. Transferred out: where it went.
    origin_schema = models.CharField(max_length=63, blank=True, editable=False)
    origin_letter_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    origin_site_name = models.CharField("转来单位", max_length=100, blank=True, editable=False)
    transferred_to_schema = models.CharField(max_length=63, blank=True, editable=False)
    transferred_to_name = models.CharField("转往单位", max_length=100, blank=True, editable=False)
    transferred_to_url = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "来信"
        verbose_name_plural = "来信"
        permissions = [
            ("review_letter", "可审核信件答复"),
            ("transfer_letter", "可转办信件"),
            ("view_writer_contact", "可查看来信人联系方式"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="letter_status_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["origin_schema", "origin_letter_id"],
                condition=models.Q(origin_letter_id__isnull=False),
                name="letter_one_copy_per_origin",
            )
        ]

    def __str__(self):
        return f"{self.tracking_number} {self.subject}"

    @staticmethod
    def due_date(clock_started_on: datetime.date, working_days: int) -> datetime.date:
        # As the disclosure clocks count (期间开始之日不计算在内): a letter received on a
        # Monday with a five-day limit is due the next Monday.
        return working_days_after(clock_started_on, working_days)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def name_masked(self) -> str:
        return name_mask(self.name)

    @property
    def replied_on(self) -> datetime.date | None:
        return timezone.localdate(self.replied_at) if self.replied_at else None

    def working_days_left(self, today: datetime.date | None = None) -> int | None:
        if not self.is_open:
            return None
        return working_days_between(today or timezone.localdate(), self.due_on)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        if self.is_open:
            return (today or timezone.localdate()) > self.due_on
        return bool(self.replied_on and self.replied_on > self.due_on)

    def reply_working_days_taken(self) -> int | None:
        """Working days from the clock's start to the reply (a same-day reply takes 0)."""
        if not self.replied_on:
            return None
        return max(working_days_between(self.clock_started_on, self.replied_on), 0)

    @property
    def can_be_rated(self) -> bool:
        return self.status in REPLIED_STATUSES and not self.rating

    @property
    def is_public(self) -> bool:
        return self.published and self.publish_consent and self.status in REPLIED_STATUSES


class LetterEvent(models.Model):
    """What happened to a letter, on which site and by whom; the writer sees the public part."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "收到来信"
        ASSIGNED = "assigned", "分派承办人"
        DRAFTED = "drafted", "拟写答复"
        SUBMITTED_FOR_REVIEW = "review", "答复提交审核"
        RETURNED = "returned", "答复退回修改"
        ANSWERED = "answered", "答复来信人"
        PUBLISHED = "published", "公开信件"
        UNPUBLISHED = "unpublished", "取消公开"
        CLOSED = "closed", "办结"
        TRANSFERRED = "transferred", "转办"
        TRANSFER_RECEIVED = "transfer_received", "接收转办"
        TRANSFER_FAILED = "transfer_failed", "转办失败"
        RATED = "rated", "来信人评价"

    # Kinds the writer sees in the lookup (the rest is the office's own work).
    PUBLIC_KINDS = {
        Kind.SUBMITTED,
        Kind.ANSWERED,
        Kind.CLOSED,
        Kind.TRANSFERRED,
        Kind.TRANSFER_RECEIVED,
        Kind.RATED,
    }

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=30, choices=Kind.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    site_name = models.CharField("办理单位", max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("办理人", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)
    # Set on events copied from or reported by another site, so a redelivery adds nothing.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.letter.tracking_number} {self.get_kind_display()}"

    @property
    def is_public(self) -> bool:
        return self.kind in self.PUBLIC_KINDS


def _private_storage():
    return storages["private"]


def attachment_path(instance, filename: str) -> str:
    from django.db import connection

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"letters/{connection.schema_name}/{uuid.uuid4().hex}.{extension}"


class LetterAttachment(models.Model):
    """A picture or PDF sent with a letter: kept out of the public media, read by staff only."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=_private_storage, max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class LetterBoxPage(ViewRestrictionsMixin, RoutablePageMixin, Page):
    """The site's 政民互动 letters: write, look up, and read the letters made public."""

    intro = RichTextField("写信须知", blank=True, features=["h2", "h3", "bold", "ol", "ul", "link"])

    parent_page_types = ["core.ColumnPage", "portal.HomePage"]
    subpage_types = []
    max_count = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = Page.search_fields
    template = "pages/letter_box_page.html"
    # Forms, receipts and personal answers: never in the page cache.
    page_cache = False

    class Meta:
        verbose_name = "政民互动信箱"
        verbose_name_plural = "政民互动信箱"

    @path("")
    def letters(self, request):
        from .views import letter_index

        return letter_index(request, page=self)

    @path("write/")
    def write(self, request):
        from .views import letter_write

        return letter_write(request, page=self)

    @path("submitted/")
    def submitted(self, request):
        from .views import letter_submitted

        return letter_submitted(request, page=self)

    @path("lookup/")
    def lookup(self, request):
        from .views import letter_lookup

        return letter_lookup(request, page=self)

    @path("<int:letter_id>/")
    def letter(self, request, letter_id):
        from .views import letter_detail

        return letter_detail(request, page=self, letter_id=letter_id)
