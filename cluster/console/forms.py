import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cluster.tenants.models import SiteRole, Tenant
from cluster.workcalendar.selectors import arrangement_periods
from cluster.workcalendar.services import HolidayPeriod, MakeUpDay
from themes.registry import theme_choices


class ConsoleLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。",
        "inactive": "该账号已停用。",
        "not_platform_admin": "平台控制台仅限平台管理员登录。",
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise forms.ValidationError(
                self.error_messages["not_platform_admin"], code="not_platform_admin"
            )


class SiteCreateForm(forms.Form):
    name = forms.CharField(label="网站名称（全称）", max_length=100)
    short_name = forms.CharField(label="简称", max_length=30, required=False)
    level = forms.ChoiceField(
        label="层级",
        choices=[(c.value, c.label) for c in Tenant.Level if c != Tenant.Level.PLATFORM],
    )
    parent = forms.ModelChoiceField(
        label="上级网站", required=False, queryset=Tenant.objects.exclude(schema_name="public")
    )
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, min_length=18)
    site_code = forms.CharField(label="网站标识码", max_length=10, min_length=10)
    domain = forms.CharField(label="主域名", max_length=253)
    aliases = forms.CharField(
        label="别名域名",
        required=False,
        help_text="每行一个，可留空。",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    theme = forms.ChoiceField(label="主题", choices=theme_choices)
    admin = forms.ModelChoiceField(
        label="站点管理员",
        required=False,
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
    )
    icp_number = forms.CharField(label="ICP备案号", max_length=40, required=False)
    police_number = forms.CharField(label="公安机关备案号", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="联系邮箱", required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)

    def alias_list(self):
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]

    def identity(self):
        return {
            key: self.cleaned_data[key]
            for key in ("icp_number", "police_number", "phone", "email", "address")
            if self.cleaned_data[key]
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Tenant.Status.choices)
    reason = forms.CharField(label="原因", max_length=200, required=False)


class DomainForm(forms.Form):
    domain = forms.CharField(label="域名", max_length=253)
    primary = forms.BooleanField(label="设为主域名", required=False)


class AccountCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    name = forms.CharField(label="姓名", max_length=150)
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8)
    is_platform_admin = forms.BooleanField(label="平台管理员", required=False)


class RoleGrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label="账号", queryset=get_user_model().objects.filter(is_active=True).order_by("username")
    )
    role = forms.ChoiceField(label="角色", choices=SiteRole.Role.choices)


class TermAddForm(forms.Form):
    code = forms.CharField(label="代码", max_length=40)
    name = forms.CharField(label="名称", max_length=100)
    parent_code = forms.CharField(
        label="上级代码", max_length=40, required=False, help_text="仅主题分类使用，可留空。"
    )
    description = forms.CharField(label="说明", max_length=300, required=False)


class TermRenameForm(forms.Form):
    name = forms.CharField(label="新名称", max_length=100)


_DATE = r"\d{4}-\d{1,2}-\d{1,2}"
# 春节 2027-02-05 至 2027-02-13 / 春节：2027-02-05~2027-02-13 / 元旦 2027-01-01
_HOLIDAY_LINE = re.compile(
    rf"^(?P<name>\S.*?)[\s：:]+(?P<first>{_DATE})(?:\s*(?:至|到|~|～|—)\s*(?P<last>{_DATE}))?$"
)
# 春节 2027-02-07
_WORKDAY_LINE = re.compile(rf"^(?:(?P<name>\S.*?)[\s：:]+)?(?P<date>{_DATE})$")


def _parse_date(text: str, line_number: int, line: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat("-".join(f"{int(part):02d}" for part in text.split("-")))
    except ValueError:
        raise forms.ValidationError(
            f"第{line_number}行“{line}”中的日期{text}不存在，请核对。"
        ) from None


def _lines(text: str):
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line:
            yield number, line


class ArrangementForm(forms.Form):
    """A year's holiday arrangement as the State Council's notice lists it, one line per item."""

    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    notice_number = forms.CharField(
        label="通知文号",
        max_length=60,
        help_text="国务院办公厅关于该年部分节假日安排的通知，如：国办发明电〔2025〕7号。",
    )
    notice_date = forms.DateField(label="通知发布日期", help_text="格式：2026-11-05。")
    holidays = forms.CharField(
        label="放假安排",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="每行一项：节日名称、开始日期至结束日期（含其间的周末），如“春节 2027-02-05 至 2027-02-13”；只放一天的写一个日期，如“清明节 2027-04-05”。",
    )
    workdays = forms.CharField(
        label="调休上班日",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一项：节日名称、周六或周日的上班日期，如“春节 2027-02-07”。没有可留空。",
    )

    def __init__(self, *args, arrangement=None, **kwargs):
        super().__init__(*args, **kwargs)
        if arrangement is not None:
            self.fields["year"].disabled = True

    def clean_holidays(self) -> list[HolidayPeriod]:
        periods, errors = [], []
        for number, line in _lines(self.cleaned_data["holidays"]):
            match = _HOLIDAY_LINE.match(line)
            if not match:
                errors.append(
                    f"第{number}行“{line}”无法识别，请写成“节日名称 开始日期 至 结束日期”。"
                )
                continue
            try:
                first = _parse_date(match["first"], number, line)
                last = _parse_date(match["last"], number, line) if match["last"] else first
            except forms.ValidationError as error:
                errors.extend(error.messages)
                continue
            periods.append(HolidayPeriod(name=match["name"].strip(), first=first, last=last))
        if errors:
            raise forms.ValidationError(errors)
        return periods

    def clean_workdays(self) -> list[MakeUpDay]:
        days, errors = [], []
        for number, line in _lines(self.cleaned_data["workdays"]):
            match = _WORKDAY_LINE.match(line)
            if not match:
                errors.append(f"第{number}行“{line}”无法识别，请写成“节日名称 日期”。")
                continue
            try:
                days.append(
                    MakeUpDay(
                        name=(match["name"] or "").strip(),
                        date=_parse_date(match["date"], number, line),
                    )
                )
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return days

    @staticmethod
    def initial_for(arrangement) -> dict:
        periods, workdays = arrangement_periods(arrangement)
        return {
            "year": arrangement.year,
            "notice_number": arrangement.notice_number,
            "notice_date": arrangement.notice_date,
            "holidays": "\n".join(
                f"{name} {first:%Y-%m-%d}" + (f" 至 {last:%Y-%m-%d}" if last != first else "")
                for name, first, last in periods
            ),
            "workdays": "\n".join(f"{name} {day:%Y-%m-%d}" for name, day in workdays),
        }


class SynonymForm(forms.Form):
    term = forms.CharField(label="常用说法", max_length=40)
    official = forms.CharField(label="规范用语", max_length=200, help_text="多个用顿号分隔。")


class BestBetForm(forms.Form):
    query = forms.CharField(label="检索词", max_length=100)
    site = forms.ModelChoiceField(
        label="站点",
        required=False,
        empty_label="全部站点",
        queryset=Tenant.objects.exclude(schema_name="public").order_by("id"),
    )
    title = forms.CharField(label="标题", max_length=200)
    url = forms.URLField(label="链接", max_length=500)
    description = forms.CharField(label="说明", max_length=300, required=False)


class AuditExportForm(forms.Form):
    sites = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("audit", "Sites"),
        required=False,
        queryset=Tenant.objects.exclude(schema_name="public").order_by("pk"),
        help_text=_("Leave empty for every site (sign-ins are included then)."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    date_from = forms.DateField(
        label=pgettext_lazy("audit", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=pgettext_lazy("audit", "To"), widget=forms.DateInput(attrs={"type": "date"})
    )
