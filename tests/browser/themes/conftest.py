"""Pages of every type on the alpha site, committed for the browser and removed after."""

import datetime

import pytest
from django_tenants.utils import schema_context

from cluster.tenants.models import Tenant
from tests.conftest import committed
from tests.sites.core.images import make_image
from tests.sites.disclosure.conftest import make_document, make_interpretation

LONG_TITLE = (
    "甲市人民政府关于印发《甲市推进政务服务“一网通办”和优化营商环境若干措施（2026—2028年）》的通知"
)


def _create_pages() -> dict[str, str]:
    from sites.disclosure.models import AnnualReportIndexPage
    from sites.news.models import ArticlePage, NewsIndexPage

    with schema_context("site_alpha"):
        image = make_image("市民服务中心", size=(800, 450), colour="#9fb8d0")
        article = ArticlePage(
            title="甲市召开2026年优化营商环境工作推进会",
            source="甲市人民政府办公室",
            summary="会议部署了下一阶段优化营商环境的重点任务。",
            body=[
                (
                    "paragraph",
                    "<p>11月20日，甲市召开优化营商环境工作推进会，总结前一阶段工作，部署下一阶段重点任务。</p>",
                ),
                ("image", {"image": image, "alt": "推进会会场", "caption": "推进会现场"}),
                (
                    "paragraph",
                    "<p>会议要求，各县（区）、各部门要对标先进、补齐短板，持续提升企业和群众的获得感。</p>",
                ),
            ],
        )
        NewsIndexPage.objects.get(slug="news").add_child(instance=article)
        article.save_revision().publish()
        document = make_document(
            title=LONG_TITLE,
            written_date=datetime.date(2026, 3, 5),
            document_number="甲政发〔2026〕7号",
            keywords="政务服务 营商环境",
            summary="推进政务服务一网通办和优化营商环境的若干措施。",
            body=[
                (
                    "paragraph",
                    "<p>各县（区）人民政府，市政府各部门：</p>"
                    "<p>现将《若干措施》印发给你们，请认真贯彻执行。</p>",
                )
            ],
        )
        interpretation = make_interpretation(
            document, title="图解：《甲市推进政务服务“一网通办”若干措施》", form="text"
        )
        reports = AnnualReportIndexPage.objects.get()
        from sites.disclosure.models import AnnualReportPage

        report = AnnualReportPage(title="2025年政府信息公开工作年度报告", year=2025, live=False)
        reports.add_child(instance=report)
        report.save_revision().publish()
        powers = _create_powers()
        interaction = _create_interaction()
        return {
            **powers,
            **{k: v for k, v in interaction.items() if not k.startswith("_")},
            "article": article.url,
            "policy_document": document.url,
            "interpretation": interpretation.url,
            "annual_report": report.url,
            "_ids": [
                article.pk,
                document.pk,
                interpretation.pk,
                report.pk,
                powers["_list"],
                *interaction["_ids"],
            ],
            "_image": image.pk,
            "_documents": interaction["_documents"],
        }


def _create_interaction() -> dict:
    """A published letter with its answer, an open consultation and a live interview."""
    from sites.letters import services as letters
    from sites.letters.models import LetterType
    from tests.sites.consultations.conftest import make_consultation, make_interview

    letter, _code = letters.letter_submit(
        letter_type=LetterType.objects.get(slug="ldxx"),
        data={
            "subject": "建议增加老旧小区加装电梯补贴",
            "body": "我所在的小区都是六层楼，老人上下楼很困难，建议加大加装电梯的补贴力度。",
            "name": "王建国",
            "phone": "13900001111",
            "publish_consent": True,
        },
    )
    letters.letter_draft(
        letter=letter, user=None, reply="您好！已纳入明年民生实事项目。", reply_unit="住建局"
    )
    letters.letter_submit_for_review(letter=letter, user=None)
    letters.letter_approve(letter=letter, user=None)
    letters.letter_publish(letter=letter, user=None, published=True)
    from wagtail.documents import get_document_model

    documents_before = set(get_document_model().objects.values_list("pk", flat=True))
    consultation = make_consultation()
    interview = make_interview()
    documents = set(get_document_model().objects.values_list("pk", flat=True)) - documents_before
    return {
        "_documents": sorted(documents),
        "letter": f"/hdjl/xx/{letter.pk}/",
        "consultation": consultation.url,
        "interview": interview.url,
        "_ids": [consultation.pk, interview.pk],
    }


