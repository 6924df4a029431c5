from .consultations import (
    ConsultationComment,
    ConsultationFeedbackPage,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationState,
    FeedbackReminder,
    ModerationStatus,
)
from .interviews import (
    InterviewGuest,
    InterviewIndexPage,
    InterviewPage,
    InterviewPost,
    InterviewQuestion,
    InterviewState,
)

__all__ = [
    "ConsultationComment",
    "ConsultationFeedbackPage",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationState",
    "FeedbackReminder",
    "InterviewGuest",
    "InterviewIndexPage",
    "InterviewPage",
    "InterviewPost",
    "InterviewQuestion",
    "InterviewState",
    "ModerationStatus",
]
