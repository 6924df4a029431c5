from django.http import HttpResponseNotFound

# A 404 that names no site: it is served from the public schema, where no site's
# header, footer or settings exist (and none may be shown).
PLAIN_NOT_FOUND = (
    '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>404</title>'
    "</head><body><main><p>{message}</p></main></body></html>"
)


def unknown_host(request):
    """A host no site claims: a plain 404 that names no site (DEFAULT_NOT_FOUND_TENANT_VIEW)."""
    return HttpResponseNotFound(
        PLAIN_NOT_FOUND.format(message="未找到该网站。"),
        content_type="text/html; charset=utf-8",
    )


def platform_not_found(request, exception=None):
    """A missing page on the platform console's host (handler404 of the public URLconf).

    Django's own handler would render the themes' 404.html, which is a site's page.
    """
    return HttpResponseNotFound(
        PLAIN_NOT_FOUND.format(message="页面不存在。"),
        content_type="text/html; charset=utf-8",
    )
