"""依申请公开: requests for government information (《政府信息公开条例》 Chapter IV)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from sites.core.visibility import ViewRestrictionsMixin

from ..statutory import OUTCOME_CHOICES, OUTCOME_LABELS, ApplicantType
from ..workdays import is_provisional, working_days_after, working_days_between

# 条例 Art. 33: answer within 20 working days of receipt, extendable once by up to 20.
ANSWER_WORKING_DAYS = 20
MAX_EXTENSION_WORKING_DAYS = 20
# 条例 Art. 30: a request for 补正 must be made within 7 working days of receipt.
SUPPLEMENT_REQUEST_WORKING_DAYS = 7


class IdentityType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘"
    DISK = "disk", "磁盘"


class DeliveryChannel(models.TextChoices):
    POST = "post", "邮寄"
    EXPRESS = "express", "快递"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"
    COLLECT = "collect", "自行领取"
    READ_ON_SITE = "read_on_site", "当场阅读、抄录"


class ReceivedVia(models.TextChoices):
    ONLINE = "online", "网上申请"
    LETTER = "letter", "信函申请"
    IN_PERSON = "in_person", "当面申请"
    FAX = "fax", "传真申请"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "办理中"
    SUPPLEMENT = "supplement", "待申请人补正"
    THIRD_PARTY = "third_party", "征求第三方意见"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


# While in these states the answer clock does not run (条例 Art. 30 and 32).
PAUSED_STATUSES = {RequestStatus.SUPPLEMENT, RequestStatus.THIRD_PARTY}
OPEN_STATUSES = {RequestStatus.RECEIVED, *PAUSED_STATUSES}


def identity_mask(value: str) -> str:
    """220202********1234: enough for staff to tell people apart, not to read the number."""
    if not value:
        return ""
    if len(value) <= 4:
        return "*" * len(value)
    keep = 6 if len(value) >= 15 else 2
    return value[:keep] + "*" * (len(value) - keep - 4) + value[-4:]


class InformationRequest(models.Model):
    tracking_number = models.CharField("申请编号", max_length=20, unique=True, editable=False)
    query_code_digest = models.CharField(max_length=64, editable=False)

    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    name = models.CharField("姓名或名称", max_length=100)
    identity_type = models.CharField("证件类型", max_length=20, choices=IdentityType.choices)
    identity_number = models.CharField("证件号码", max_length=40)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=40)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    information_title = models.CharField("所需信息的名称", max_length=200, blank=True)
    information_number = models.CharField("文号", max_length=60, blank=True)
    description = models.TextField("所需信息的内容描述")
    delivery_form = models.CharField("提供方式", max_length=20, choices=DeliveryForm.choices)
    delivery_channel = models.CharField("获取方式", max_length=20, choices=DeliveryChannel.choices)

    received_via = models.CharField(
        "申请渠道", max_length=20, choices=ReceivedVia.choices, default=ReceivedVia.ONLINE
    )
    received_at = models.DateTimeField("收到申请时间", default=timezone.now)
    clock_started_on = models.DateField("答复期限起算日")
    status = models.CharField(
        "状态", max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    paused_since = models.DateField("暂停起始日", null=True, blank=True)
    paused_working_days = models.PositiveIntegerField("已暂停工作日", default=0)
    extended_days = models.PositiveIntegerField("延长工作日", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    outcome = models.CharField("办理结果", max_length=20, blank=True, choices=OUTCOME_CHOICES)
    reply = models.TextField("答复内容", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # The deadline as of the last change, kept by save() (see deadline_computed): the
    # queue sorts by it, and a new holiday arrangement is compared against it.
    # Empty while paused: the deadline then moves with every working day of the pause.
    due_on = models.DateField("答复期限", null=True, blank=True, editable=False)
    due_provisional = models.BooleanField("期限为暂计", default=False, editable=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "依申请公开申请"
        verbose_name_plural = "依申请公开申请"
        permissions = [("view_applicant_identity", "可查看申请人证件号码")]
        indexes = [models.Index(fields=["status", "received_at"], name="inforeq_status")]

    def __str__(self):
        return self.tracking_number

    def save(self, *args, **kwargs):
        # Every state change goes through save(), so the stored deadline follows each
        # one without every service having to remember it.
        self.deadline_refresh()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "due_on", "due_provisional"}
        super().save(*args, **kwargs)

    @property
    def identity_masked(self) -> str:
        return identity_mask(self.identity_number)

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, "")

    @property
    def is_paused(self) -> bool:
        return self.status in PAUSED_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def deadline_computed(self, today: datetime.date | None = None) -> tuple[datetime.date, bool]:
        """(last day to answer, provisional) from the current calendar.

        While paused, the paused days so far are added. Provisional when the count
        crosses a year whose holiday arrangement has not been entered.
        """
        paused = self.paused_working_days
        if self.paused_since:
            paused += working_days_between(self.paused_since, today or timezone.localdate())
        due = working_days_after(
            self.clock_started_on, ANSWER_WORKING_DAYS + self.extended_days + paused
        )
        return due, is_provisional(self.clock_started_on, due)

    def deadline(self, today: datetime.date | None = None) -> datetime.date:
        """The last day to answer. While paused, the paused days so far are added."""
        if self.due_on and not self.is_paused:
            return self.due_on
        return self.deadline_computed(today)[0]

    def deadline_provisional(self, today: datetime.date | None = None) -> bool:
        """Whether the deadline counts a year with no holiday arrangement yet (暂计)."""
        if self.due_on and not self.is_paused:
            return self.due_provisional
        return self.deadline_computed(today)[1]

    def deadline_refresh(self) -> bool:
        """Set due_on and due_provisional from the current state; True if either changed."""
        before = (self.due_on, self.due_provisional)
        if self.is_paused or self.clock_started_on is None:
            self.due_on, self.due_provisional = None, False
        else:
            # Not paused, so no pause is running and `today` does not enter the count.
            self.due_on, self.due_provisional = self.deadline_computed()
        return (self.due_on, self.due_provisional) != before

    def working_days_left(self, today: datetime.date | None = None) -> int | None:
        if not self.is_open:
            return None
        today = today or timezone.localdate()
        return working_days_between(today, self.deadline(today))

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.is_open:
            return not self.is_paused and today > self.deadline(today)
        return bool(self.answered_on and self.answered_on > self.deadline(self.answered_on))

    def supplement_request_deadline(self) -> datetime.date:
        return working_days_after(
            timezone.localdate(self.received_at), SUPPLEMENT_REQUEST_WORKING_DAYS
        )


class InformationRequestEvent(models.Model):
    """What happened to a request, by whom; the applicant sees the public part."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "收到申请"
        SUPPLEMENT_REQUESTED = "supplement_requested", "告知补正"
        SUPPLEMENT_RECEIVED = "supplement_received", "收到补正"
        THIRD_PARTY_STARTED = "third_party_started", "征求第三方意见"
        THIRD_PARTY_ENDED = "third_party_ended", "第三方意见已返回"
        EXTENDED = "extended", "延长答复期限"
        ANSWERED = "answered", "作出答复"
        CLOSED = "closed", "办结"
        DEADLINE_CHANGED = "deadline_changed", "答复期限调整"

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=30, choices=Kind.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request} {self.get_kind_display()}"


class InformationRequestPage(ViewRestrictionsMixin, RoutablePageMixin, Page):
    """依申请公开: the online request form and the status lookup of a site."""

    intro = RichTextField("申请须知", blank=True, features=["h2", "h3", "bold", "ol", "ul", "link"])

    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = Page.search_fields
    template = "pages/information_request_page.html"
    # Forms and personal answers (receipt, status): never in the page cache.
    page_cache = False

    class Meta:
        verbose_name = "依申请公开"
        verbose_name_plural = "依申请公开"

    @path("")
    def apply(self, request):
        from ..views import request_apply

        return request_apply(request, page=self)

    @path("submitted/")
    def submitted(self, request):
        from ..views import request_submitted

        return request_submitted(request, page=self)

    @path("status/")
    def status(self, request):
        from ..views import request_status

        return request_status(request, page=self)
