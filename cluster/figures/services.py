from django.db import transaction

from .models import MonthlyFigure


@transaction.atomic
def figures_replace(*, tenant, source: str, rows) -> int:
    """Replace every figure of ``source`` for ``tenant`` with ``rows``.

    ``rows``: (month, dimension, key, value). The whole set at once, so a month that no
    longer has anything (a letter moved away) loses its stale figure.
    """
    MonthlyFigure.objects.filter(tenant=tenant, source=source).delete()
    created = MonthlyFigure.objects.bulk_create(
        MonthlyFigure(
            tenant=tenant, month=month, source=source, dimension=dimension, key=key, value=value
        )
        for month, dimension, key, value in rows
        if value
    )
    return len(created)
