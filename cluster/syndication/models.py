"""Channels, subscriptions and deliveries of syndicated pages (转载), in the public schema.

A channel carries some of a source site's published pages; a subscription puts them
into one column of a subscriber site; a delivery records, per (source page,
subscriber), what happened to that page's copy there. The copy itself lives in the
subscriber's schema, marked by ``sites.core.models.CopyOrigin``.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from cluster.tenants.models import Tenant

DEFAULT_TARGET_COLUMN = "sjwj"  # 上级文件, seeded on every site


class Channel(models.Model):
    """A stream of pages one site (or an upstream feed) offers to others."""

    name = models.CharField("频道名称", max_length=60)
    source = models.ForeignKey(
        Tenant,
        verbose_name="来源站点",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="channels",
    )
    page_types = ArrayField(
        models.CharField(max_length=60),
        verbose_name="页面类型",
        default=list,
        blank=True,
        help_text="如 disclosure.policydocumentpage；留空为政府文件。",
    )
    doctypes = ArrayField(
        models.CharField(max_length=40), verbose_name="文种", default=list, blank=True
    )
    topics = ArrayField(
        models.CharField(max_length=40), verbose_name="主题分类", default=list, blank=True
    )
    source_column_path = models.CharField(
        "来源栏目",
        max_length=200,
        blank=True,
        help_text="来源站点中栏目的路径，如 xxgk/fdzdgknr；留空为全站。",
    )
    default_target_column = models.CharField(
        "默认目标栏目", max_length=200, default=DEFAULT_TARGET_COLUMN
    )
    subscribe_children_by_default = models.BooleanField(
        "下级站点默认订阅",
        default=False,
        help_text="新开通的下级区县和部门站点自动订阅本频道。",
    )
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "转载频道"
        verbose_name_plural = "转载频道"
        ordering = ["source_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="channel_unique_name")
        ]

    def __str__(self):
        return f"{self.source.name if self.source else '上游'}·{self.name}"

    @property
    def carried_types(self) -> list[str]:
        return self.page_types or ["disclosure.policydocumentpage"]


class Subscription(models.Model):
    class Mode(models.TextChoices):
        AUTO = "auto", "自动发布"
        REVIEW = "review", "审核后发布"

    channel = models.ForeignKey(
        Channel, verbose_name="频道", on_delete=models.CASCADE, related_name="subscriptions"
    )
    subscriber = models.ForeignKey(
        Tenant, verbose_name="订阅站点", on_delete=models.CASCADE, related_name="subscriptions"
    )
    target_column = models.CharField(
        "目标栏目", max_length=200, default=DEFAULT_TARGET_COLUMN, help_text="如 sjwj（上级文件）。"
    )
    mode = models.CharField("方式", max_length=10, choices=Mode.choices, default=Mode.AUTO)
    active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("订阅时间", auto_now_add=True)

    class Meta:
        verbose_name = "订阅"
        verbose_name_plural = "订阅"
        ordering = ["channel_id", "subscriber_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "subscriber"], name="subscription_once_per_site"
            )
        ]

    def __str__(self):
        return f"{self.subscriber} ← {self.channel}"


class CopyDelivery(models.Model):
    """What happened to the copy of one source page on one subscriber site."""

    class Status(models.TextChoices):
        PENDING = "pending", "待投递"
        DELIVERED = "delivered", "已投递"
        AWAITING_REVIEW = "awaiting_review", "待审核"
        REJECTED = "rejected", "已拒绝"
        FAILED = "failed", "失败"
        WITHDRAWN = "withdrawn", "已撤回"
        SKIPPED = "skipped", "已跳过"
        # The subscriber deleted its copy: later updates do not bring it back (重新投递 does).
        DELETED_LOCALLY = "deleted_locally", "本站已删除"

    class Action(models.TextChoices):
        PUBLISH = "publish", "发布或更新"
        WITHDRAW = "withdraw", "撤回"

    channel = models.ForeignKey(
        Channel,
        verbose_name="频道",
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    subscriber = models.ForeignKey(
        Tenant, verbose_name="订阅站点", on_delete=models.CASCADE, related_name="copy_deliveries"
    )
    source_schema = models.CharField("来源站点模式", max_length=63)
    source_page_id = models.PositiveIntegerField("来源页面编号")
    source_title = models.CharField("标题", max_length=255, blank=True)
    action = models.CharField("请求", max_length=10, choices=Action.choices, default=Action.PUBLISH)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    source_revision_id = models.PositiveIntegerField("已投递的来源版本", null=True, blank=True)
    requested_revision_id = models.PositiveIntegerField("待投递的来源版本", null=True, blank=True)
    copy_page_id = models.PositiveIntegerField("副本页面编号", null=True, blank=True)
    # Set for a copy made because the receiving site accepted a 信息报送 (no channel).
    target_column = models.CharField("采用栏目", max_length=200, blank=True)
    requested_at = models.DateTimeField("请求时间", null=True, blank=True)
    delivered_at = models.DateTimeField("投递时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "转载投递"
        verbose_name_plural = "转载投递"
        ordering = ["-updated_at"]
        constraints = [
            # One record (and so one copy) per source page per subscriber, whatever
            # number of channels carry it there or deliveries race.
            models.UniqueConstraint(
                fields=["source_schema", "source_page_id", "subscriber"],
                name="copydelivery_once_per_subscriber",
            )
        ]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="copydelivery_status"),
            models.Index(fields=["source_schema", "source_page_id"], name="copydelivery_source"),
        ]

    def __str__(self):
        return f"{self.source_schema}:{self.source_page_id} → {self.subscriber_id} ({self.status})"


class UpstreamFeed(models.Model):
    """A higher government's policy feed (RSS, Atom or JSON Feed) imported into one site.

    Items become policy documents in the site's target column, marked as copies of the
    upstream; a channel of that site carrying the column passes them on to subscribers.
    """

    name = models.CharField("来源名称", max_length=60, help_text="如 国务院政策文件库。")
    url = models.CharField(
        "订阅地址",
        max_length=500,
        help_text="RSS、Atom 或 JSON Feed 的地址（http/https；本机文件须在允许的目录内）。",
    )
    target = models.ForeignKey(
        Tenant, verbose_name="导入站点", on_delete=models.CASCADE, related_name="upstream_feeds"
    )
    target_column = models.CharField("目标栏目", max_length=200, default=DEFAULT_TARGET_COLUMN)
    default_topic = models.CharField("默认主题分类", max_length=40, default="0101")
    default_genre = models.CharField("默认体裁", max_length=40, default="qtwj")
    interval_minutes = models.PositiveIntegerField("检查间隔（分钟）", default=60)
    active = models.BooleanField("启用", default=True)
    last_checked_at = models.DateTimeField("最近检查", null=True, blank=True)
    last_success_at = models.DateTimeField("最近成功", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    last_note = models.CharField("最近一次说明", max_length=200, blank=True)
    items_imported = models.PositiveIntegerField("已导入条目", default=0)

    class Meta:
        verbose_name = "上游订阅源"
        verbose_name_plural = "上游订阅源"
        ordering = ["name"]

    def __str__(self):
        return self.name


class UpstreamItem(models.Model):
    """One item of an upstream feed, once: deduplicated by its GUID (or link)."""

    feed = models.ForeignKey(UpstreamFeed, on_delete=models.CASCADE, related_name="items")
    key = models.CharField("条目标识", max_length=500)
    link = models.CharField("原文地址", max_length=500, blank=True)
    title = models.CharField("标题", max_length=255)
    content_hash = models.CharField(max_length=40)
    page_id = models.PositiveIntegerField("导入页面编号", null=True, blank=True)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "上游条目"
        verbose_name_plural = "上游条目"
        constraints = [
            models.UniqueConstraint(fields=["feed", "key"], name="upstreamitem_once_per_feed")
        ]

    def __str__(self):
        return self.title


class Submission(models.Model):
    """信息报送: a site offers one of its own pages to a column of an upper-level site."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待采用"
        ACCEPTED = "accepted", "已采用"
        REJECTED = "rejected", "未采用"

    from_site = models.ForeignKey(
        Tenant, verbose_name="报送站点", on_delete=models.CASCADE, related_name="submissions_made"
    )
    to_site = models.ForeignKey(
        Tenant,
        verbose_name="接收站点",
        on_delete=models.CASCADE,
        related_name="submissions_received",
    )
    source_page_id = models.PositiveIntegerField("报送页面编号")
    source_title = models.CharField("标题", max_length=255)
    source_url = models.URLField("报送页面地址", max_length=500, blank=True)
    target_column = models.CharField("建议栏目", max_length=200, default="news")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reason = models.CharField("未采用理由", max_length=200, blank=True)
    submitted_by = models.CharField("报送人", max_length=150, blank=True)
    decided_by = models.CharField("处理人", max_length=150, blank=True)
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_site", "source_page_id", "to_site"], name="submission_once"
            )
        ]

    def __str__(self):
        return f"{self.from_site} → {self.to_site}: {self.source_title}"
