"""Syndication as consumers of the publish pipeline (cluster/tasks/pipeline.py).

- ``syndication.fanout`` runs in the source's schema on its page events and asks for
  one copy per subscriber (services.fan_out / page_withdraw);
- ``syndication.copy`` runs in each subscriber's schema, one task per subscriber, and
  makes the copy what its delivery row says (services.delivery_apply); the pipeline
  retries it with backoff and ``copy_failed`` mirrors each failure on the row;
- a reactivated site gets the deliveries that waited while it was suspended;
- a new subscription gets what its channel carried in the last year (services.backfill).
"""

from cluster.tasks import pipeline

from . import services

FANOUT = "syndication.fanout"
COPY = "syndication.copy"
RESUME = "syndication.resume"
BACKFILL = "syndication.backfill"


def page_changed(event: pipeline.Event) -> None:
    if event.kind == pipeline.PAGE_DELETED:
        services.page_withdraw(
            source_schema=event.schema, page_id=event.page_id, note="来源页面已删除"
        )
        services.copy_deleted_locally(subscriber_schema=event.schema, page_id=event.page_id)
        return
    if event.kind == pipeline.PAGE_MOVED:
        from wagtail.models import Page

        page = Page.objects.filter(pk=event.page_id).first()
        ids = (
            list(Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True))
            if page is not None
            else [event.page_id]
        )
        for page_id in ids:
            services.fan_out(source_schema=event.schema, page_id=page_id)
        return
    services.fan_out(source_schema=event.schema, page_id=event.page_id)


def copy_apply(event: pipeline.Event) -> None:
    services.delivery_apply(delivery_id=event.data["delivery"])


def copy_failed(event: pipeline.Event, error: str, attempt: int, final: bool) -> None:
    services.delivery_failed(delivery_id=event.data["delivery"], error=error, final=final)


def subscription_backfill(event: pipeline.Event) -> None:
    import datetime

    services.backfill(
        subscription_id=event.data["subscription"],
        since=datetime.datetime.fromisoformat(event.data["since"]),
    )


def site_reactivated(event: pipeline.Event) -> None:
    from cluster.tenants.models import Tenant

    tenant = Tenant.objects.filter(schema_name=event.schema).first()
    if tenant is not None:
        services.site_deliveries_resume(tenant=tenant)


def register() -> None:
    pipeline.register(FANOUT, page_changed, kinds=pipeline.PAGE_EVENTS)
    pipeline.register(COPY, copy_apply, kinds={services.COPY_EVENT}, on_failure=copy_failed)
    pipeline.register(RESUME, site_reactivated, kinds={pipeline.SITE_REACTIVATED})
    pipeline.register(BACKFILL, subscription_backfill, kinds={services.BACKFILL_EVENT})
