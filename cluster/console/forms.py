from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm

from cluster.tenants.models import SiteRole, Tenant
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
