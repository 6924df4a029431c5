"""The PostgreSQL backend's index: one table in the public schema, a row per SearchDocument.

``search`` is a shared app only, so this table exists once, beside the tenants table, and
holds every site's documents; the tenant schemas never see it except through the backend.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper


class IndexedDocument(models.Model):
    """A search document as ``search.backends.postgres`` stores it (see base.SearchDocument)."""

    id = models.CharField(primary_key=True, max_length=100)  # "<schema>:<page_id>"
    schema = models.CharField(max_length=63, db_index=True)
    page_id = models.IntegerField()
    tenant_id = models.IntegerField()
    site_name = models.CharField(max_length=200)
    site_level = models.CharField(max_length=20)
    site_path = ArrayField(models.IntegerField(), default=list)
    url = models.TextField()
    title = models.TextField()
    body = models.TextField(blank=True)  # whitespace collapsed, capped; for snippets
    content_type = models.CharField(max_length=40)
    published_at = models.DateTimeField(null=True)
    year = models.SmallIntegerField(null=True)  # of published_at, in Asia/Shanghai
    topic = models.CharField(max_length=40, blank=True)
    topic_parent = models.CharField(max_length=40, blank=True)
    doctype = models.CharField(max_length=40, blank=True)
    issuers = ArrayField(models.CharField(max_length=200), default=list)
    document_number = models.CharField(max_length=100, blank=True)
    number_agency = models.CharField(max_length=60, blank=True)
    number_year = models.SmallIntegerField(null=True)
    number_serial = models.IntegerField(null=True)
    index_number = models.CharField(max_length=100, blank=True)
    written_date = models.DateField(null=True)
    validity = models.CharField(max_length=20, blank=True)
    canonical_id = models.CharField(max_length=100, db_index=True)  # never empty here
    # Built in Python from segmented text: title A, 发文字号 and issuers B, body C.
    search_vector = SearchVectorField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cluster_search_document"
        indexes = [
            GinIndex(fields=["search_vector"], name="search_doc_vector"),
            GinIndex(fields=["site_path"], name="search_doc_site_path"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="search_doc_title_trgm"),
            GinIndex(
                fields=["document_number"],
                opclasses=["gin_trgm_ops"],
                name="search_doc_number_trgm",
            ),
            models.Index(
                fields=["number_agency", "number_year", "number_serial"], name="search_doc_number"
            ),
            models.Index(Upper("index_number"), name="search_doc_index_number"),
            models.Index(fields=["tenant_id"], name="search_doc_tenant"),
            # Facet filters: combined with the text match (a bitmap AND), a chosen 文种 or
            # 有效性 visits its own rows rather than every match of a common word.
            models.Index(fields=["content_type"], name="search_doc_content_type"),
            models.Index(fields=["topic"], name="search_doc_topic"),
            models.Index(fields=["topic_parent"], name="search_doc_topic_parent"),
            models.Index(fields=["doctype"], name="search_doc_doctype"),
            models.Index(fields=["validity"], name="search_doc_validity"),
            # NULLS LAST as the searches order: a DESC index is NULLS FIRST by default, which
            # no search could use, so newest-first candidates meant sorting every match.
            models.Index(F("published_at").desc(nulls_last=True), name="search_doc_newest"),
        ]

    def __str__(self):
        return self.id


from .outbox_models import EngineOutboxEntry  # noqa: E402, F401 (the engine outbox, search/outbox.py)


class QueryLogEntry(models.Model):
    """One public search, for the quality report: what was asked, on which site, how many found.

    No address, no session, no user: a query says nothing about who asked it.
    """

    tenant_id = models.IntegerField("站点", db_index=True)
    query = models.CharField("检索词", max_length=200)
    scope = models.CharField("范围", max_length=10)
    results = models.PositiveIntegerField("结果数")
    backend = models.CharField("检索后端", max_length=20, blank=True)
    searched_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "检索记录"
        verbose_name_plural = "检索记录"
        indexes = [models.Index(fields=["tenant_id", "searched_at"], name="querylog_site_time")]

    def __str__(self):
        return self.query


class Synonym(models.Model):
    """An everyday word and the official terms it stands for (低保 → 最低生活保障).

    Applied on both backends: a query word with synonyms matches any of them.
    """

    term = models.CharField("常用说法", max_length=40, unique=True)
    official = models.CharField(
        "规范用语", max_length=200, help_text="一个或多个，用顿号、逗号或空格分隔。"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.official}"

    @property
    def official_terms(self) -> list[str]:
        import re

        return [word for word in re.split(r"[、,，;；\s]+", self.official) if word]


class BestBet(models.Model):
    """A promoted result (推荐结果): shown first for a query, on one site or on every site."""

    query = models.CharField("检索词", max_length=100, db_index=True)
    tenant_id = models.IntegerField("站点", null=True, blank=True, help_text="留空表示全部站点。")
    title = models.CharField("标题", max_length=200)
    url = models.URLField("链接", max_length=500)
    description = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "推荐结果"
        verbose_name_plural = "推荐结果"
        ordering = ["query", "pk"]

    def __str__(self):
        return f"{self.query} → {self.title}"