def _create_powers() -> dict:
    """A 权责清单 on alpha (under 专题专栏: the site has the cluster's list in 政府信息公开),
    and its items in the cluster's list too."""
    from cluster.registers.services import site_powers_replace
    from cluster.tenants.selectors import tenant_current
    from sites.core.models import ColumnPage
    from sites.powers.consumers import site_records
    from sites.powers.models import PowerListPage
    from sites.powers.services import power_create

    page = PowerListPage(title="权责清单", slug="qzqd-judged")
    ColumnPage.objects.get(slug="ztzl").add_child(instance=page)
    page.save_revision().publish()
    item = None
    for code, name, category in [
        ("XK-001", "食品经营许可", "xk"),
        ("CF-001", "对未取得食品经营许可从事食品经营活动的处罚", "cf"),
        ("JC-001", "食品生产经营日常监督检查", "jc"),
    ]:
        item = power_create(
            data={
                "code": code,
                "name": name,
                "category": category,
                "legal_basis": "《中华人民共和国食品安全法》第三十五条第一款。",
                "subject": "甲市市场监督管理局",
                "office": "食品经营安全监督管理科",
                "process": "申请→受理→审查→决定→送达",
                "duties": "受理、审查、决定、送达及事后监管责任。",
            }
        )
    site_powers_replace(tenant=tenant_current(), records=site_records())
    return {
        "power_list": page.url,
        "power_item": f"{page.url}{item.pk}/",
        "cluster_power_list": "/xxgk/qzqd/",
        "_list": page.pk,
    }


def _remove_powers() -> None:
    from cluster.registers.models import PowerRecord
    from sites.powers.models import PowerChange, PowerItem

    PowerChange.objects.all().delete()
    PowerItem.objects.all().delete()
    PowerRecord.objects.filter(tenant__schema_name="site_alpha").delete()


def _remove_pages(created) -> None:
    from wagtail.images import get_image_model
    from wagtail.models import Page

    with schema_context("site_alpha"):
        _remove_powers()
        from sites.letters.models import Letter

        Letter.objects.all().delete()
        for page in Page.objects.filter(pk__in=created["_ids"]):
            page.delete()
        get_image_model().objects.filter(pk=created["_image"]).delete()
        from wagtail.documents import get_document_model

        get_document_model().objects.filter(pk__in=created["_documents"]).delete()


# Every page type of a site, by the template that renders it.
STANDARD_PATHS = {
    "home": "/",
    "news_index": "/news/",
    "column": "/sjwj/",
    "disclosure_index": "/xxgk/",
    "disclosure_guide": "/xxgk/zn/",
    "disclosure_catalog": "/xxgk/fdzdgknr/",
    "disclosure_category": "/xxgk/fdzdgknr/art20-01/",
    "annual_report_index": "/xxgk/nb/",
    "information_request": "/xxgk/ysqgk/",
    "information_request_status": "/xxgk/ysqgk/status/",
    "search": "/search/?q=营商环境",
    "letter_box": "/hdjl/xx/",
    "letter_write": "/hdjl/xx/write/",
    "letter_lookup": "/hdjl/xx/lookup/",
    "consultation_index": "/hdjl/yjzj/",
    "interview_index": "/hdjl/zxft/",
    "not_found": "/no-such-page/",
}


@pytest.fixture(scope="package")
def site_pages(site_server, django_db_blocker):
    """Name -> path of one page of every type on alpha (served at alpha.localhost); they
    are committed, so they are removed when this folder's tests are done, before any
    other test counts alpha's pages or the search index."""
    with django_db_blocker.unblock():
        created = committed(_create_pages)
        try:
            paths = dict(STANDARD_PATHS)
            paths.update({k: v for k, v in created.items() if not k.startswith("_")})
            yield paths
        finally:
            committed(_remove_pages, created)


def _set_theme(slug: str) -> None:
    tenant = Tenant.objects.get(schema_name="site_alpha")
    tenant.theme = slug
    tenant.save(update_fields=["theme"])


@pytest.fixture
def alpha_theme(django_db_blocker):
    """Give alpha another theme for one test (saved for the server thread), then its own."""
    used = []

    def use(slug: str) -> None:
        with django_db_blocker.unblock():
            committed(_set_theme, slug)
        used.append(slug)

    yield use
    if used:
        with django_db_blocker.unblock():
            committed(_set_theme, "default")
