"""The standard page tree, settings and review workflows every site starts with.

Runs inside the new site's schema (cluster.onboarding switches to it).
"""

from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Page, Site, Task, Workflow, WorkflowPage, WorkflowTask

from cluster.accounts.roles import ROLE_GROUP_NAMES
from cluster.tenants.models import SiteRole, Tenant
from cluster.vocabularies.models import Term, Vocabulary
from sites.core.models import ColumnPage, SiteIdentity
from sites.disclosure.models import (
    AnnualReportIndexPage,
    ConfidentialityReviewTask,
    DisclosureCatalogPage,
    DisclosureCategoryPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosureSettings,
    InformationRequestPage,
)
from sites.news.models import NewsIndexPage

from .models import HomePage, SearchPage

REQUEST_INTRO = (
    "<p>公民、法人或者其他组织可以依据《中华人民共和国政府信息公开条例》向本机关申请获取政府信息。"
    "本机关自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，"
    "延长的期限最长不超过20个工作日。申请内容不明确的，本机关将在收到申请之日起7个工作日内一次性告知补正。</p>"
)


def template_clear_wagtail_defaults() -> None:
    """Remove what Wagtail's migrations create for a single-site install."""
    Site.objects.all().delete()
    for page in Page.objects.filter(depth=2):
        page.delete()
    WorkflowPage.objects.all().delete()
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()


def _add(parent, page, *, in_menu=False):
    now = timezone.now()
    page.show_in_menus = in_menu
    page.live = True
    page.first_published_at = page.last_published_at = now
    parent.add_child(instance=page)
    return page


def _categories_for(level: str):
    """Art. 20 binds every government body; Art. 21 lists cities/counties and townships apart."""
    terms = Term.objects.current().filter(vocabulary=Vocabulary.CATEGORY)
    if level == Tenant.Level.TOWNSHIP:
        return terms.filter(Q(code__startswith="art20-") | Q(code="art21-08"))
    return terms.exclude(code="art21-08")


def disclosure_section_seed(home: HomePage, *, level: str) -> DisclosureIndexPage:
    section = _add(home, DisclosureIndexPage(title="政府信息公开", slug="xxgk"), in_menu=True)
    _add(section, DisclosureGuidePage(title="政府信息公开指南", slug="zn"), in_menu=True)
    _add(section, ColumnPage(title="政府信息公开制度", slug="zd"), in_menu=True)
    catalog = _add(
        section, DisclosureCatalogPage(title="法定主动公开内容", slug="fdzdgknr"), in_menu=True
    )
    for term in _categories_for(level):
        _add(catalog, DisclosureCategoryPage(title=term.name, slug=term.code, category=term.code))
    _add(section, ColumnPage(title="政策解读", slug="zcjd"), in_menu=True)
    _add(section, AnnualReportIndexPage(title="政府信息公开年报", slug="nb"), in_menu=True)
    _add(
        section,
        InformationRequestPage(title="依申请公开", slug="ysqgk", intro=REQUEST_INTRO),
        in_menu=True,
    )
    return section


def _group(role) -> Group:
    return Group.objects.get(name=ROLE_GROUP_NAMES[role])


def workflows_seed(*, home: Page, disclosure: Page, upper_documents: Page) -> None:
    """科室审核 → 保密审查 → 领导签发 for documents, one review for news; site admins may change both."""
    reviewers, admins = _group(SiteRole.Role.REVIEWER), _group(SiteRole.Role.SITE_ADMIN)

    def workflow(name, steps):
        flow = Workflow.objects.create(name=name)
        for order, (task_class, task_name, groups) in enumerate(steps):
            task = task_class.objects.create(name=task_name)
            task.groups.set(groups)
            WorkflowTask.objects.create(workflow=flow, task=task, sort_order=order)
        return flow

    documents = workflow(
        "政府文件审核",
        [
            (GroupApprovalTask, "科室审核", [reviewers]),
            (ConfidentialityReviewTask, "保密审查", [reviewers]),
            (GroupApprovalTask, "领导签发", [admins]),
        ],
    )
    news = workflow("新闻审核", [(GroupApprovalTask, "新闻审核", [reviewers, admins])])
    WorkflowPage.objects.create(page=home, workflow=news)
    WorkflowPage.objects.create(page=disclosure, workflow=documents)
    WorkflowPage.objects.create(page=upper_documents, workflow=documents)


def site_tree_seed(
    *, site_name: str, hostname: str, port: int, identity: dict, level: str = Tenant.Level.CITY
) -> HomePage:
    root = Page.get_first_root_node()
    home = _add(root, HomePage(title=site_name, slug="home"))
    _add(home, NewsIndexPage(title="新闻动态", slug="news"), in_menu=True)
    disclosure = disclosure_section_seed(home, level=level)
    upper_documents = _add(
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
    DisclosureSettings.objects.create(
        office_name=f"{site_name}政府信息公开工作机构",
        office_address=identity.get("address", ""),
        office_phone=identity.get("phone", ""),
        office_email=identity.get("email", ""),
    )
    workflows_seed(home=home, disclosure=disclosure, upper_documents=upper_documents)
    return home
