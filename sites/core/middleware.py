"""Site middleware: the Wagtail Site from the per-process memo; refused publications.

``WagtailSiteMiddleware`` (a TENANT_ONLY_MIDDLEWARE) sets what Wagtail's
``Site.find_for_request`` would find, so routing and every template tag reuse it.

``PublicationRefusedMiddleware`` turns a refused publication into a message instead of a server error.

Wagtail runs bulk publish and workflow approval without a place for a model to say
no; a page with publication checks refuses with ``PublicationRefusedError`` inside their
transactions (so nothing goes live), and this sends the editor back to the page with
the reasons. The draft was saved before the publish was attempted.
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages

from .publishing import PublicationRefusedError


class WagtailSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .selectors import wagtail_site_for_request

        request._wagtail_site = wagtail_site_for_request(request)
        return self.get_response(request)


class PublicationRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PublicationRefusedError):
            return None
        messages.error(request, exception.as_html())
        url = (
            reverse("wagtailadmin_pages:edit", args=[exception.page_id])
            if exception.page_id
            else reverse("wagtailadmin_explore_root")
        )
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The workflow action modal follows a redirect given in its JSON reply.
            return JsonResponse({"step": "success", "redirect": url})
        return redirect(url)
