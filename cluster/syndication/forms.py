from django import forms

from cluster.tenants.models import Tenant

from .models import Channel, Subscription

PAGE_TYPE_CHOICES = [
    ("disclosure.policydocumentpage", "政府文件"),
    ("disclosure.interpretationpage", "政策解读"),
    ("news.articlepage", "新闻动态"),
]


def _codes(value: str) -> list[str]:
    return [code for code in value.replace("，", ",").replace(" ", ",").split(",") if code]


class ChannelForm(forms.ModelForm):
    page_types = forms.MultipleChoiceField(
        label="页面类型",
        choices=PAGE_TYPE_CHOICES,
        initial=["disclosure.policydocumentpage"],
        widget=forms.CheckboxSelectMultiple,
    )
    doctypes = forms.CharField(
        label="文种代码", required=False, help_text="以逗号分隔，留空为全部。"
    )
    topics = forms.CharField(
        label="主题分类代码", required=False, help_text="以逗号分隔，留空为全部。"
    )

    class Meta:
        model = Channel
        fields = [
            "name",
            "source",
            "page_types",
            "doctypes",
            "topics",
            "source_column_path",
            "default_target_column",
            "subscribe_children_by_default",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Tenant.objects.exclude(schema_name="public")
        self.fields["source"].required = True
        if self.instance.pk:
            self.initial["doctypes"] = ",".join(self.instance.doctypes)
            self.initial["topics"] = ",".join(self.instance.topics)

    def clean_doctypes(self):
        return _codes(self.cleaned_data.get("doctypes", ""))

    def clean_topics(self):
        return _codes(self.cleaned_data.get("topics", ""))


class SubscriptionForm(forms.Form):
    subscriber = forms.ModelChoiceField(label="订阅站点", queryset=Tenant.objects.none())
    target_column = forms.CharField(label="目标栏目", initial="sjwj", max_length=200)
    mode = forms.ChoiceField(label="方式", choices=Subscription.Mode.choices)

    def __init__(self, *args, channel=None, **kwargs):
        super().__init__(*args, **kwargs)
        sites = Tenant.objects.exclude(schema_name="public").exclude(status=Tenant.Status.ARCHIVED)
        if channel is not None and channel.source_id:
            sites = sites.exclude(pk=channel.source_id)
        self.fields["subscriber"].queryset = sites


class RejectForm(forms.Form):
    reason = forms.CharField(label="拒绝理由", max_length=180)


class EditorNoteForm(forms.Form):
    editor_note = forms.CharField(
        label="本站编者按",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class UpstreamFeedForm(forms.ModelForm):
    class Meta:
        from .models import UpstreamFeed

        model = UpstreamFeed
        fields = [
            "name",
            "url",
            "target",
            "target_column",
            "default_topic",
            "default_genre",
            "interval_minutes",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Tenant.objects.exclude(schema_name="public")


class SiteChannelForm(ChannelForm):
    """A source site's admin edits its own channels: the source is always that site."""

    class Meta(ChannelForm.Meta):
        fields = [name for name in ChannelForm.Meta.fields if name != "source"]

    def __init__(self, *args, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        if self.instance.pk:
            self.initial["doctypes"] = ",".join(self.instance.doctypes)
            self.initial["topics"] = ",".join(self.instance.topics)
