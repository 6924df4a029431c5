"""The State Council's yearly holiday arrangement (国务院办公厅关于部分节假日安排的通知).

One row per year in the public schema, shared by every site: the notice it comes from
and the days it changes from the ordinary Monday-to-Friday week (holidays off, make-up
working days on). A year without a row is a year whose notice has not been entered.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class HolidayArrangement(models.Model):
    year = models.PositiveSmallIntegerField(
        "年份", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    notice_number = models.CharField(
        "通知文号", max_length=60, blank=True, help_text="如：国办发明电〔2025〕7号"
    )
    notice_date = models.DateField("通知发布日期", null=True, blank=True)
    seeded_from_library = models.BooleanField(
        "由 chinesecalendar 导入",
        default=False,
        help_text="导入的年份没有记录通知文号；平台管理员核对并保存后即改为人工录入。",
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self):
        return f"{self.year}年节假日安排"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class ArrangedDay(models.Model):
    """A day the notice changes: off although a weekday, or on although a weekend."""

    arrangement = models.ForeignKey(
        HolidayArrangement, on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日", max_length=60)

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日安排日期"
        verbose_name_plural = "节假日安排日期"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}{self.get_kind_display()}"

    def clean(self):
        if self.arrangement_id and self.date and self.date.year != self.arrangement.year:
            raise ValidationError(
                {"date": f"{self.date:%Y-%m-%d}不在{self.arrangement.year}年内。"}
            )
