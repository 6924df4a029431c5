"""The monitors' rules: one registry, each rule a small function of a site's snapshot.

Adding a rule is one function here with ``@rule(...)``: its id, Chinese name, whether a
breach is a single veto (单项否决, after the 国办《政府网站与政务新媒体检查指标》), and
whether its countdown is in calendar or working days. A rule returns an ``Outcome``:
breached or not, a value, and ``days_until`` — how many days until it breaches (0 once
it has), or None when a breach cannot be foreseen (availability, empty columns).
"""

import dataclasses
import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from .conf import monitors_setting
from .snapshot import KIND_LABELS, NEWS, NOTICES, POLICY, SiteSnapshot

CALENDAR, WORKING = "calendar", "working"


@dataclasses.dataclass
class Outcome:
    breached: bool
    summary: str
    value: float | None = None
    days_until: int | None = None
    detail: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Rule:
    id: str
    name: str
    veto: bool
    days: str
    description: str
    evaluate: object

    @property
    def days_label(self) -> str:
        return "个工作日" if self.days == WORKING else "天"


RULES: dict[str, Rule] = {}


def rule(rule_id: str, name: str, *, veto: bool, days: str = CALENDAR, description: str = ""):
    def register(function):
        RULES[rule_id] = Rule(rule_id, name, veto, days, description, function)
        return function

    return register


def _days_until(breach_day: datetime.date, today: datetime.date) -> int:
    return max(0, (breach_day - today).days)


# -- the limits ---------------------------------------------------------------------

HOME_STALE_DAYS = 14  # 首页动态/要闻 older than two weeks
COLUMN_LIMITS = {
    NEWS: relativedelta(days=14),
    NOTICES: relativedelta(months=6),
    POLICY: relativedelta(months=6),
}
STALE_COLUMNS_VETO = 5
EMPTY_COLUMNS_VETO = 5
# "互动留言超过3个月未回复": counted as 90 calendar days; a letter 91 days old breaches.
LETTER_UNANSWERED_DAYS = 90


@rule(
    "availability",
    "站点可用性",
    veto=True,
    description="定时访问首页和主要栏目页，超过15秒未打开或无法访问即为失败；"
    "统计周期内失败次数占比超过5%为单项否决。",
)
def availability(snapshot: SiteSnapshot) -> Outcome:
    from .models import Probe

    days = monitors_setting("AVAILABILITY_DAYS")
    line = monitors_setting("AVAILABILITY_MAX_FAILED_SHARE")
    since = timezone.now() - datetime.timedelta(days=days)
    probes = Probe.objects.filter(tenant=snapshot.tenant, probed_at__gte=since)
    total = probes.count()
    failed = probes.filter(ok=False).count()
    if not total:
        return Outcome(False, f"近{days}天暂无探测记录。", detail={"probes": 0})
    share = failed / total
    allowed = int(line * total) - failed
    return Outcome(
        share > line,
        f"近{days}天探测{total}次，失败{failed}次（{share:.1%}），限值{line:.0%}。",
        value=round(share * 100, 2),
        detail={"probes": total, "failed": failed, "failures_left": max(0, allowed)},
    )


@rule(
    "home_freshness",
    "首页更新",
    veto=True,
    description="首页动态、要闻类栏目最新信息超过2周未更新为单项否决。",
)
def home_freshness(snapshot: SiteSnapshot) -> Outcome:
    by_id = {column.id: column for column in snapshot.columns}
    columns = [by_id[pk] for pk in snapshot.home_news_ids if pk in by_id] or [
        column for column in snapshot.columns if column.kind == NEWS
    ]
    dates = [column.newest for column in columns if column.newest]
    if not dates:
        return Outcome(True, "首页没有可判断的动态、要闻信息。", days_until=0)
    newest = max(dates)
    age = (snapshot.today - newest).days
    breach_day = newest + datetime.timedelta(days=HOME_STALE_DAYS + 1)
    return Outcome(
        age > HOME_STALE_DAYS,
        f"首页动态、要闻最新一条发布于{newest:%Y-%m-%d}（{age}天前）。",
        value=age,
        days_until=_days_until(breach_day, snapshot.today),
        detail={"newest": newest.isoformat(), "columns": [c.title for c in columns]},
    )


def column_breach_day(column) -> datetime.date | None:
    """The first day ``column`` counts as not updated (None: not a timed column, or empty)."""
    limit = COLUMN_LIMITS.get(column.kind)
    if limit is None or column.newest is None:
        return None
    return column.newest + limit + datetime.timedelta(days=1)


