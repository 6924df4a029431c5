"""The demo cluster: a city portal, two counties and two departments with real documents.

Building it twice gives the same cluster: every step looks for what it would create.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from cluster.accounts.services import account_create, role_grant
from cluster.tenants.models import SiteRole, Tenant
from cluster.tenants.validators import credit_code_check_character

from .services import platform_ensure, site_create
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
        theme="azure",
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


@dataclass(frozen=True)
class DemoText:
    schema: str
    file: str
    column: str  # slug path under the home page
    title: str = ""
    date: datetime.date | None = None
    source: str = ""
    article: int | None = None  # index in a file of several articles
    # A policy document (政府文件): (topic, 文种, 体裁, issuer, 成文日期).
    document: tuple[str, str, str, str, datetime.date] | None = None


DEMO_TEXTS = [
    DemoText(
        "site_portal",
        "jilin-2009-53.txt",
        "xxgk/fdzdgknr/art20-01",
        "吉林市人民政府关于印发《2008年度政务公开工作开展情况和2009年重点工作安排》的通知",
        datetime.date(2009, 2, 23),
        "吉林省吉林市人民政府",
        document=("0101", "han", "qtwj", "吉林市人民政府", datetime.date(2009, 2, 23)),
    ),
    DemoText(
        "site_changyi",
        "district-2012-plan.txt",
        "news",
        "区县政务信息公开打算",
        datetime.date(2012, 3, 1),
        "昌邑区政务公开办",
    ),
    DemoText(
        "site_scjg",
        "experience-articles.txt",
        "news",
        date=datetime.date(2012, 5, 10),
        source="市市场监管局",
        article=0,
    ),
    DemoText(
        "site_scjg",
        "experience-articles.txt",
        "news",
        date=datetime.date(2012, 6, 12),
        source="市市场监管局",
        article=1,
    ),
    DemoText(
        "site_yongji",
        "experience-articles.txt",
        "news",
        date=datetime.date(2012, 7, 3),
        source="永吉县政务服务中心",
        article=2,
    ),
    DemoText(
        "site_changyi",
        "experience-articles.txt",
        "news",
        date=datetime.date(2012, 8, 20),
        source="昌邑区财政局",
        article=3,
    ),
    DemoText(
        "site_mzj",
        "experience-articles.txt",
        "news",
        date=datetime.date(2012, 9, 14),
        source="市民政局",
        article=4,
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
        tenants[spec.schema] = tenant
    _accounts_ensure(tenants)
    # Before the texts, so the portal's documents reach the subscribers as they are published.
    _syndication_ensure(tenants)
    for text in DEMO_TEXTS:
        _text_ensure(tenants[text.schema], text, corpus_dir)
    _upstream_ensure(tenants["site_portal"], corpus_dir)
    _disclosure_ensure(tenants["site_portal"])
    return list(tenants.values())


# Upper-level policy documents reach the portal through an upstream feed (a file built
# from the corpus: there is no network at run time) and go on to every subscriber.
# (key, file, title, 发文字号, issuer, 成文日期, 发布日期, 索引号)
DEMO_UPSTREAM = [
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
DEMO_FEED_NAME = "上级政策文件库（示例）"


def demo_feed_write(corpus_dir: Path) -> Path:
    """The demo's upstream feed: RSS with the policy fields, from the corpus texts."""
    from django.utils.html import escape

    from sites.core.text_import import import_document

    items = []
    for key, file, title, number, issuer, written, published, index_number in DEMO_UPSTREAM:
        imported = import_document((corpus_dir / file).read_text(encoding="utf-8"), title=title)
        items.append(
            f"<item><title>{escape(title)}</title>"
            f"<link>https://www.gov.example/zcwjk/{key}.html</link><guid>{key}</guid>"
            f"<pubDate>{published}</pubDate>"
            f"<gov:documentNumber>{escape(number)}</gov:documentNumber>"
            f"<gov:issuer>{escape(issuer)}</gov:issuer><gov:writtenDate>{written}</gov:writtenDate>"
            f"<gov:indexNumber>{index_number}</gov:indexNumber>"
            f"<description><![CDATA[{imported.html}]]></description></item>"
        )
    folder = Path(settings.BASE_DIR) / ".data" / "feeds"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "upstream-policy.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:gov="https://www.gov.example/ns/policy"><channel>'
        f"<title>{DEMO_FEED_NAME}</title><link>https://www.gov.example/zcwjk/</link>"
        f"<description>国务院和省政府政策文件（示例）</description>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    return path


