import logging

from django.http import HttpResponseNotFound, HttpResponseServerError

logger = logging.getLogger(__name__)

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


# The last resort when the site's 500.html cannot be rendered either.
PLAIN_SERVER_ERROR = (
    '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>服务暂不可用</title></head><body><main><h1>服务暂不可用</h1>"
    "<p>系统繁忙，请稍后再试。</p></main></body></html>"
)


def site_server_error(request):
    """An error on a site's host (handler500 of the site URLconf): the theme's 500.html.

    The error may be the database's, so nothing here queries it: the site is the one the
    host map put on the request (read from memory), the theme comes from files, and the
    template gets no context processors (no site settings, no user). Should rendering
    fail as well, a plain page answers.
    """
    from django.template import loader

    from themes.registry import resolve_theme

    tenant = getattr(request, "tenant", None)
    try:
        template = loader.get_template("500.html")
        html = template.render(
            {"current_tenant": tenant, "theme": resolve_theme(getattr(tenant, "theme", None))}
        )
    except Exception:
        logger.exception("The site's 500 page could not be rendered")
        html = PLAIN_SERVER_ERROR
    return HttpResponseServerError(html, content_type="text/html; charset=utf-8")
