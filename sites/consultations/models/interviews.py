"""在线访谈: a scheduled interview with guests, a moderated live Q&A, then its 实录.

Before and during the interview the public sends questions; moderators approve them
and staff post the answers and their own text (``InterviewPost``) in the admin. The
public page shows approved questions and posts, refreshed while live. After the end,
staff turn the Q&A into the transcript (``services.interview_transcript_make``): a new
published version of the page whose ``transcript`` is what the page shows from then on.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from sites.core.visibility import ViewRestrictionsMixin, public_pages

from .consultations import ModerationStatus, name_mask

QUESTION_MAX_LENGTH = 500


class InterviewState(models.TextChoices):
    UPCOMING = "upcoming", "预告"
    LIVE = "live", "直播中"
    ENDED = "ended", "已结束"


class InterviewIndexPage(ViewRestrictionsMixin, Page):
    """在线访谈: the site's interviews, the next or current one first."""

    intro = RichTextField("栏目介绍", blank=True, features=["bold", "link"])

    parent_page_types = ["core.ColumnPage"]
    subpage_types = ["consultations.InterviewPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "pages/interview_index_page.html"
    page_cache = False

    class Meta:
        verbose_name = "在线访谈栏目"
        verbose_name_plural = "在线访谈栏目"

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        interviews = public_pages(InterviewPage.objects.child_of(self)).order_by("-starts_at")
        context["interviews"] = Paginator(interviews, 20).get_page(request.GET.get("page"))
        return context


class InterviewPage(ViewRestrictionsMixin, RoutablePageMixin, Page):
    intro = RichTextField("访谈简介", features=["h2", "h3", "bold", "ol", "ul", "link"], blank=True)
    starts_at = models.DateTimeField("访谈开始时间")
    ends_at = models.DateTimeField("访谈结束时间")
    accepts_questions = models.BooleanField(
        "接受网友提问",
        default=True,
        help_text="访谈开始前和访谈期间，网友可以在本页提问，经审核后公开。",
    )
    transcript = RichTextField(
        "访谈实录",
        blank=True,
        features=["h2", "h3", "bold", "ol", "ul", "link"],
        help_text="访谈结束后，在“在线访谈”管理页点击“生成实录”自动生成，可再作文字校订。",
    )
    transcript_made_at = models.DateTimeField("实录生成时间", null=True, blank=True, editable=False)

    parent_page_types = ["consultations.InterviewIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])],
            heading="访谈时间",
        ),
        InlinePanel("guests", label="访谈嘉宾", min_num=1),
        FieldPanel("intro"),
        FieldPanel("accepts_questions"),
        FieldPanel("transcript"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("transcript"),
        index.FilterField("starts_at"),
    ]
    template = "pages/interview_page.html"
    # The live Q&A changes without a publication.
    page_cache = False
    exclude_fields_in_copy = ["transcript", "transcript_made_at"]

    class Meta:
        verbose_name = "在线访谈"
        verbose_name_plural = "在线访谈"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "访谈结束时间应晚于开始时间。"})

    def with_content_json(self, content):
        # The transcript, once made, is the page's record of the interview: publishing a
        # version saved before it (a revert) keeps it.
        obj = super().with_content_json(content)
        obj.transcript_made_at = self.transcript_made_at
        if self.transcript_made_at and not obj.transcript:
            obj.transcript = self.transcript
        return obj

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.transcript_made_at or now >= self.ends_at:
            return InterviewState.ENDED
        if now < self.starts_at:
            return InterviewState.UPCOMING
        return InterviewState.LIVE

    def state_label(self) -> str:
        return InterviewState(self.state()).label

    def takes_questions(self, now=None) -> bool:
        return self.accepts_questions and self.state(now) != InterviewState.ENDED

    def guest_names(self) -> str:
        return "、".join(guest.name for guest in self.guests.all())

    def timeline(self) -> list:
        """What the public sees of the live Q&A: approved questions and staff posts, in order."""
        questions = self.questions.filter(status=ModerationStatus.APPROVED)
        entries = [*questions, *self.posts.all()]
        return sorted(entries, key=lambda entry: (entry.shown_at, entry.pk))

    @path("")
    def question(self, request):
        from ..views import interview_question

        return interview_question(request, page=self)

    @path("live/")
    def live(self, request):
        from ..views import interview_live

        return interview_live(request, page=self)


class InterviewGuest(Orderable):
    page = ParentalKey(InterviewPage, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("position")])]

    class Meta(Orderable.Meta):
        verbose_name = "访谈嘉宾"
        verbose_name_plural = "访谈嘉宾"

    def __str__(self):
        return f"{self.position}{self.name}"


class InterviewQuestion(models.Model):
    """A question from the public; public once approved, with its answer once given."""

    kind = "question"

    interview = models.ForeignKey(
        InterviewPage, verbose_name="在线访谈", on_delete=models.CASCADE, related_name="questions"
    )
    name = models.CharField("网名", max_length=50, blank=True)
    body = models.TextField("问题", validators=[MaxLengthValidator(QUESTION_MAX_LENGTH)])
    submitted_at = models.DateTimeField("提问时间", default=timezone.now)
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
    answer = models.TextField("回答", blank=True)
    answered_by_name = models.CharField("回答人", max_length=60, blank=True)
    answered_at = models.DateTimeField("回答时间", null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = "访谈提问"
        verbose_name_plural = "访谈提问"
        indexes = [models.Index(fields=["interview", "status"], name="question_status")]

    def __str__(self):
        return self.body[:20]

    @property
    def name_masked(self) -> str:
        return name_mask(self.name)

    @property
    def shown_at(self):
        return self.moderated_at or self.submitted_at


class InterviewPost(models.Model):
    """What the host or a guest says during the interview, posted by staff."""

    kind = "post"

    interview = models.ForeignKey(
        InterviewPage, verbose_name="在线访谈", on_delete=models.CASCADE, related_name="posts"
    )
    speaker = models.CharField("发言人", max_length=60)
    body = models.TextField("内容")
    posted_at = models.DateTimeField("发布时间", default=timezone.now)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["posted_at", "pk"]
        verbose_name = "访谈发言"
        verbose_name_plural = "访谈发言"

    def __str__(self):
        return f"{self.speaker}：{self.body[:20]}"

    @property
    def shown_at(self):
        return self.posted_at
