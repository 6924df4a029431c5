"""The 权责清单 pages new sites start with.

A department site gets its own list (the issue: “per department site”); a city-level
site, the portal, gets the cluster's list by department. Counties and townships get
neither: their 权责清单 are their departments'; a site admin may add either page under
政府信息公开 or a column where the site needs one.
"""

from cluster.onboarding.seeding import NewSite, site_step, upgrade_step
from cluster.tenants.models import Tenant
from sites.core.seed import page_add
from sites.disclosure.models import DisclosureIndexPage

from .models import ClusterPowerListPage, PowerListPage

LIST_INTRO = (
    "<p>本清单依据法律、法规、规章列明本单位行使的行政职权及其设定依据、实施主体、办理流程和"
    "责任事项。清单实行动态调整，事项取消或调整的，同步更新。</p>"
)
CLUSTER_INTRO = "<p>汇集本市各部门公布的权责清单，按部门列出现行事项，点击事项名称查看详情。</p>"


@site_step(order=25)
def powers_page_seed(site: NewSite) -> None:
    section = site.pages.get("disclosure")
    if section is None:
        return
    page = _list_page_for(site.level)
    if page is not None:
        site.pages["powers"] = page_add(section, page, in_menu=True)


@upgrade_step(order=25)
def powers_page_upgrade(site: NewSite) -> list:
    """A site made before the 权责清单: its level's list page under 政府信息公开, unless it
    has one anywhere."""
    page = _list_page_for(site.level)
    section = DisclosureIndexPage.objects.child_of(site.pages["home"]).first()
    if page is None or section is None or type(page).objects.exists():
        return []
    return [page_add(section, page, in_menu=True)]


def _list_page_for(level: str):
    if level == Tenant.Level.DEPARTMENT:
        return PowerListPage(title="权责清单", slug="qzqd", intro=LIST_INTRO)
    if level == Tenant.Level.CITY:
        return ClusterPowerListPage(title="权责清单", slug="qzqd", intro=CLUSTER_INTRO)
    return None
