"""The standard page tree and settings every site starts with.

Runs inside the new site's schema (cluster.onboarding switches to it).
"""

from django.utils import timezone
from wagtail.models import Page, Site

from sites.core.models import ColumnPage, SiteIdentity
from sites.news.models import NewsIndexPage

from .models import HomePage, SearchPage

# (title, slug, children) of the 政府信息公开 section, as 《政府信息公开条例》 lays it out.
DISCLOSURE_COLUMNS = [
    ("政府信息公开指南", "zn"),
    ("政府信息公开制度", "zd"),
    ("法定主动公开内容", "fdzdgknr"),
    ("政府信息公开年报", "nb"),
    ("依申请公开", "ysqgk"),
]


def template_clear_wagtail_defaults() -> None:
    """Remove what Wagtail's migrations create for a single-site install."""
    from django.contrib.auth.models import Group

    Site.objects.all().delete()
    for page in Page.objects.filter(depth=2):
        page.delete()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()


def _add(parent, page, *, in_menu=False):
    now = timezone.now()
    page.show_in_menus = in_menu
    page.live = True
    page.first_published_at = page.last_published_at = now
    parent.add_child(instance=page)
    return page


def site_tree_seed(*, site_name: str, hostname: str, port: int, identity: dict) -> HomePage:
    root = Page.get_first_root_node()
    home = _add(root, HomePage(title=site_name, slug="home"))
    _add(home, NewsIndexPage(title="新闻动态", slug="news"), in_menu=True)
    disclosure = _add(home, ColumnPage(title="政府信息公开", slug="xxgk"), in_menu=True)
    for title, slug in DISCLOSURE_COLUMNS:
        _add(disclosure, ColumnPage(title=title, slug=slug), in_menu=True)
    _add(
        home,
        ColumnPage(
            title="上级文件",
            slug="sjwj",
            intro="<p>转载国务院、省政府及上级政府发布的政策文件。</p>",
        ),
        in_menu=True,
    )
    _add(home, ColumnPage(title="互动交流", slug="hdjl"), in_menu=True)
    _add(home, SearchPage(title="搜索", slug="search"))
    Site.objects.create(
        hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=site_name
    )
    SiteIdentity.objects.create(**{"sponsor": site_name, **identity})
    return home
