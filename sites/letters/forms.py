import re

from django import forms
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from .models import BODY_MAX, SUBJECT_MAX, Letter, Rating

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# Extension -> the formats Pillow must find inside (None: a PDF, checked by its header).
ATTACHMENT_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "pdf": None}
# Markup in a letter: it is plain text, shown escaped; code in it is refused, not stored.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
PHONE = re.compile(r"^(1[3-9]\d{9}|(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?)$")


def attachment_problem(upload) -> str | None:
    """Why an uploaded file may not go with a letter, or None: by its content, not its name."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_FORMATS:
        return f"附件“{name}”的格式不支持：只能上传图片（JPG、PNG、GIF）或PDF文件。"
    if upload.size > MAX_ATTACHMENT_BYTES:
        return f"附件“{name}”超过{MAX_ATTACHMENT_BYTES // 1024 // 1024}MB，请压缩后重新上传。"
    upload.seek(0)
    expected = ATTACHMENT_FORMATS[extension]
    if expected is None:
        ok = upload.read(1024).lstrip()[:5] == b"%PDF-"
    else:
        try:
            with Image.open(upload) as image:
                ok = image.format == expected
                image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
        ):
            ok = False
    upload.seek(0)
    if not ok:
        return f"附件“{name}”的内容与文件类型不符，请上传真实的图片或PDF文件。"
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(f"最多上传{MAX_ATTACHMENTS}个附件。")
        problems = [problem for upload in files if (problem := attachment_problem(upload))]
        if problems:
            raise ValidationError(problems)
        return files


def _plain(value: str, label: str) -> str:
    if MARKUP.search(value):
        raise ValidationError(f"{label}中不能包含网页代码（如 <script>），请以纯文本填写。")
    return value.strip()


class LetterForm(forms.ModelForm):
    """The public letter form. A rejected letter comes back with everything typed."""

    letter_type = forms.ModelChoiceField(
        label="信件类型",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择信件类型。", "invalid_choice": "请选择信件类型。"},
    )
    attachments = AttachmentsField(
        label="附件",
        required=False,
        help_text=f"可选，最多{MAX_ATTACHMENTS}个，每个不超过5MB，只接受图片（JPG、PNG、GIF）或PDF。",
    )
    # Left empty by people; bots that fill every field give themselves away.
    website = forms.CharField(
        required=False,
        label="网址",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Letter
        fields = ["subject", "body", "name", "phone", "email", "address", "publish_consent"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        labels = {"publish_consent": "同意公开（公开时隐去姓名和联系方式）"}
        help_texts = {
            "body": f"请写明事由、诉求和相关情况，不超过{BODY_MAX}字。",
            "phone": "仅用于工作人员联系您，不会公开。",
        }

    def __init__(self, *args, letter_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_type"].queryset = letter_types
        self.fields["letter_type"].label_from_instance = lambda kind: (
            f"{kind.name}（{kind.reply_working_days}个工作日内答复）"
        )
        self.order_fields(["letter_type"])
        # Django counts characters as the database does; say it in the writer's terms.
        self.fields["subject"].error_messages.update(
            required="请填写信件标题。",
            max_length=f"标题不能超过{SUBJECT_MAX}字。",
        )
        self.fields["body"].error_messages.update(
            required="请填写信件内容。",
            max_length=f"信件内容不能超过{BODY_MAX}字，请精简后提交。",
        )
        self.fields["name"].error_messages["required"] = "请填写姓名。"
        self.fields["phone"].error_messages["required"] = "请填写联系电话，以便工作人员联系您。"
        self.fields["email"].error_messages["invalid"] = "电子邮箱格式不正确。"

    def clean_subject(self):
        return _plain(self.cleaned_data["subject"], "标题")

    def clean_body(self):
        body = _plain(self.cleaned_data["body"], "信件内容")
        if len(body) < 10:
            raise ValidationError("信件内容过短，请写明具体事由（至少10个字）。")
        return body

    def clean_name(self):
        return _plain(self.cleaned_data["name"], "姓名")

    def clean_address(self):
        return _plain(self.cleaned_data["address"], "通信地址")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "").strip()
        if not PHONE.match(phone):
            raise ValidationError("联系电话格式不正确，请填写手机号码或带区号的固定电话。")
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError("提交未成功，请刷新页面后重新提交。", code="honeypot")
        return cleaned

    def letter_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class LookupForm(forms.Form):
    tracking_number = forms.CharField(
        label="信件编号", max_length=20, error_messages={"required": "请填写信件编号。"}
    )
    query_code = forms.CharField(
        label="查询码", max_length=20, error_messages={"required": "请填写查询码。"}
    )


class RatingForm(forms.Form):
    tracking_number = forms.CharField(widget=forms.HiddenInput, max_length=20)
    query_code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    rating = forms.ChoiceField(
        label="您对答复是否满意",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择满意程度。"},
    )
    comment = forms.CharField(
        label="评价意见",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "评价意见不能超过500字。"},
    )

    def clean_comment(self):
        return _plain(self.cleaned_data["comment"], "评价意见")


# -- staff actions -----------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="承办人", queryset=None)
    note = forms.CharField(label="说明", required=False)

    def __init__(self, *args, **kwargs):
        from .services import site_staff

        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = site_staff()
        self.fields["assignee"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.get_username()}（{user.get_username()}）"
        )


class DraftForm(forms.Form):
    reply = forms.CharField(
        label="答复内容", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
    reply_unit = forms.CharField(label="答复单位", max_length=100, required=False)


class PublishForm(forms.Form):
    published = forms.BooleanField(label="公开", required=False)


class TransferForm(forms.Form):
    target = forms.ModelChoiceField(label="转至站点", queryset=None)
    note = forms.CharField(label="转办理由", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from .services import transfer_targets

        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = transfer_targets()
