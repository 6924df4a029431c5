from django import forms

from .models import PowerItem
from .spreadsheets import CODE_PATTERN, MAX_BYTES


class PowerItemForm(forms.ModelForm):
    class Meta:
        model = PowerItem
        fields = ["code", *PowerItem.EDITABLE]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("legal_basis", "process", "duties", "accountability", "remarks")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code is how imports find the item again: it does not change.
            self.fields["code"].disabled = True

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                "事项编码只能使用字母、数字、“-”“_”“.”，且以字母或数字开头。"
            )
        return code


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="取消原因或依据",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="如：根据《国务院关于取消和下放一批行政许可事项的决定》（国发〔2026〕X号）取消。",
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(label="恢复原因", max_length=500, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="权责清单表格（.xlsx）",
        help_text=f"使用下载的模板填写，不超过{MAX_BYTES // 1024 // 1024} MB。"
        "任何一行有错误时整个文件都不会导入。",
    )
