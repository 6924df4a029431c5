from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from sites.core.models import BodyMixin
from sites.core.visibility import ViewRestrictionsMixin, public_pages


class NewsIndexPage(ViewRestrictionsMixin, Page):
    """新闻动态: the listing of a site's news articles, newest first."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["news.ArticlePage"]
    search_fields = Page.search_fields
    template = "pages/news_index_page.html"

    class Meta:
        verbose_name = "新闻栏目"
        verbose_name_plural = "新闻栏目"

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        articles = public_pages(ArticlePage.objects.child_of(self)).order_by("-date", "-pk")
        context["articles"] = Paginator(articles, 20).get_page(request.GET.get("page"))
        return context


class ArticlePage(ViewRestrictionsMixin, BodyMixin, Page):
    """An article (文章): news, a work report, or a plain text republished on the site."""

    date = models.DateField("发布日期", default=timezone.localdate)
    source = models.CharField("来源", max_length=100, blank=True)
    author = models.CharField("作者", max_length=50, blank=True)

    parent_page_types = ["news.NewsIndexPage", "core.ColumnPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("source"), FieldPanel("author")], heading="文章信息"
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    template = "pages/article_page.html"

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
