from django.conf import settings
from django.db import connection
from django.http import Http404
from django.views.static import serve


def serve_tenant_media(request, path):
    """Development media: serve only files under the current site's own media folder.

    Production serves /media/ from object storage or nginx with the schema prefix the
    storage writes (django_tenants TenantFileSystemStorage); this mirrors it locally.
    """
    if connection.schema_name == "public":
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT / connection.schema_name)
