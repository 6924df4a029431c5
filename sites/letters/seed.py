"""Every site starts with the 政民互动 mailboxes and their page under 互动交流."""

from cluster.onboarding.seeding import NewSite, site_step, upgrade_step
from sites.core.seed import interaction_column, page_add

from .models import LetterBoxPage, LetterType

# (name, slug, reply working days, description): defaults a site admin can change.
DEFAULT_TYPES = [
    ("领导信箱", "ldxx", 15, "向本单位主要负责同志反映情况、提出意见建议。"),
    ("咨询", "zx", 5, "咨询政策规定、办事流程等。"),
    ("投诉", "ts", 15, "投诉行政机关及其工作人员的违法违规行为。"),
    ("建议", "jy", 15, "对本单位工作提出意见建议。"),
]

INTRO = (
    "<p>欢迎您通过本信箱反映情况、咨询问题、提出意见建议。我们将在规定的工作日内答复，"
    "法定节假日不计算在内。</p>"
    "<ol><li>请如实填写姓名和联系方式，仅供办理使用，不会公开。</li>"
    "<li>涉及国家秘密、商业秘密、个人隐私的内容请勿通过本信箱提交。</li>"
    "<li>属于其他单位职责的来信，将转交有关单位办理，答复期限连续计算。</li>"
    "<li>依法应当通过诉讼、仲裁、行政复议等途径解决的事项，请依照有关规定办理。</li></ol>"
)


@site_step(order=35)
def letters_seed(site: NewSite) -> None:
    mailboxes_default()
    parent = site.pages.get("interaction") or site.pages["home"]
    site.pages["letters"] = _mailbox_page_add(parent)


@upgrade_step(order=35)
def letters_upgrade(site: NewSite) -> list:
    """A site made before the letters: the mailboxes (letters.0003 gave them) and the page,
    under its 互动交流 column as on a new site, unless it has a 信箱 page anywhere."""
    if LetterBoxPage.objects.exists():
        return []
    mailboxes_default()
    home = site.pages["home"]
    return [_mailbox_page_add(interaction_column(home) or home)]


def _mailbox_page_add(parent) -> LetterBoxPage:
    return page_add(
        parent, LetterBoxPage(title="政民互动信箱", slug="xx", intro=INTRO), in_menu=True
    )


def mailboxes_default() -> None:
    """Add the default letter types the site does not have yet.

    A schema built by migrations rather than cloned from the template already has them
    from letters.0003 when it is seeded, so the defaults already there are kept, once.
    """
    LetterType.objects.bulk_create(
        (
            LetterType(
                name=name, slug=slug, reply_working_days=days, description=text, sort_order=i
            )
            for i, (name, slug, days, text) in enumerate(DEFAULT_TYPES)
        ),
        ignore_conflicts=True,
    )
