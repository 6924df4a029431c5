"""The cluster's 错敏词 dictionary, kept in the public schema like the vocabularies.

One dictionary serves every site: blocking words (禁用), warning words (提示), common
miswritings with their correct form (易错) and leaders' names with their current titles
and protocol order (领导). Entries are never deleted: a change is a new release, and the
checker's automaton is built once per release per process (selectors.py).
"""

from django.conf import settings
from django.db import models


class EntryKind(models.TextChoices):
    BLOCK = "block", "禁用词"
    WARN = "warn", "提示词"
    MISWRITING = "miswriting", "易错词"
    LEADER = "leader", "领导姓名"


class WordingRelease(models.Model):
    """One numbered change of the dictionary; its number is the dictionary's version."""

    number = models.PositiveIntegerField("版本号", unique=True)
    note = models.CharField("变更说明", max_length=200)
    created_at = models.DateTimeField("发布时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = "词库版本"
        verbose_name_plural = "词库版本"

    def __str__(self):
        return f"v{self.number} {self.note}"


class WordingEntryQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired_in__isnull=True)


class WordingEntry(models.Model):
    kind = models.CharField("类别", max_length=20, choices=EntryKind.choices)
    word = models.CharField("词语", max_length=100)
    suggestion = models.CharField(
        "正确写法或说明", max_length=200, blank=True, help_text="易错词填写正确写法。"
    )
    title = models.CharField(
        "现任职务",
        max_length=200,
        blank=True,
        help_text="领导姓名填写现任职务，多个职务用顿号分隔，如“市委副书记、市长”。",
    )
    rank = models.PositiveIntegerField(
        "排序",
        default=0,
        help_text="领导排名：数字小的排在前面；同一段落列出多位领导时按此检查顺序。",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    introduced_in = models.ForeignKey(
        WordingRelease, verbose_name="启用版本", on_delete=models.PROTECT, related_name="+"
    )
    retired_in = models.ForeignKey(
        WordingRelease,
        verbose_name="停用版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = WordingEntryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "rank", "word"]
        constraints = [
            models.UniqueConstraint(
                fields=["word"],
                condition=models.Q(retired_in__isnull=True),
                name="wording_entry_unique_current_word",
            ),
        ]
        verbose_name = "词条"
        verbose_name_plural = "词条"

    def __str__(self):
        return self.word
