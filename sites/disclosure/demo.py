"""The demo sites' own policy documents, interpretations, requests and annual report.

Texts and metadata are in demo_content/documents.toml (or a corpus file); upper-level
documents are not here: they reach the sites through syndication (上级文件).
"""

import datetime
import tomllib
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from cluster.onboarding.seeding import DemoContext, demo_step
from sites.core.seed import publish_as_of

DATA = Path(__file__).resolve().parent / "demo_content" / "documents.toml"


def demo_records(key: str) -> dict[str, list[dict]]:
    data = tomllib.loads(DATA.read_text("utf-8"))
    return {
        kind: [item for item in data.get(kind, []) if item["site"] == key]
        for kind in ("document", "interpretation")
    }


def _published_day(item: dict, today: datetime.date) -> datetime.date:
    if "published" in item:
        return item["published"]
    return today - datetime.timedelta(days=item["days_ago"])


def _body(item: dict, corpus_dir: Path) -> tuple[str, str]:
    """(body HTML, 发文字号) from the item's paragraphs or its corpus file."""
    from sites.core.text_import import import_document

    if "corpus" in item:
        raw = (corpus_dir / item["corpus"]).read_text(encoding="utf-8")
        imported = import_document(raw, title=item["title"])
        return imported.html, imported.doc_number
    html = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in item["paragraphs"])
    return html, item.get("number", "")


@transaction.atomic
def document_ensure(item: dict, corpus_dir: Path, *, today: datetime.date):
    from .models import DisclosureCategoryPage, PolicyDocumentIssuer, PolicyDocumentPage

    category = DisclosureCategoryPage.objects.get(category=item["category"])
    if PolicyDocumentPage.objects.filter(title=item["title"]).exists():
        return None
    day = _published_day(item, today)
    html, number = _body(item, corpus_dir)
    written = item.get("written") or day - datetime.timedelta(days=3)
    document = PolicyDocumentPage(
        title=item["title"],
        topic=item["topic"],
        doctype=item["doctype"],
        genre=item["genre"],
        document_number=number,
        written_date=written,
        effective_date=written,
        keywords=item.get("keywords", "政务公开"),
        issuers=[PolicyDocumentIssuer(name=item["issuer"])],
        body=[("paragraph", html)],
    )
    return publish_as_of(category, document, day)


@transaction.atomic
def interpretation_ensure(item: dict, *, today: datetime.date):
    from sites.core.models import ColumnPage

    from .models import InterpretationLink, InterpretationPage, PolicyDocumentPage

    column = ColumnPage.objects.get(slug="zcjd", depth=4)
    if InterpretationPage.objects.filter(title=item["title"]).exists():
        return None
    documents = [PolicyDocumentPage.objects.get(title=title) for title in item["documents"]]
    interpretation = InterpretationPage(
        title=item["title"],
        source=item.get("source", ""),
        form="graphic" if item["title"].startswith("图解") else "text",
        body=[("paragraph", "".join(f"<p>{escape(p)}</p>" for p in item["paragraphs"]))],
        document_links=[InterpretationLink(document=document) for document in documents],
    )
    return publish_as_of(column, interpretation, _published_day(item, today))


@demo_step(order=20)
def documents_demo(context: DemoContext) -> None:
    today = timezone.localdate()
    records = demo_records(context.key)
    for item in records["document"]:
        document_ensure(item, context.corpus_dir, today=today)
    for item in records["interpretation"]:
        interpretation_ensure(item, today=today)
    if context.key == "site_portal":
        requests_and_report_demo()


@transaction.atomic
def requests_and_report_demo() -> None:
    """Two 依申请公开 requests (one answered) and the 2025 annual report."""
    from .models import AnnualReportIndexPage, AnnualReportPage, InformationRequest
    from .services import request_answer, request_submit

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
        data={**applicant, "received_at": timezone.make_aware(datetime.datetime(2025, 11, 3, 9))}
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
