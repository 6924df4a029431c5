"""RSS and Atom feeds of a site's published documents and news, and of one column."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.models import Page, Site

from cluster.pagecache.middleware import mark as page_cache_mark
from cluster.pagecache.store import feed_tag
from cluster.tenants.selectors import site_root_url
from sites.core.selectors import page_public_url, page_summary_text
from sites.core.visibility import full_text_pages, public_pages
from sites.news.models import ArticlePage

from .models import PolicyDocumentPage

FEED_LENGTH = 30


@dataclass(frozen=True)
class FeedSource:
    """What one request's feed is about; per request, since the Feed instance is shared."""

    column: Page
    root_url: str
    feed_url: str


class _LatestFromItems:
    """The feed's own date (Atom ``updated``, RSS ``lastBuildDate``) is its newest item's
    last publication, or the column's when it lists nothing; never the moment it was built."""

    def latest_post_date(self):
        dates = [item["updateddate"] or item["pubdate"] for item in self.items]
        dates = [date for date in dates if date]
        return max(dates) if dates else self.feed["column_published_at"]


class SiteRss201rev2Feed(_LatestFromItems, Rss201rev2Feed):
    pass


class SiteAtom1Feed(_LatestFromItems, Atom1Feed):
    pass


class SiteFeed(Feed):
    feed_type = SiteRss201rev2Feed

    def get_object(self, request, column_id=None):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        column = site.root_page
        if column_id is not None:
            column = public_pages(Page.objects.descendant_of(column)).filter(pk=column_id).first()
            if column is None:
                raise Http404
        root_url = site_root_url(request)
        page_cache_mark(request, feed_tag(column.pk))
        return FeedSource(column=column, root_url=root_url, feed_url=root_url + request.path)

    def title(self, source):
        column = source.column
        site_name = column.get_site().site_name
        return site_name if column.depth <= 2 else f"{column.title} - {site_name}"

    def link(self, source):
        return page_public_url(source.column, root_url=source.root_url)

    def feed_url(self, source):
        return source.feed_url

    def description(self, source):
        return f"{source.column.title}最新发布的政府文件和新闻动态"

    def feed_extra_kwargs(self, source):
        column = source.column
        return {"column_published_at": column.last_published_at or column.first_published_at}

    def items(self, source):
        pages = list(
            public_pages(
                Page.objects.descendant_of(source.column).type(PolicyDocumentPage, ArticlePage)
            )
            .order_by("-first_published_at")
            .specific()[:FEED_LENGTH]
        )
        for page in pages:
            page.feed_link = page_public_url(page, root_url=source.root_url)
        # One query for which of them may show their text (not one per item).
        full_text = set(
            full_text_pages(Page.objects.filter(pk__in=[page.pk for page in pages])).values_list(
                "pk", flat=True
            )
        )
        for page in pages:
            page.feed_full_text = page.pk in full_text
        return pages

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # A 依申请公开 document is announced by its title; its text is not public.
        return page_summary_text(item) if item.feed_full_text else ""

    def item_link(self, item):
        return item.feed_link

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        document_number = getattr(item, "document_number", "")
        return [document_number] if document_number else []


class SiteAtomFeed(SiteFeed):
    feed_type = SiteAtom1Feed
    subtitle = SiteFeed.description
