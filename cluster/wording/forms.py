from django import forms

from .models import EntryKind


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=EntryKind.choices)
    word = forms.CharField(label="词语（领导填写姓名）", max_length=100)
    suggestion = forms.CharField(
        label="正确写法或说明", max_length=200, required=False, help_text="易错词必填：正确写法。"
    )
    title = forms.CharField(
        label="现任职务",
        max_length=200,
        required=False,
        help_text="领导必填；多个职务用顿号分隔，如“市委副书记、市长”。",
    )
    rank = forms.IntegerField(
        label="排序", min_value=0, required=False, help_text="领导排名，数字小的在前。"
    )
    note = forms.CharField(label="备注", max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="导入文件",
        help_text="TXT 或 CSV（每行：类别,词语,正确写法或现任职务,排序）或 XLSX（同样四列）。"
        "类别填写禁用、提示、易错或领导；已有的词语跳过。",
    )


class CheckForm(forms.Form):
    text = forms.CharField(label="待检查的文字", widget=forms.Textarea(attrs={"rows": 8}))
