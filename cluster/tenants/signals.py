"""A change to the site registry makes every web process read its host map again, and
the pages that show the registry (the 站群导航) are purged through the publish pipeline."""

from django.db.models.signals import post_delete, post_save

from cluster.serving.memo import memo_bump

from .models import Domain, Tenant
from .selectors import REGISTRY_MEMO


def registry_changed(sender, **kwargs) -> None:
    from cluster.tasks import pipeline

    memo_bump("public", REGISTRY_MEMO)
    pipeline.emit(pipeline.Event(kind=pipeline.REGISTRY_CHANGED, schema="public"))


def connect() -> None:
    for model in (Tenant, Domain):
        for signal in (post_save, post_delete):
            signal.connect(
                registry_changed, sender=model, dispatch_uid=f"registry_changed_{model.__name__}"
            )
