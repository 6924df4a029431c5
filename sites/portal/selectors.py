"""What the home page's listing blocks show: a column's newest public pages."""

from sites.core.visibility import public_pages


def column_articles(column, *, limit: int):
    """The newest public articles filed under ``column`` (at any depth), by their date."""
    from sites.news.models import ArticlePage

    return public_pages(ArticlePage.objects.descendant_of(column)).order_by("-date", "-pk")[:limit]


def column_documents(column, *, limit: int):
    """The newest public policy documents under ``column``, by publication."""
    from sites.disclosure.selectors import public_documents

    return public_documents().descendant_of(column).order_by("-first_published_at", "-pk")[:limit]


def column_interpretations(column, *, limit: int):
    """The newest public interpretations under ``column``, by publication."""
    from sites.disclosure.models import InterpretationPage

    return public_pages(InterpretationPage.objects.descendant_of(column)).order_by(
        "-first_published_at", "-pk"
    )[:limit]
