from django.db import models


class Delivery(models.Model):
    """One consumer's handling of one pipeline event: what happened, how often it was tried.

    Lives in the public schema, so platform admins see every site's failures in one place.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        SUCCEEDED = "succeeded", "已完成"
        RETRYING = "retrying", "等待重试"
        FAILED = "failed", "失败"

    event_id = models.UUIDField("事件编号")
    consumer = models.CharField("处理方", max_length=60)
    kind = models.CharField("事件", max_length=40)
    schema = models.CharField("站点模式", max_length=63)
    page_id = models.PositiveIntegerField("页面编号", null=True, blank=True)
    payload = models.JSONField("事件内容", default=dict)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    last_error = models.TextField("最近一次错误", blank=True)
    next_attempt_at = models.DateTimeField("下次重试时间", null=True, blank=True)
    created_at = models.DateTimeField("产生时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "后台投递"
        verbose_name_plural = "后台投递"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event_id", "consumer"], name="delivery_once")
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="delivery_status")]

    def __str__(self):
        return f"{self.consumer} {self.kind} {self.schema}:{self.page_id or ''}"
