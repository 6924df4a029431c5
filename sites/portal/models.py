from django.core.paginator import Paginator
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
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

    def get_context(self, request, *args, **kwargs):
        from sites.core.visibility import public_pages
        from sites.disclosure.selectors import public_documents
        from sites.news.models import ArticlePage

        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = public_pages(ArticlePage.objects.descendant_of(self)).order_by(
            "-date"
        )[:8]
        context["latest_documents"] = (
            public_documents().descendant_of(self).order_by("-first_published_at")[:8]
        )
        return context


class SearchPage(Page):
    """The site's own search (本站搜索) over its published pages."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    search_fields = []
    template = "pages/search_page.html"

    class Meta:
        verbose_name = "搜索"
        verbose_name_plural = "搜索"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:100]
        results = Page.objects.none()
        if query:
            # PostgreSQL full text treats a run of Chinese characters as one token, so
            # substring matching on titles carries this per-site search until the
            # cluster search index (search/) takes over.
            results = (
                Page.objects.live()
                .public()
                .descendant_of(self.get_site().root_page, inclusive=True)
                .filter(Q(title__icontains=query) | Q(search_description__icontains=query))
                .order_by("-first_published_at")
            )
        context["query"] = query
        context["results"] = Paginator(results, 20).get_page(request.GET.get("page"))
        return context
