"""What the monitors found, kept in the platform's schema for every site.

A worker task reads one site's schema, evaluates every rule (cluster/monitors/rules.py)
and writes here: the current state per site and rule (what the console's heat map and
the site admin's panel show), one history row per rule and run, the availability
probes, and the external link checks shared by every site (a cache).
"""

from django.db import models


class Status(models.TextChoices):
    OK = "ok", "正常"
    WARNING = "warning", "预警"
    VETO = "veto", "单项否决"


class MonitorState(models.Model):
    tenant = models.ForeignKey(
        "tenants.Tenant",
        on_delete=models.CASCADE,
        related_name="monitor_states",
        verbose_name="站点",
    )
    rule = models.CharField("监测项", max_length=40)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OK)
    breached = models.BooleanField("已超标", default=False)
    value = models.FloatField("数值", null=True, blank=True)
    days_until = models.IntegerField("距超标天数", null=True, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    checked_at = models.DateTimeField("检查时间")
    # The lead times (days; 0 = the breach itself) already notified in this episode, so a
    # notice goes out once per lead time, not on every run.
    notified = models.JSONField("已提醒", default=list, blank=True)

    class Meta:
        verbose_name = "监测状态"
        verbose_name_plural = "监测状态"
        ordering = ["tenant", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "rule"], name="monitor_state_unique")
        ]

    def __str__(self):
        return f"{self.tenant_id} {self.rule} {self.status}"


class MonitorResult(models.Model):
    """One rule's outcome in one run: the history behind the current state."""

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name="站点"
    )
    rule = models.CharField("监测项", max_length=40)
    run_at = models.DateTimeField("检查时间")
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    value = models.FloatField("数值", null=True, blank=True)
    days_until = models.IntegerField("距超标天数", null=True, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "监测记录"
        verbose_name_plural = "监测记录"
        ordering = ["-run_at", "rule"]
        indexes = [
            models.Index(fields=["tenant", "rule", "-run_at"], name="monitor_result_history")
        ]

    def __str__(self):
        return f"{self.tenant_id} {self.rule} {self.run_at:%Y-%m-%d %H:%M} {self.status}"


class Probe(models.Model):
    """One request to one of a site's key pages (availability)."""

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name="站点"
    )
    url = models.CharField("地址", max_length=500)
    probed_at = models.DateTimeField("访问时间")
    ok = models.BooleanField("成功")
    status_code = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField("用时（毫秒）")
    error = models.CharField("错误", max_length=200, blank=True)

    class Meta:
        verbose_name = "可用性探测"
        verbose_name_plural = "可用性探测"
        ordering = ["-probed_at"]
        indexes = [models.Index(fields=["tenant", "probed_at"], name="probe_tenant_time")]

    def __str__(self):
        return f"{self.url} {self.probed_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"


class LinkCheck(models.Model):
    """The last check of one external address, shared by every site that links to it."""

    url = models.CharField("地址", max_length=1000, unique=True)
    checked_at = models.DateTimeField("检查时间")
    ok = models.BooleanField("可访问")
    skipped = models.BooleanField("按 robots.txt 未检查", default=False)
    status_code = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    error = models.CharField("错误", max_length=200, blank=True)

    class Meta:
        verbose_name = "外部链接检查"
        verbose_name_plural = "外部链接检查"

    def __str__(self):
        return self.url
