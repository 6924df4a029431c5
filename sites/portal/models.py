from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from sites.core.visibility import ViewRestrictionsMixin


class HomePage(ViewRestrictionsMixin, Page):
    """A site's home page (首页): the root of its tree, with the latest news of each column."""

    welcome = RichTextField("首页导语", blank=True, features=["bold", "link"])

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.ColumnPage",
        "news.NewsIndexPage",
        "portal.SearchPage",
        "disclosure.DisclosureIndexPage",
    ]
    max_count = 1
    content_panels = [*Page.content_panels, FieldPanel("welcome")]
    search_fields = [*Page.search_fields, index.SearchField("welcome")]
    template = "pages/home_page.html"

    class Meta:
        verbose_name = "首页"
        verbose_name_plural = "首页"

    def route(self, request, path_components):
        from sites.core.routing import route_by_path

        return route_by_path(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        from sites.core.visibility import public_pages
        from sites.disclosure.selectors import public_documents
        from sites.news.models import ArticlePage

        context = super().get_context(request, *args, **kwargs)
        # Callables: the template builds the lists only when its fragment is not cached
        # (themes/default/templates/pages/home_page.html, sites/core/fragments.py).
        context["latest_articles"] = lambda: public_pages(
            ArticlePage.objects.descendant_of(self)
        ).order_by("-date")[:8]
        context["latest_documents"] = lambda: (
            public_documents().descendant_of(self).order_by("-first_published_at")[:8]
        )
        return context


class SearchPage(ViewRestrictionsMixin, Page):
    """The site's search page: this site, this site and those below it, or the whole cluster."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    search_fields = []
    template = "pages/search_page.html"
    # Results follow the index, which no page event of this site purges (cluster/pagecache).
    page_cache = False

    class Meta:
        verbose_name = "搜索"
        verbose_name_plural = "搜索"

    def get_context(self, request, *args, **kwargs):
        from cluster.tenants.selectors import tenant_current
        from search.views import search_context

        context = super().get_context(request, *args, **kwargs)
        context.update(search_context(request, tenant=tenant_current()))
        return context
