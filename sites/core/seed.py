"""The plain columns every site starts with: 上级文件, 专题专栏 and 互动交流."""

import datetime
from functools import partial

from django.utils import timezone

from cluster.onboarding.seeding import NewSite, site_step

from .models import ColumnPage


def page_add(parent, page, *, in_menu=False):
    """Add ``page`` under ``parent``, published as of now.

    Seeding writes no revisions and no 创建 log entries: a site's history starts with
    its people's first edit. Logging would also import every wagtail_hooks module (the
    log's action registry) into each ``create_site`` process, a third of a second.
    """
    now = timezone.now()
    page.show_in_menus = in_menu
    page.live = True
    page.first_published_at = page.last_published_at = now
    # treebeard's add_child calls save() without arguments.
    page.save = partial(page.save, log_action=None)
    try:
        parent.add_child(instance=page)
    finally:
        del page.save
    return page


def interaction_column(home):
    """The 互动交流 column a site was seeded with, if it is still under the home page."""
    return ColumnPage.objects.child_of(home).filter(slug="hdjl").first()


def publish_as_of(parent, page, day: datetime.date):
    """Publish ``page`` under ``parent`` as a record of the site's past (demo content, an
    archive): first and last publication on ``day``, as listings, feeds and search read."""
    from wagtail.models import Page

    published_at = datetime.datetime.combine(
        day, datetime.time(9), tzinfo=timezone.get_current_timezone()
    )
    page.first_published_at = published_at
    parent.add_child(instance=page)
    page.save_revision().publish()
    Page.objects.filter(pk=page.pk).update(last_published_at=published_at)
    return page


@site_step(order=30)
def columns_seed(site: NewSite) -> None:
    home = site.pages["home"]
    site.pages["upper_documents"] = page_add(
        home,
        ColumnPage(
            title="上级文件",
            slug="sjwj",
            intro="<p>转载国务院、省政府及上级政府发布的政策文件。</p>",
        ),
        in_menu=True,
    )
    site.pages["topics"] = page_add(home, ColumnPage(title="专题专栏", slug="ztzl"), in_menu=True)
    site.pages["interaction"] = page_add(
        home, ColumnPage(title="互动交流", slug="hdjl"), in_menu=True
    )
