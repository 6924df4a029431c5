"""The home page, search page, review workflows and default home blocks of every site.

Registered with onboarding's seeding steps (cluster/onboarding/seeding.py); runs inside
the new site's schema. The columns come from their own apps' steps (sites/news/seed.py,
sites/disclosure/seed.py, sites/core/seed.py), between this module's first and last.
"""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page, Site, Task, Workflow, WorkflowPage, WorkflowTask

from cluster.accounts.roles import ROLE_GROUP_NAMES
from cluster.onboarding.seeding import NewSite, site_step, template_step
from cluster.tenants.models import SiteRole
from sites.core.models import SiteIdentity
from sites.core.seed import page_add
from sites.disclosure.models import ConfidentialityReviewTask

from .models import HomePage, SearchPage


@template_step(order=0)
def template_clear_wagtail_defaults() -> None:
    """Remove what Wagtail's migrations create for a single-site install."""
    Site.objects.all().delete()
    for page in Page.objects.filter(depth=2):
        page.delete()
    WorkflowPage.objects.all().delete()
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()


@site_step(order=0)
def home_seed(site: NewSite) -> None:
    root = Page.get_first_root_node()
    home = page_add(root, HomePage(title=site.name, slug="home"))
    Site.objects.create(
        hostname=site.hostname,
        port=site.port,
        root_page=home,
        is_default_site=True,
        site_name=site.name,
    )
    SiteIdentity.objects.create(**{"sponsor": site.name, **site.identity})
    site.pages["home"] = home


@site_step(order=50)
def search_seed(site: NewSite) -> None:
    site.pages["search"] = page_add(site.pages["home"], SearchPage(title="搜索", slug="search"))


def _group(role) -> Group:
    return Group.objects.get(name=ROLE_GROUP_NAMES[role])


@site_step(order=80)
def workflows_seed(site: NewSite) -> None:
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
    WorkflowPage.objects.create(page=site.pages["home"], workflow=news)
    for role in ("disclosure", "upper_documents"):
        if role in site.pages:
            WorkflowPage.objects.create(page=site.pages[role], workflow=documents)


def _listing(kind: str, heading: str, column, count: int = 6):
    return (kind, {"heading": heading, "column": column, "count": count})


def _links(site: NewSite, *pairs) -> list[dict]:
    return [
        {"title": title, "page": site.pages[role], "url": "", "description": description}
        for title, role, description in pairs
        if role in site.pages
    ]


@site_step(order=90)
def home_blocks_seed(site: NewSite) -> None:
    """The standard home page: every listing points at the column the site was seeded with;
    the half-width blocks first, in pairs, then the full-width ones."""
    pages = site.pages
    blocks = []
    for kind, heading, role in [
        ("headlines", "要闻", "news"),
        ("notices", "通知公告", "notices"),
        ("documents", "政策文件", "catalog"),
        ("interpretations", "政策解读", "interpretations"),
        ("documents", "上级文件", "upper_documents"),
    ]:
        if role in pages:
            blocks.append(_listing(kind, heading, pages[role]))
    interaction = _links(
        site,
        ("政民互动信箱", "letters", "领导信箱、咨询、投诉、建议，限时答复"),
        ("意见征集", "consultations", "政策文件草案公开征求意见"),
        ("在线访谈", "interviews", "领导干部与网民在线交流"),
    )
    if interaction:
        blocks.append(
            (
                "interaction",
                {
                    "heading": "互动交流",
                    "intro": "您的意见和建议，我们认真听取。",
                    "links": interaction,
                },
            )
        )
    services = _links(
        site,
        ("政府信息公开指南", "guide", "公开的范围、方式和程序"),
        ("依申请公开", "request", "在线提交政府信息公开申请"),
        ("政府信息公开年报", "annual_reports", "历年政府信息公开工作年度报告"),
        ("站内搜索", "search", "搜索本站及全市政府网站"),
    )
    if services:
        blocks.append(("services", {"heading": "政务服务", "links": services}))
    blocks.append(("cluster_nav", {"heading": "站群导航"}))
    home = pages["home"].specific
    home.body = blocks
    # Like the rest of the seeded tree, published without a revision or a log entry.
    home.save(update_fields=["body"], log_action=None)
