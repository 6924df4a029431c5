"""Shared vocabularies (主题分类, 文种, 体裁, 法定主动公开内容), kept in the public schema.

Pages in every site schema store a term's code; the public schema's search path is
visible from every site, so one list serves the whole cluster. Terms are never
deleted: a change is a new release, and a retired term keeps its name so old
documents still show what they were filed under.
"""

from django.conf import settings
from django.db import models


class Vocabulary(models.TextChoices):
    TOPIC = "topic", "主题分类"
    DOCTYPE = "doctype", "文种"
    GENRE = "genre", "体裁"
    CATEGORY = "category", "法定主动公开内容"


class VocabularyRelease(models.Model):
    """One numbered change set of the vocabularies."""

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
        verbose_name = "词表版本"
        verbose_name_plural = "词表版本"

    def __str__(self):
        return f"v{self.number} {self.note}"


class TermQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired_in__isnull=True)


class Term(models.Model):
    vocabulary = models.CharField("词表", max_length=20, choices=Vocabulary.choices)
    code = models.CharField("代码", max_length=40)
    name = models.CharField("名称", max_length=100)
    description = models.CharField("说明", max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField("排序", default=0)
    introduced_in = models.ForeignKey(
        VocabularyRelease, verbose_name="启用版本", on_delete=models.PROTECT, related_name="+"
    )
    retired_in = models.ForeignKey(
        VocabularyRelease,
        verbose_name="停用版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_unique_code"),
        ]
        verbose_name = "词条"
        verbose_name_plural = "词条"

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name with its parent, as the topic tree shows it (综合政务\\政务公开)."""
        return f"{self.parent.name}\\{self.name}" if self.parent_id else self.name
