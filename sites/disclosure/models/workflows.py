"""保密审查: the review step whose approver attests the document may be made public.

《中华人民共和国保守国家秘密法》 and 条例 Art. 17 require a confidentiality review
before anything is disclosed; the attestation is recorded on the task state.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

ATTESTATION = "经保密审查可以公开。"


class ConfidentialityReviewForm(TaskStateCommentForm):
    attestation = forms.BooleanField(
        label="经保密审查可以公开",
        required=True,
        error_messages={"required": "请确认本文件经保密审查可以公开，否则请选择退回修改。"},
    )


class ConfidentialityReviewTask(AbstractGroupApprovalTask):
    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [("reject", "退回修改", True), ("approve", "保密审查通过", True)]
        return []

    def get_form_for_action(self, action):
        if action == "approve":
            return ConfidentialityReviewForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            if not kwargs.get("attestation"):
                raise PermissionDenied("保密审查通过前须确认“经保密审查可以公开”。")
            comment = kwargs.get("comment", "").strip()
            task_state.approve(user=user, comment=f"{ATTESTATION}{comment}")
            return None
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "指定用户组的成员进行保密审查，通过时须确认“经保密审查可以公开”。"

    class Meta:
        verbose_name = "保密审查"
        verbose_name_plural = "保密审查"
