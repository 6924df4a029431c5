"""A site's media files, served only from that site's own folder.

Files live under ``MEDIA_ROOT/<schema>/`` and their URLs are ``/media/<schema>/<name>``
(django-tenants' TenantFileSystemStorage). On a site's host only its own folder is
served: ``/media/site_b/...`` asked of site A's host is a 404.

Behind nginx (``MEDIA_ACCEL_REDIRECT``, production) Django only decides and nginx sends
the bytes: the answer is an empty response with ``X-Accel-Redirect`` to the internal
location ``MEDIA_ACCEL_PREFIX`` (infra/nginx/cluster.conf). The same header serves
Wagtail documents after their privacy checks (``SENDFILE_BACKEND`` is this module).

On object storage (production with ``MEDIA_S3_BUCKET``) the layout is the same: a site's
files are the keys under ``<schema>/`` (``cluster.tenants.object_storage``), the bucket
stays private and every URL is a signed, expiring one, so nginx and the ``/media/`` view
are not involved.
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.views.static import serve


def _accel_response(relative_to_media_root: str, mimetype: str | None = None) -> HttpResponse:
    response = HttpResponse()
    # Without a type nginx would keep Django's text/html for the file it sends.
    guessed, _encoding = mimetypes.guess_type(relative_to_media_root)
    response["Content-Type"] = mimetype or guessed or "application/octet-stream"
    response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + quote(relative_to_media_root)
    return response


def serve_tenant_media(request, path):
    schema = connection.schema_name
    if schema == "public" or not (settings.DEBUG or settings.MEDIA_ACCEL_REDIRECT):
        # Production without nginx in front serves media from elsewhere (object storage).
        raise Http404
    normalised = posixpath.normpath(path)
    if normalised.startswith(("/", "..")) or not normalised.startswith(f"{schema}/"):
        raise Http404
    if settings.MEDIA_ACCEL_REDIRECT:
        if not (Path(settings.MEDIA_ROOT) / normalised).is_file():
            raise Http404
        return _accel_response(normalised)
    return serve(
        request, normalised.removeprefix(f"{schema}/"), document_root=settings.MEDIA_ROOT / schema
    )


def sendfile(request, filename, **kwargs):
    """Wagtail's sendfile backend: nginx sends a document Django has checked."""
    path = Path(filename).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if media_root not in path.parents:
        raise Http404
    return _accel_response(path.relative_to(media_root).as_posix(), kwargs.get("mimetype"))
