"""The demo cluster: a city portal, two counties and two departments with real documents.

The cluster's part is here: the sites, accounts, syndication channels and upstream
feeds. Each site's own content (news, notices, documents, the home page's extras) is
data beside the ``sites/`` app that owns it, seeded through onboarding's demo steps
(cluster/onboarding/seeding.py). Building it twice gives the same cluster: every step
looks for what it would create.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.html import escape
from django_tenants.utils import schema_context

from cluster.accounts.services import account_create, role_grant
from cluster.tenants.models import SiteRole, Tenant
from cluster.tenants.validators import credit_code_check_character

from .seeding import DemoContext, demo_seed
from .services import platform_ensure, site_add_standard_pages, site_create
from .template_schema import template_ensure_current


def _credit_code(first17: str) -> str:
    return first17 + credit_code_check_character(first17)


@dataclass(frozen=True)
class DemoSite:
    schema: str
    name: str
    short_name: str
    level: str
    parent: str | None
    domain: str
    site_code: str
    code17: str
    theme: str = "default"


DEMO_SITES = [
    DemoSite(
        "site_portal",
        "吉林市人民政府",
        "吉林市政府",
        Tenant.Level.CITY,
        None,
        "portal.localhost",
        "2202000001",
        "11220200013512345",
    ),
    DemoSite(
        "site_changyi",
        "吉林市昌邑区人民政府",
        "昌邑区政府",
        Tenant.Level.COUNTY,
        "site_portal",
        "changyi.localhost",
        "2202020001",
        "11220202013523456",
        theme="county",
    ),
    DemoSite(
        "site_yongji",
        "永吉县人民政府",
        "永吉县政府",
        Tenant.Level.COUNTY,
        "site_portal",
        "yongji.localhost",
        "2202210001",
        "11220221013534567",
        theme="county",
    ),
    DemoSite(
        "site_scjg",
        "吉林市市场监督管理局",
        "市市场监管局",
        Tenant.Level.DEPARTMENT,
        "site_portal",
        "scjg.localhost",
        "2202000011",
        "11220200MB1645678",
        theme="azure",
    ),
    DemoSite(
        "site_mzj",
        "吉林市民政局",
        "市民政局",
        Tenant.Level.DEPARTMENT,
        "site_portal",
        "mzj.localhost",
        "2202000012",
        "11220200013556789",
        theme="azure",
    ),
]

# (username, name, password, platform admin, [(schema, role)])
DEMO_ACCOUNTS = [
    ("admin", "平台管理员", "Demo-admin-2026", True, []),
    (
        "portal_admin",
        "王站长",
        "Demo-portal-2026",
        False,
        [("site_portal", SiteRole.Role.SITE_ADMIN)],
    ),
    ("scjg_editor", "李编辑", "Demo-editor-2026", False, [("site_scjg", SiteRole.Role.EDITOR)]),
    (
        "portal_officer",
        "赵专员",
        "Demo-officer-2026",
        False,
        [("site_portal", SiteRole.Role.DISCLOSURE_OFFICER)],
    ),
    (
        "changyi_reviewer",
        "张审核",
        "Demo-reviewer-2026",
        False,
        [("site_changyi", SiteRole.Role.REVIEWER)],
    ),
]


def demo_build(*, corpus_dir: Path | None = None, log=lambda message: None) -> list[Tenant]:
    corpus_dir = corpus_dir or settings.CORPUS_DIR
    platform_ensure(console_host=settings.CONSOLE_HOST)
    if template_ensure_current():
        log("Template schema built.")
    tenants = {}
    for spec in DEMO_SITES:
        tenant = Tenant.objects.filter(schema_name=spec.schema).first()
        if tenant is None:
            tenant = site_create(
                name=spec.name,
                short_name=spec.short_name,
                level=spec.level,
                parent=tenants.get(spec.parent),
                credit_code=_credit_code(spec.code17),
                site_code=spec.site_code,
                domain=spec.domain,
                theme=spec.theme,
                schema_name=spec.schema,
                identity={"organizer": f"{spec.name}办公室", "icp_number": "吉ICP备00000000号"},
            )
            log(f"Created {tenant.name}.")
        else:
            # Built by an older version: the standard pages of apps added since.
            for page in site_add_standard_pages(tenant):
                log(f"Added {page.title} to {tenant.name}.")
        tenants[spec.schema] = tenant
    _accounts_ensure(tenants)
    # Before the content, so the portal's documents reach the subscribers as they are published.
    _syndication_ensure(tenants)
    for key, tenant in tenants.items():
        with schema_context(tenant.schema_name):
            demo_seed(DemoContext(tenant=tenant, key=key, corpus_dir=corpus_dir, log=log))
    _upstream_ensure(tenants["site_portal"], corpus_dir)
    return list(tenants.values())


# Upper-level policy documents (State Council, province) reach the portal's 上级文件
# through an upstream feed, and go on to every subscriber. A second feed brings other
# cities' documents (the corpus) into a 他山之石 column, read as experience from
# elsewhere, never as the city's own or as upper-level documents. Feeds are files
# written at build time: there is no network at run time.
UPSTREAM_DATA = Path(__file__).resolve().parent / "demo_content" / "upstream.toml"
DEMO_FEED_NAME = "上级政策文件库（示例）"
# (key, file, title, 发文字号, issuer, 成文日期, 发布日期, 索引号)
DEMO_ELSEWHERE = [
    (
        "yiyang-2017-19",
        "yiyang-2017-19.txt",
        "益阳市人民政府办公室关于印发《2017年全市政务公开政务服务工作要点》的通知",
        "益政办函〔2017〕19号",
        "益阳市人民政府办公室",
        "2017-03-10",
        "Wed, 22 Mar 2017 10:53:00 +0800",
        "",
    ),
    (
        "tongchuan-2013-38",
        "tongchuan-2013-38.txt",
        "铜川市人民政府办公室关于印发铜川市推进政务公开建设服务型政府工作方案的通知",
        "铜政办发〔2013〕38号",
        "铜川市人民政府办公室",
        "2013-06-01",
        "Wed, 05 Jun 2013 16:25:00 +0800",
        "TCXXGK-2013-004232",
    ),
]
ELSEWHERE_FEED_NAME = "外地政务公开经验（示例）"
ELSEWHERE_COLUMN = "ztzl/tszs"


def _feed_items_upper() -> list[tuple]:
    items = []
    for item in tomllib.loads(UPSTREAM_DATA.read_text("utf-8"))["item"]:
        html = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in item["paragraphs"])
        items.append(
            (
                item["key"],
                item["title"],
                item["number"],
                item["issuer"],
                item["written"],
                item["published"],
                item["index_number"],
                html,
            )
        )
    return items


def _feed_items_elsewhere(corpus_dir: Path) -> list[tuple]:
    from sites.core.text_import import import_document

    items = []
    for key, file, title, number, issuer, written, published, index_number in DEMO_ELSEWHERE:
        imported = import_document((corpus_dir / file).read_text(encoding="utf-8"), title=title)
        items.append((key, title, number, issuer, written, published, index_number, imported.html))
    return items


def _feed_write(name: str, title: str, items: list[tuple]) -> Path:
    """An RSS file with the policy fields (gov: namespace) the feed importer reads."""
    entries = []
    for key, item_title, number, issuer, written, published, index_number, html in items:
        entries.append(
            f"<item><title>{escape(item_title)}</title>"
            f"<link>https://www.gov.example/zcwjk/{key}.html</link><guid>{key}</guid>"
            f"<pubDate>{published}</pubDate>"
            f"<gov:documentNumber>{escape(number)}</gov:documentNumber>"
            f"<gov:issuer>{escape(issuer)}</gov:issuer><gov:writtenDate>{written}</gov:writtenDate>"
            f"<gov:indexNumber>{index_number}</gov:indexNumber>"
            f"<description><![CDATA[{html}]]></description></item>"
        )
    folder = Path(settings.BASE_DIR) / ".data" / "feeds"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:gov="https://www.gov.example/ns/policy"><channel>'
        f"<title>{escape(title)}</title><link>https://www.gov.example/zcwjk/</link>"
        f"<description>{escape(title)}</description>{''.join(entries)}</channel></rss>",
        encoding="utf-8",
    )
    return path


def demo_feed_write(corpus_dir: Path) -> Path:
    """The demo's upstream feed of upper-level documents."""
    return _feed_write("upstream-policy.xml", DEMO_FEED_NAME, _feed_items_upper())


