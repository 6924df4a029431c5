"""The news columns every site starts with: 新闻动态 and 通知公告."""

from cluster.onboarding.seeding import NewSite, site_step
from sites.core.seed import page_add

from .models import NewsIndexPage


@site_step(order=10)
def news_seed(site: NewSite) -> None:
    home = site.pages["home"]
    site.pages["news"] = page_add(home, NewsIndexPage(title="新闻动态", slug="news"), in_menu=True)
    site.pages["notices"] = page_add(
        home, NewsIndexPage(title="通知公告", slug="tzgg"), in_menu=True
    )
