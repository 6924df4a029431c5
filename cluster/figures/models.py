"""Per-site monthly figures, kept as data in the platform's schema.

Each site computes its own figures in its schema (a task of the app that owns them) and
replaces its rows here; the console and the yearly website report read them for every
site at once without entering a single site's schema.
"""

from django.db import models


class MonthlyFigure(models.Model):
    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="figures", verbose_name="站点"
    )
    month = models.DateField("月份")  # the first day of the month
    source = models.CharField("来源", max_length=30)  # the app that computes it: "letters" …
    dimension = models.CharField("分类", max_length=50, blank=True)  # e.g. a letter type
    key = models.CharField("指标", max_length=40)
    value = models.FloatField("数值")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "月度统计"
        verbose_name_plural = "月度统计"
        ordering = ["tenant", "month", "source", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "month", "source", "dimension", "key"], name="figure_unique"
            )
        ]
        indexes = [models.Index(fields=["source", "month"], name="figure_source_month")]

    def __str__(self):
        return f"{self.tenant_id} {self.month:%Y-%m} {self.source}.{self.key}={self.value}"
