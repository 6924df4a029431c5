import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum

from .models import PageViewDay

logger = logging.getLogger(__name__)


def home_page_id() -> int | None:
    from wagtail.models import Site

    site = Site.objects.order_by("-is_default_site", "pk").first()
    return site.root_page_id if site else None


def page_view_count_key(schema: str, page_id: int) -> str:
    return f"pageviews:total:{schema}:{page_id}"


def page_view_count(page_id: int) -> int:
    """Views of one page so far, as written by the last flush.

    Kept in the cache for one flush interval (every page render would otherwise sum the
    page's days); a flush forgets the totals of the pages it wrote (services).
    """
    key = page_view_count_key(connection.schema_name, page_id)
    try:
        count = cache.get(key)
    except Exception:
        logger.exception("Page view total unavailable from the cache")
        return _page_view_sum(page_id)
    if count is None:
        count = _page_view_sum(page_id)
        try:
            cache.set(key, count, timeout=settings.PAGEVIEWS_FLUSH_SECONDS)
        except Exception:
            logger.exception("Page view total not cached")
    return count


def _page_view_sum(page_id: int) -> int:
    return PageViewDay.objects.filter(page_id=page_id).aggregate(n=Sum("count"))["n"] or 0


def _month_end(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def page_view_month_totals(month: datetime.date) -> dict:
    """{"total": views of every page, "home": views of the home page} in ``month``."""
    rows = PageViewDay.objects.filter(day__gte=month, day__lt=_month_end(month))
    home = home_page_id()
    return {
        "total": rows.aggregate(n=Sum("count"))["n"] or 0,
        "home": rows.filter(page_id=home).aggregate(n=Sum("count"))["n"] or 0,
    }


def page_view_year_totals(year: int) -> dict:
    rows = PageViewDay.objects.filter(day__year=year)
    return {
        "total": rows.aggregate(n=Sum("count"))["n"] or 0,
        "home": rows.filter(page_id=home_page_id()).aggregate(n=Sum("count"))["n"] or 0,
    }
