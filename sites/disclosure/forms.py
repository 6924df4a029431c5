import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cluster.tenants.validators import validate_credit_code
from cluster.vocabularies.models import Vocabulary
from cluster.vocabularies.selectors import vocabulary_terms

from .models import InformationRequest
from .models.documents import Validity
from .models.requests import IdentityType
from .statutory import OUTCOME_CHOICES, ApplicantType

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def validate_resident_id(value: str) -> None:
    """GB 11643-1999: 18 characters, a real birth date, and the ISO 7064 MOD 11-2 check character."""
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit():
        raise ValidationError("居民身份证号码应为18位，前17位为数字。")
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as error:
        raise ValidationError("居民身份证号码中的出生日期不正确。") from error
    if (
        _ID_CHECK[sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True)) % 11]
        != value[17]
    ):
        raise ValidationError("居民身份证号码校验位不正确，请核对。")


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label="标题或文号", max_length=100, required=False)
    year = forms.TypedChoiceField(label="发布年份", required=False, coerce=int, empty_value=None)
    topic = forms.ChoiceField(label="主题分类", required=False)
    doctype = forms.ChoiceField(label="文种", required=False)
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=[("", "全部"), *Validity.choices]
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            ("", "发布日期（新→旧）"),
            ("oldest", "发布日期（旧→新）"),
            ("written", "成文日期"),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [
            ("", "全部"),
            *[(y, f"{y}年") for y in range(this_year, 1999, -1)],
        ]
        topics = [t for t in vocabulary_terms(Vocabulary.TOPIC) if not t.parent_code]
        self.fields["topic"].choices = [("", "全部"), *[(t.code, t.name) for t in topics]]
        doctypes = vocabulary_terms(Vocabulary.DOCTYPE)
        self.fields["doctype"].choices = [("", "全部"), *[(t.code, t.name) for t in doctypes]]


class InformationRequestForm(forms.ModelForm):
    """The public form of 条例 Art. 29. A rejected form comes back with everything typed."""

    # Left empty by people; bots that fill every field give themselves away.
    website = forms.CharField(
        required=False,
        label="网址",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = InformationRequest
        fields = [
            "applicant_type",
            "name",
            "identity_type",
            "identity_number",
            "legal_representative",
            "contact_name",
            "phone",
            "email",
            "address",
            "postcode",
            "information_title",
            "information_number",
            "description",
            "delivery_form",
            "delivery_channel",
        ]
        widgets = {
            "applicant_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"name": "姓名（法人或其他组织填写名称）"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].choices = ApplicantType.choices
        self.fields[
            "applicant_type"
        ].help_text = (
            "自然人，或法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）。"
        )
        for name in ("phone",):
            self.fields[name].error_messages["required"] = "请填写联系电话，以便我们联系您。"
        self.fields["description"].error_messages["required"] = (
            "请描述您需要的政府信息，可以写名称、文号或其他特征描述。"
        )
        self.fields["description"].help_text = "尽量写明信息的名称、文号，或便于查找的特征描述。"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError("提交未成功，请刷新页面后重新提交。", code="honeypot")
        applicant_type = cleaned.get("applicant_type")
        identity_type = cleaned.get("identity_type")
        number = (cleaned.get("identity_number") or "").strip().upper()
        if number:
            cleaned["identity_number"] = number
            try:
                if identity_type == IdentityType.ID_CARD:
                    validate_resident_id(number)
                elif identity_type == IdentityType.CREDIT_CODE:
                    validate_credit_code(number)
            except ValidationError as error:
                self.add_error("identity_number", error)
        if applicant_type and applicant_type != ApplicantType.PERSON:
            if identity_type == IdentityType.ID_CARD:
                self.add_error("identity_type", "法人或其他组织请填写统一社会信用代码等组织证件。")
            if not cleaned.get("legal_representative"):
                self.add_error("legal_representative", "法人或其他组织请填写法定代表人。")
            if not cleaned.get("contact_name"):
                self.add_error("contact_name", "法人或其他组织请填写联系人。")
        if applicant_type == ApplicantType.PERSON and identity_type == IdentityType.CREDIT_CODE:
            self.add_error("identity_type", "自然人请选择个人身份证件。")
        channel = cleaned.get("delivery_channel")
        if channel == "email" and not cleaned.get("email"):
            self.add_error("email", "选择通过电子邮件获取时，请填写电子邮箱。")
        if channel in ("post", "express") and not cleaned.get("address"):
            self.add_error("address", "选择邮寄或快递时，请填写通信地址。")
        return cleaned

    def request_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StatusLookupForm(forms.Form):
    tracking_number = forms.CharField(label="申请编号", max_length=20)
    query_code = forms.CharField(label="查询码", max_length=20)


# -- staff actions -----------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "请选择"), *OUTCOME_CHOICES])
    reply = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 5}))
    answered_on = forms.DateField(
        label="答复日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="线下已作出答复的，填写实际答复日期；不填为今天。",
    )


class OfflineRequestForm(InformationRequestForm):
    """Staff register a request received by letter, fax or in person."""

    received_via = forms.ChoiceField(
        label="申请渠道",
        choices=[("letter", "信函申请"), ("in_person", "当面申请"), ("fax", "传真申请")],
    )
    received_at = forms.DateTimeField(label="收到时间", initial=timezone.now)

    def clean_received_at(self):
        received_at = self.cleaned_data["received_at"]
        if received_at > timezone.now():
            raise ValidationError("收到时间不能晚于当前时间，请填写实际收到申请的时间。")
        return received_at
