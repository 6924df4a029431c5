"""The 采纳情况 page finishes its consultation when published and reopens it when withdrawn."""

import logging

logger = logging.getLogger(__name__)


def _feedback_published(sender, instance, **kwargs):
    from .services import consultation_finish

    consultation = instance.get_parent().specific
    consultation_finish(consultation=consultation, user=None)


def _feedback_withdrawn(sender, instance, **kwargs):
    from .models import ConsultationPage
    from .services import consultation_reopen

    parent = instance.get_parent() if instance.path else None
    if parent is not None and isinstance(parent.specific, ConsultationPage):
        consultation_reopen(consultation=parent.specific)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished

    from .models import ConsultationFeedbackPage

    page_published.connect(
        _feedback_published,
        sender=ConsultationFeedbackPage,
        dispatch_uid="consultations.feedback_published",
    )
    page_unpublished.connect(
        _feedback_withdrawn,
        sender=ConsultationFeedbackPage,
        dispatch_uid="consultations.feedback_unpublished",
    )
