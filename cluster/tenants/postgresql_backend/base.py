"""django-tenants' PostgreSQL backend, without two costs it pays on every request.

- Content types: django-tenants clears Django's ContentType cache on every schema
  switch (ids may differ between schemas), so every request looked its page types up
  again (one query per ``.specific``). Here the cache is kept per schema instead: the
  same safety, read once per process. An explicit ``ContentType.objects.clear_cache()``
  (migrations, test flushes) still clears every schema's.
- The search path: switching to the schema the connection is already on keeps the
  ``SET search_path`` already issued (TENANT_LIMIT_SET_CALLS), instead of issuing it
  again on the next query. A rollback or a closed connection still forgets it.
"""

import threading

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django_tenants.postgresql_backend import base

_switching = threading.local()


class SchemaContentTypeCache(dict):
    """ContentTypeManager's ``{alias: {key: content type}}``, one such dict per schema."""

    def _schema_cache(self, alias) -> dict:
        schema = getattr(connections[alias], "schema_name", None)
        return dict.setdefault(self, (alias, schema), {})

    def __getitem__(self, alias):
        return self._schema_cache(alias)

    def setdefault(self, alias, default=None):
        return self._schema_cache(alias)

    def clear(self):
        if getattr(_switching, "active", False):
            return
        dict.clear(self)


def content_types_cache_per_schema() -> None:
    if not isinstance(ContentType.objects._cache, SchemaContentTypeCache):
        ContentType.objects._cache = SchemaContentTypeCache()


class DatabaseWrapper(base.DatabaseWrapper):
    def set_tenant(self, tenant, include_public=True):
        unchanged = (
            self.search_path_set_schemas is not None
            and tenant.schema_name == self.schema_name
            and include_public == self.include_public_schema
        )
        search_path = self.search_path_set_schemas
        content_types_cache_per_schema()
        _switching.active = True
        try:
            super().set_tenant(tenant, include_public)
        finally:
            _switching.active = False
        if unchanged:
            self.search_path_set_schemas = search_path
