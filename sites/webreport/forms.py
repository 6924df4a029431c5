from django import forms

from .models import WebsiteAnnualReport

MANUAL_FIELDS = [
    "unique_visitors",
    "overview_count",
    "special_columns_kept",
    "special_columns_new",
    "media_comments",
    "hot_responses",
    "service_catalog",
    "registered_users",
    "service_items",
    "online_items",
    "cases_total",
    "cases_natural",
    "cases_legal",
    "unified_platform",
    "smart_qa",
    "security_checks",
    "security_issues",
    "security_fixed",
    "monitoring",
    "drills",
    "security_officer",
    "weibo_name",
    "weibo_posts",
    "weibo_followers",
    "wechat_name",
    "wechat_posts",
    "wechat_subscribers",
    "other_media",
    "innovation",
    "head",
    "reviewer",
    "filler",
    "phone",
]


class WebReportForm(forms.ModelForm):
    class Meta:
        model = WebsiteAnnualReport
        fields = MANUAL_FIELDS
        widgets = {"innovation": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("cases_total") or 0
        parts = (cleaned.get("cases_natural") or 0) + (cleaned.get("cases_legal") or 0)
        if parts > total:
            raise forms.ValidationError("自然人办件量与法人办件量之和不能大于办件量总数。")
        if (cleaned.get("security_fixed") or 0) > (cleaned.get("security_issues") or 0):
            raise forms.ValidationError("问题整改数量不能大于发现问题数量。")
        return cleaned
