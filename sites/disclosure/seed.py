"""The 政府信息公开 section every site starts with, and its disclosure settings."""

from django.db.models import Q

from cluster.onboarding.seeding import NewSite, site_step
from cluster.tenants.models import Tenant
from cluster.vocabularies.models import Term, Vocabulary
from sites.core.models import ColumnPage
from sites.core.seed import page_add

from .models import (
    AnnualReportIndexPage,
    DisclosureCatalogPage,
    DisclosureCategoryPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosureSettings,
    InformationRequestPage,
)

REQUEST_INTRO = (
    "<p>公民、法人或者其他组织可以依据《中华人民共和国政府信息公开条例》向本机关申请获取政府信息。"
    "本机关自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，"
    "延长的期限最长不超过20个工作日。申请内容不明确的，本机关将在收到申请之日起7个工作日内一次性告知补正。</p>"
)


def _categories_for(level: str):
    """Art. 20 binds every government body; Art. 21 lists cities/counties and townships apart."""
    terms = Term.objects.current().filter(vocabulary=Vocabulary.CATEGORY)
    if level == Tenant.Level.TOWNSHIP:
        return terms.filter(Q(code__startswith="art20-") | Q(code="art21-08"))
    return terms.exclude(code="art21-08")


@site_step(order=20)
def disclosure_section_seed(site: NewSite) -> None:
    pages = site.pages
    section = page_add(
        pages["home"], DisclosureIndexPage(title="政府信息公开", slug="xxgk"), in_menu=True
    )
    pages["disclosure"] = section
    pages["guide"] = page_add(
        section, DisclosureGuidePage(title="政府信息公开指南", slug="zn"), in_menu=True
    )
    page_add(section, ColumnPage(title="政府信息公开制度", slug="zd"), in_menu=True)
    catalog = page_add(
        section, DisclosureCatalogPage(title="法定主动公开内容", slug="fdzdgknr"), in_menu=True
    )
    pages["catalog"] = catalog
    for term in _categories_for(site.level):
        page_add(
            catalog, DisclosureCategoryPage(title=term.name, slug=term.code, category=term.code)
        )
    pages["interpretations"] = page_add(
        section, ColumnPage(title="政策解读", slug="zcjd"), in_menu=True
    )
    pages["annual_reports"] = page_add(
        section, AnnualReportIndexPage(title="政府信息公开年报", slug="nb"), in_menu=True
    )
    pages["request"] = page_add(
        section,
        InformationRequestPage(title="依申请公开", slug="ysqgk", intro=REQUEST_INTRO),
        in_menu=True,
    )
    identity = site.identity
    DisclosureSettings.objects.create(
        office_name=f"{site.name}政府信息公开工作机构",
        office_address=identity.get("address", ""),
        office_phone=identity.get("phone", ""),
        office_email=identity.get("email", ""),
    )
