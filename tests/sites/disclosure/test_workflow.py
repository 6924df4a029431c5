import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import Page

from sites.disclosure.models import ConfidentialityReviewTask
from sites.disclosure.models.workflows import ConfidentialityReviewForm

from .conftest import make_document


def test_policy_documents_go_through_three_steps_and_news_through_one(in_alpha):
    document = make_document(publish=False)
    steps = [task.name for task in document.get_workflow().tasks]
    assert steps == ["科室审核", "保密审查", "领导签发"]
    news = Page.objects.get(slug="news")
    assert [task.name for task in news.get_workflow().tasks] == ["新闻审核"]


def test_confidentiality_review_requires_the_attestation(in_alpha):
    from django.contrib.auth import get_user_model

    from cluster.accounts.services import local_user_for_platform_admin

    task = ConfidentialityReviewTask.objects.get()
    assert not ConfidentialityReviewForm({"comment": ""}).is_valid()
    assert ConfidentialityReviewForm({"attestation": "on"}).is_valid()
    document = make_document(publish=False)
    from django_tenants.utils import schema_context

    with schema_context("public"):
        identity = get_user_model().objects.get(username="platform")
    user = local_user_for_platform_admin(identity=identity)
    document.save_revision(user=user)
    workflow_state = document.get_workflow().start(document, user)
    # Approve 科室审核 so the document reaches 保密审查.
    workflow_state.current_task_state.task.specific.on_action(
        workflow_state.current_task_state, user, "approve"
    )
    workflow_state.refresh_from_db()
    state = workflow_state.current_task_state
    assert state.task.specific == task
    with pytest.raises(PermissionDenied):
        task.on_action(state, user, "approve", comment="")
    task.on_action(state, user, "approve", attestation=True, comment="")
    state.refresh_from_db()
    assert state.status == "approved" and state.comment.startswith("经保密审查可以公开")
