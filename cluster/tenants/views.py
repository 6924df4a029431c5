from django.http import HttpResponseNotFound


def unknown_host(request):
    """A host no site claims: a plain 404 that names no site (DEFAULT_NOT_FOUND_TENANT_VIEW)."""
    return HttpResponseNotFound(
        "<!doctype html><meta charset=utf-8><title>404</title><p>未找到该网站。</p>",
        content_type="text/html; charset=utf-8",
    )
