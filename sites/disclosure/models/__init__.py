from .catalog import (
    DisclosureCatalogPage,
    DisclosureCategoryPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosureSettings,
)
from .documents import (
    IndexNumberRecord,
    InterpretationLink,
    InterpretationPage,
    PolicyDocumentIssuer,
    PolicyDocumentPage,
    SiteSequence,
)
from .reports import AnnualReportIndexPage, AnnualReportPage
from .requests import InformationRequest, InformationRequestEvent, InformationRequestPage
from .workflows import ConfidentialityReviewTask

__all__ = [
    "AnnualReportIndexPage",
    "AnnualReportPage",
    "ConfidentialityReviewTask",
    "DisclosureCatalogPage",
    "DisclosureCategoryPage",
    "DisclosureGuidePage",
    "DisclosureIndexPage",
    "DisclosureSettings",
    "IndexNumberRecord",
    "InformationRequest",
    "InformationRequestEvent",
    "InformationRequestPage",
    "InterpretationLink",
    "InterpretationPage",
    "PolicyDocumentIssuer",
    "PolicyDocumentPage",
    "SiteSequence",
]
