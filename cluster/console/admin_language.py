"""Labels Wagtail's admin forms lack: Django then shows the field's name in English."""

from django.utils.translation import gettext_lazy as _


def label_unlabelled_admin_fields() -> None:
    from wagtail.admin.forms.workflows import WorkflowPageForm

    # The page chooser of a workflow's "assign to pages" rows ("Page*").
    WorkflowPageForm.base_fields["page"].label = _("Page")
