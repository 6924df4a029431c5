from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from sites.core.visibility import ViewRestrictionsMixin

from .blocks import HomeBodyBlock


class HomePage(ViewRestrictionsMixin, Page):
    """A site's home page (首页): the root of its tree, composed of blocks the site admin
    arranges (要闻, 通知公告, 政策文件, 站群导航 …; sites/portal/blocks.py)."""

    welcome = RichTextField("首页导语", blank=True, features=["bold", "link"])
    body = StreamField(
        HomeBodyBlock(),
        blank=True,
        verbose_name="首页版块",
        help_text="添加、排列首页版块；列表类版块自动显示所选栏目的最新内容。",
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.ColumnPage",
        "news.NewsIndexPage",
        "portal.SearchPage",
        "disclosure.DisclosureIndexPage",
    ]
    max_count = 1
    content_panels = [*Page.content_panels, FieldPanel("welcome"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("welcome")]
    template = "pages/home_page.html"

    class Meta:
        verbose_name = "首页"
        verbose_name_plural = "首页"

    def get_context(self, request, *args, **kwargs):
        from cluster.pagecache.middleware import mark
        from cluster.pagecache.store import REGISTRY_TAG

        if any(block.get("type") == "cluster_nav" for block in self.body.raw_data):
            # The 站群导航 shows other sites: a registry change purges this page too.
            mark(request, REGISTRY_TAG, schema="public")
        return super().get_context(request, *args, **kwargs)

    def route(self, request, path_components):
        from sites.core.routing import route_by_path

        return route_by_path(self, request, path_components)


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