@rule(
    "stale_columns",
    "栏目更新",
    veto=True,
    description="动态、要闻类栏目超过2周未更新，通知公告、政策文件类栏目超过6个月未更新，"
    "累计5个及以上为单项否决。",
)
def stale_columns(snapshot: SiteSnapshot) -> Outcome:
    stale, coming = [], []
    for column in snapshot.columns:
        breach_day = column_breach_day(column)
        if breach_day is None:
            continue
        if breach_day <= snapshot.today:
            stale.append(column)
        else:
            coming.append(breach_day)
    needed = STALE_COLUMNS_VETO - len(stale)
    coming.sort()
    if needed <= 0:
        days_until = 0
    elif len(coming) >= needed:
        days_until = _days_until(coming[needed - 1], snapshot.today)
    else:
        days_until = None
    return Outcome(
        needed <= 0,
        f"{len(stale)}个栏目未按期更新（{STALE_COLUMNS_VETO}个及以上为单项否决）。",
        value=len(stale),
        days_until=days_until,
        detail={
            "columns": [
                {
                    "title": c.title,
                    "url": c.url,
                    "kind": KIND_LABELS[c.kind],
                    "newest": c.newest.isoformat(),
                }
                for c in stale
            ]
        },
    )


@rule(
    "empty_columns",
    "空白栏目",
    veto=True,
    description="栏目下没有任何公开内容为空白栏目，5个及以上为单项否决。",
)
def empty_columns(snapshot: SiteSnapshot) -> Outcome:
    empty = [column for column in snapshot.columns if not column.has_children]
    return Outcome(
        len(empty) >= EMPTY_COLUMNS_VETO,
        f"{len(empty)}个空白栏目（{EMPTY_COLUMNS_VETO}个及以上为单项否决）。",
        value=len(empty),
        detail={"columns": [{"title": c.title, "url": c.url} for c in empty[:100]]},
    )


@rule(
    "unanswered_letters",
    "互动回应",
    veto=True,
    description="政民互动来信超过3个月（90天）未答复为单项否决。",
)
def unanswered_letters(snapshot: SiteSnapshot) -> Outcome:
    if not snapshot.open_letters:
        return Outcome(False, "没有待答复的来信。", value=0)
    ages = sorted(
        ((snapshot.today - received).days, number)
        for number, received, _due in snapshot.open_letters
    )
    late = [number for age, number in ages if age > LETTER_UNANSWERED_DAYS]
    oldest = ages[-1][0]
    return Outcome(
        bool(late),
        f"{len(late)}封来信超过3个月未答复；最早的待答复来信已{oldest}天。",
        value=len(late),
        days_until=max(0, LETTER_UNANSWERED_DAYS + 1 - oldest),
        detail={"letters": late[:100], "oldest_days": oldest},
    )


@rule(
    "letters_overdue",
    "来信答复期限",
    veto=False,
    days=WORKING,
    description="来信超过其信箱规定的答复期限（工作日）未答复。",
)
def letters_overdue(snapshot: SiteSnapshot) -> Outcome:
    from sites.disclosure.workdays import working_days_between

    if not snapshot.open_letters:
        return Outcome(False, "没有待答复的来信。", value=0)
    overdue = [number for number, _received, due in snapshot.open_letters if due < snapshot.today]
    earliest = min(due for _number, _received, due in snapshot.open_letters)
    days_until = (
        0 if earliest < snapshot.today else working_days_between(snapshot.today, earliest) + 1
    )
    return Outcome(
        bool(overdue),
        f"{len(overdue)}封来信超过答复期限；最近的期限为{earliest:%Y-%m-%d}。",
        value=len(overdue),
        days_until=days_until,
        detail={"letters": overdue[:100]},
    )


@rule(
    "backdating",
    "发布日期",
    veto=False,
    description="页面的发布日期早于其首次发布的日期（倒签）。",
)
def backdating(snapshot: SiteSnapshot) -> Outcome:
    pages = snapshot.backdated
    return Outcome(
        bool(pages),
        f"{len(pages)}个页面的发布日期早于首次发布日期。",
        value=len(pages),
        detail={"pages": pages[:100]},
    )


@rule(
    "broken_links",
    "链接可用性",
    veto=False,
    description="页面中指向本站群已不存在或不公开页面的链接，以及无法访问的外部链接。",
)
def broken_links(snapshot: SiteSnapshot) -> Outcome:
    from .links import links_check

    broken, counts = links_check(snapshot)
    return Outcome(
        bool(broken),
        f"检查链接{counts['internal'] + counts['external']}个，不可用{len(broken)}个。",
        value=len(broken),
        detail={"broken": broken[:100], **counts},
    )
