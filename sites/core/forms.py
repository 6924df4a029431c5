"""The site settings form: the site's identity and look, the theme included."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from themes.registry import resolve_theme, theme_choices


class SiteIdentityForm(WagtailAdminModelForm):
    """SiteIdentity's fields plus the site's theme, which lives in the platform's registry
    (``Tenant.theme``, also set by the console when a site is onboarded): one value, shown
    and saved here through the onboarding service."""

    theme = forms.ChoiceField(
        label="网站主题",
        choices=theme_choices,
        help_text="页头、导航和页脚的版式；主题色留空时使用主题自带的颜色。",
    )

    def __init__(self, *args, **kwargs):
        from cluster.tenants.selectors import tenant_current

        super().__init__(*args, **kwargs)
        self.tenant = tenant_current()
        self.fields["theme"].initial = resolve_theme(getattr(self.tenant, "theme", None)).slug

    def save(self, commit=True):
        from cluster.onboarding.services import site_set_theme

        instance = super().save(commit=commit)
        if commit and self.tenant is not None:
            site_set_theme(tenant=self.tenant, theme=self.cleaned_data["theme"])
        return instance