def _upstream_ensure(portal: Tenant, corpus_dir: Path) -> None:
    from cluster.syndication.feeds import feed_import
    from cluster.syndication.models import UpstreamFeed

    path = demo_feed_write(corpus_dir)
    feed = UpstreamFeed.objects.filter(target=portal, name=DEMO_FEED_NAME).first()
    if feed is None:
        feed = UpstreamFeed.objects.create(
            name=DEMO_FEED_NAME, url=path.as_uri(), target=portal, target_column="sjwj"
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


@transaction.atomic
def _disclosure_ensure(tenant: Tenant) -> None:
    """Two 依申请公开 requests (one answered) and the 2025 annual report on the portal."""
    from sites.disclosure.models import AnnualReportIndexPage, AnnualReportPage, InformationRequest
    from sites.disclosure.services import request_answer, request_submit

    with schema_context(tenant.schema_name):
        if InformationRequest.objects.exists():
            return
        applicant = {
            "applicant_type": "person",
            "name": "陈明",
            "identity_type": "id_card",
            "identity_number": "11010519491231002X",
            "phone": "13800000000",
            "email": "",
            "address": "吉林市船营区解放路1号",
            "postcode": "132000",
            "information_title": "2025年老旧小区改造项目清单",
            "information_number": "",
            "description": "申请获取2025年本市老旧小区改造项目清单及资金安排。",
            "delivery_form": "paper",
            "delivery_channel": "post",
        }
        answered, _code = request_submit(
            data={
                **applicant,
                "received_at": timezone.make_aware(datetime.datetime(2025, 11, 3, 9)),
            }
        )
        request_answer(
            request=answered,
            user=None,
            outcome="disclose",
            reply="所申请信息已主动公开，现随答复书邮寄。",
            today=datetime.date(2025, 11, 20),
        )
        request_submit(
            data={
                **applicant,
                "applicant_type": "business",
                "name": "吉林市某建筑工程有限公司",
                "identity_type": "credit_code",
                "identity_number": "91350100M000100Y43",
                "legal_representative": "周某",
                "contact_name": "刘某",
                "information_title": "某路段道路改造工程招标文件",
                "description": "申请获取某路段道路改造工程的招标文件及中标结果。",
                "received_at": timezone.now(),
            }
        )
        report = AnnualReportPage(
            title="吉林市人民政府2025年政府信息公开工作年度报告",
            year=2025,
            section_one="<p>2025年，市政府认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。</p>",
            licensing_count=1520,
            penalty_count=286,
            enforcement_count=12,
            fees_amount=0,
            section_five="<p>政策解读形式还不够丰富，下一步将增加图解、问答等解读形式。</p>",
            section_six="<p>本机关依申请提供政府信息，未收取信息处理费。</p>",
            live=False,
        )
        AnnualReportIndexPage.objects.get().add_child(instance=report)
        report.save_revision().publish()


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


@transaction.atomic
def _text_ensure(tenant: Tenant, spec: DemoText, corpus_dir: Path) -> None:
    from wagtail.models import Page

    from sites.core.text_import import import_document, split_articles

    raw = (corpus_dir / spec.file).read_text(encoding="utf-8")
    imported = (
        split_articles(raw)[spec.article]
        if spec.article is not None
        else import_document(raw, title=spec.title)
    )
    with schema_context(tenant.schema_name):
        home = Page.objects.get(depth=2)
        parent = home
        for slug in spec.column.split("/"):
            parent = parent.get_children().get(slug=slug)
        if parent.get_children().filter(title=imported.title).exists():
            return
        page = _policy_document(spec, imported) if spec.document else _article(spec, imported)
        # Imported records keep their original publication date (a migration of the
        # site's archive, not a new publication): first and last, as feeds and
        # search read the last one.
        published_at = datetime.datetime.combine(
            spec.date, datetime.time(9), tzinfo=timezone.get_current_timezone()
        )
        page.first_published_at = published_at
        parent.add_child(instance=page)
        page.save_revision().publish()
        Page.objects.filter(pk=page.pk).update(last_published_at=published_at)


def _article(spec: DemoText, imported):
    from sites.news.models import ArticlePage

    summary = f"发文字号：{imported.doc_number}" if imported.doc_number else ""
    return ArticlePage(
        title=imported.title,
        date=spec.date,
        source=spec.source,
        summary=summary,
        body=[("paragraph", imported.html)],
    )


def _policy_document(spec: DemoText, imported):
    from sites.disclosure.models import PolicyDocumentIssuer, PolicyDocumentPage

    topic, doctype, genre, issuer, written_date = spec.document
    return PolicyDocumentPage(
        title=imported.title,
        topic=topic,
        doctype=doctype,
        genre=genre,
        document_number=imported.doc_number,
        written_date=written_date,
        effective_date=written_date,
        keywords="政务公开",
        issuers=[PolicyDocumentIssuer(name=issuer)],
        body=[("paragraph", imported.html)],
    )
