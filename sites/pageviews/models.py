"""Page views per page and day, in the site's schema (docs/decisions/0018).

Nothing here, nor in the buffer the counts wait in, says who viewed: a row is a page, a
day and a number.
"""

from django.db import models


class PageViewDay(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name="页面"
    )
    day = models.DateField("日期")
    count = models.PositiveIntegerField("浏览次数", default=0)

    class Meta:
        verbose_name = "每日浏览次数"
        verbose_name_plural = "每日浏览次数"
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="page_view_day_unique")]
        indexes = [models.Index(fields=["day"], name="page_view_day")]

    def __str__(self):
        return f"{self.page_id} {self.day} {self.count}"


class PageViewBatch(models.Model):
    """A buffer batch already written: a flush that died before deleting its batch from
    the buffer finds it here and never adds it twice."""

    batch_id = models.CharField("批次", max_length=64, unique=True)
    applied_at = models.DateTimeField("写入时间", auto_now_add=True)

    class Meta:
        verbose_name = "浏览次数写入批次"
        verbose_name_plural = "浏览次数写入批次"

    def __str__(self):
        return self.batch_id
