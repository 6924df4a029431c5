"""意见征集 and 在线访谈 under every new site's 互动交流 column."""

from cluster.onboarding.seeding import NewSite, site_step, upgrade_step
from sites.core.seed import interaction_column, page_add

from .models import ConsultationIndexPage, InterviewIndexPage

CONSULTATION_INTRO = (
    "<p>本栏目发布需要听取公众意见的政策文件草案（征求意见稿）。征集期内欢迎您提出意见建议；"
    "征集结束后，我们将公布意见采纳情况。</p>"
)
INTERVIEW_INTRO = "<p>邀请部门负责人走进访谈间，解读政策、回应关切，访谈结束后发布实录。</p>"


def _consultations_column() -> ConsultationIndexPage:
    return ConsultationIndexPage(title="意见征集", slug="yjzj", intro=CONSULTATION_INTRO)


def _interviews_column() -> InterviewIndexPage:
    return InterviewIndexPage(title="在线访谈", slug="zxft", intro=INTERVIEW_INTRO)


def sections_add(interaction) -> tuple[ConsultationIndexPage, InterviewIndexPage]:
    """The two columns under ``interaction`` (互动交流), added unless they are there."""
    consultations = ConsultationIndexPage.objects.child_of(interaction).first() or page_add(
        interaction, _consultations_column(), in_menu=True
    )
    interviews = InterviewIndexPage.objects.child_of(interaction).first() or page_add(
        interaction, _interviews_column(), in_menu=True
    )
    return consultations, interviews


@site_step(order=40)
def consultation_sections_seed(site: NewSite) -> None:
    """After the plain columns (sites/core/seed.py, order 30), before the home blocks (90)."""
    interaction = site.pages.get("interaction")
    if interaction is None:
        return
    site.pages["consultations"], site.pages["interviews"] = sections_add(interaction)


@upgrade_step(order=40)
def consultation_sections_upgrade(site: NewSite) -> list:
    """A site made before 意见征集 and 在线访谈: each column it has nowhere, under its
    互动交流 column (a site without that column chose its own arrangement: nothing)."""
    interaction = interaction_column(site.pages["home"])
    if interaction is None:
        return []
    added = []
    for model, column in [
        (ConsultationIndexPage, _consultations_column),
        (InterviewIndexPage, _interviews_column),
    ]:
        if not model.objects.exists():
            added.append(page_add(interaction, column(), in_menu=True))
    return added
