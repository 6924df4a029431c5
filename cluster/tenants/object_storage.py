"""Media on S3-compatible object storage, one prefix per site (production option).

Selected by ``MEDIA_S3_BUCKET`` in production settings (``media_storage_config`` in
cluster/settings/base.py); a module of its own so that nothing else imports boto3.
"""

import posixpath

from django.conf import settings
from django_tenants.utils import parse_tenant_config_path
from storages.backends.s3 import S3Storage


class TenantS3Storage(S3Storage):
    """S3-compatible object storage with each site's files under its own schema's prefix.

    The prefix is worked out per call from the connection's schema, exactly as
    django-tenants' TenantFileSystemStorage does for ``MEDIA_ROOT/<schema>/`` (the same
    ``MULTITENANT_RELATIVE_MEDIA_ROOT`` pattern), so one storage object serves every site
    and a name can never reach outside its site's prefix (``safe_join`` on the location).
    ``location`` given in the options is a bucket-wide prefix in front of the schema.
    """

    @property
    def location(self) -> str:
        tenant_prefix = parse_tenant_config_path(settings.MULTITENANT_RELATIVE_MEDIA_ROOT)
        return (
            posixpath.join(self._bucket_prefix, tenant_prefix)
            if self._bucket_prefix
            else tenant_prefix
        )

    @location.setter
    def location(self, value: str) -> None:
        self._bucket_prefix = (value or "").strip("/")
