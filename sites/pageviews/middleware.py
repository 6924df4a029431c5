"""The view beacon: a same-origin POST from the page's script, sent after nginx or the page
cache served the page (docs/decisions/0018).

Answered here, right after the host picked the site and before sessions, CSRF, users and
messages: it reads no cookie, session or address and sets none, and costs no database
query — one Redis round trip.
"""

import logging
import re

from django.db import connection
from django.http import HttpResponse, HttpResponseNotAllowed

from . import buffer
from .services import page_view_record

logger = logging.getLogger(__name__)
BEACON_PATH = re.compile(r"^/pv/(\d{1,10})/$")
# Crawlers that run scripts still say who they are; they are not readers.
ROBOTS = re.compile(r"bot|spider|crawl|slurp|headless|lighthouse", re.IGNORECASE)
MAX_PAGE_ID = 2**31 - 1


def beacon_url(page_id: int) -> str:
    return f"/pv/{page_id}/"


class PageViewBeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = BEACON_PATH.match(request.path_info)
        if match is None or connection.schema_name == "public":
            return self.get_response(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        response = HttpResponse(status=204)
        response["Cache-Control"] = "no-store"
        page_id = int(match.group(1))
        if page_id > MAX_PAGE_ID or ROBOTS.search(request.headers.get("User-Agent", "")):
            return response
        if request.headers.get("Sec-Purpose", "").startswith("prefetch"):
            return response
        try:
            page_view_record(page_id=page_id)
            if buffer.redis_client() is None and buffer.local.due():
                from .services import page_views_flush

                page_views_flush()
        except Exception:
            # A view not counted never costs the reader anything.
            logger.exception("Page view not recorded on %s", connection.schema_name)
        return response
