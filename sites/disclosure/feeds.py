"""RSS and Atom feeds of a site's published documents and news, and of one column."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.models import Page, Site

from sites.news.models import ArticlePage

from .models import PolicyDocumentPage
from .models.documents import DisclosureMethod

FEED_LENGTH = 30


class SiteFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, column_id=None):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        root = site.root_page
        if column_id is None:
            return root
        column = Page.objects.live().public().descendant_of(root).filter(pk=column_id).first()
        if column is None:
            raise Http404
        return column

    def title(self, column):
        site_name = column.get_site().site_name
        return site_name if column.depth <= 2 else f"{column.title} - {site_name}"

    def link(self, column):
        return column.url

    def description(self, column):
        return f"{column.title}最新发布的政府文件和新闻动态"

    def items(self, column):
        pages = (
            Page.objects.live()
            .public()
            .descendant_of(column)
            .type(PolicyDocumentPage, ArticlePage)
            .exclude(
                pk__in=PolicyDocumentPage.objects.filter(
                    disclosure_method=DisclosureMethod.NOT_DISCLOSED
                ).values("pk")
            )
            .order_by("-first_published_at")
            .specific()
        )
        return pages[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return getattr(item, "summary", "") or item.search_description

    def item_link(self, item):
        return item.full_url

    def item_pubdate(self, item):
        return item.first_published_at or timezone.now()

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        document_number = getattr(item, "document_number", "")
        return [document_number] if document_number else []


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description
