from django import forms
from django.core.exceptions import ValidationError

from .models.consultations import COMMENT_MAX_LENGTH
from .models.interviews import QUESTION_MAX_LENGTH


def _too_long(label: str, limit: int) -> str:
    return f"{label}不能超过{limit}字（您已输入%(show_value)d字），请精简后再提交。"


class HoneypotMixin(forms.Form):
    # Left empty by people; bots that fill every field give themselves away.
    website = forms.CharField(
        required=False,
        label="网址",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError("提交未成功，请刷新页面后重新提交。", code="honeypot")
        return cleaned


class CommentForm(HoneypotMixin, forms.Form):
    """The public comment form. A rejected form comes back with everything typed."""

    body = forms.CharField(
        label="意见建议",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"不超过{COMMENT_MAX_LENGTH}字。意见经审核后处理，请勿填写个人隐私信息。",
        error_messages={
            "required": "请填写您的意见建议。",
            "max_length": _too_long("意见建议", COMMENT_MAX_LENGTH),
        },
    )
    name = forms.CharField(
        label="姓名（选填）",
        max_length=50,
        required=False,
        help_text="如公开您的意见，姓名只显示第一个字。",
        error_messages={"max_length": _too_long("姓名", 50)},
    )
    contact = forms.CharField(
        label="联系方式（选填，不公开）",
        max_length=100,
        required=False,
        help_text="电话或电子邮箱，仅供工作人员就您的意见与您联系。",
        error_messages={"max_length": _too_long("联系方式", 100)},
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError("请填写您的意见建议。")
        return body


class QuestionForm(HoneypotMixin, forms.Form):
    body = forms.CharField(
        label="您的问题",
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"不超过{QUESTION_MAX_LENGTH}字。问题经审核后公开，由嘉宾回答。",
        error_messages={
            "required": "请填写您的问题。",
            "max_length": _too_long("问题", QUESTION_MAX_LENGTH),
        },
    )
    name = forms.CharField(
        label="网名（选填）",
        max_length=50,
        required=False,
        help_text="公开时只显示第一个字。",
        error_messages={"max_length": _too_long("网名", 50)},
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError("请填写您的问题。")
        return body


# -- staff ------------------------------------------------------------------------


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="不予公开的理由",
        max_length=200,
        error_messages={"required": "请写明不予公开的理由。"},
    )


class AnswerForm(forms.Form):
    answered_by_name = forms.CharField(label="回答人", max_length=60)
    answer = forms.CharField(label="回答", widget=forms.Textarea(attrs={"rows": 4}))


class PostForm(forms.Form):
    speaker = forms.CharField(label="发言人", max_length=60, initial="主持人")
    body = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}))