def _upstream_ensure(portal: Tenant, corpus_dir: Path) -> None:
    from cluster.syndication.feeds import feed_import
    from cluster.syndication.models import UpstreamFeed

    feeds = [
        (DEMO_FEED_NAME, demo_feed_write(corpus_dir), "sjwj"),
        (
            ELSEWHERE_FEED_NAME,
            _feed_write(
                "elsewhere-policy.xml", ELSEWHERE_FEED_NAME, _feed_items_elsewhere(corpus_dir)
            ),
            ELSEWHERE_COLUMN,
        ),
    ]
    for name, path, column in feeds:
        feed = UpstreamFeed.objects.filter(target=portal, name=name).first()
        if feed is None:
            feed = UpstreamFeed.objects.create(
                name=name, url=path.as_uri(), target=portal, target_column=column
            )
        feed_import(feed=feed)


# The city's 市政府文件 channel: every county and department carries it in 上级文件;
# 市民政局 reviews each copy before it goes live.
DEMO_REVIEW_SUBSCRIBERS = {"site_mzj"}


def _syndication_ensure(tenants) -> None:
    from cluster.syndication.models import Channel, Subscription
    from cluster.syndication.services import channel_create, subscription_set

    portal = tenants["site_portal"]
    for name, column in [("市政府文件", "xxgk/fdzdgknr"), ("上级政策文件", "sjwj")]:
        channel = Channel.objects.filter(source=portal, name=name).first()
        if channel is None:
            channel = channel_create(
                source=portal,
                name=name,
                source_column_path=column,
                subscribe_children_by_default=True,
            )
        for schema, tenant in tenants.items():
            if tenant.parent_id != portal.pk:
                continue
            if Subscription.objects.filter(channel=channel, subscriber=tenant).exists():
                continue
            subscription_set(
                channel=channel,
                subscriber=tenant,
                mode=Subscription.Mode.REVIEW
                if schema in DEMO_REVIEW_SUBSCRIBERS
                else Subscription.Mode.AUTO,
            )


def _accounts_ensure(tenants):
    User = get_user_model()  # noqa: N806
    for username, name, password, is_admin, roles in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_create(
                username=username,
                password=password,
                name=name,
                email=f"{username}@example.gov.cn",
                is_platform_admin=is_admin,
            )
        for schema, role in roles:
            role_grant(user=user, tenant=tenants[schema], role=role)
