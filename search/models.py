"""The PostgreSQL backend's index: one table in the public schema, a row per SearchDocument.

``search`` is a shared app only, so this table exists once, beside the tenants table, and
holds every site's documents; the tenant schemas never see it except through the backend.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
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
            models.Index(fields=["-published_at"], name="search_doc_published"),
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
