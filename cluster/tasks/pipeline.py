"""The publish pipeline: page and site events become background work, after commit.

Producers call ``emit(Event(...))`` (``cluster.tasks.events`` turns Wagtail's page
signals and the site services' changes into events). Once the transaction commits,
every consumer registered for the event's kind gets one task, queued for the schema the
event names. Consumers (search indexing now; syndication and cache purge next) register
in their AppConfig.ready():

    pipeline.register("search.index", handle, kinds={PAGE_PUBLISHED, PAGE_UNPUBLISHED})

A consumer must be idempotent: an event may be delivered again after a crash. Each
delivery is recorded (``Delivery``); a failing consumer is retried with growing delays
and, after the last attempt, left failed and visible in the console, and one failing
consumer never holds up another.
"""

import datetime
import logging
import uuid
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .api import enqueue

logger = logging.getLogger(__name__)

PAGE_PUBLISHED = "page.published"
PAGE_UNPUBLISHED = "page.unpublished"
PAGE_MOVED = "page.moved"
PAGE_DELETED = "page.deleted"
SITE_SUSPENDED = "site.suspended"
SITE_REACTIVATED = "site.reactivated"
SITE_ARCHIVED = "site.archived"
SITE_DOMAIN_CHANGED = "site.domain_changed"
# On the platform's schema: a site was onboarded, renamed, moved or changed status.
REGISTRY_CHANGED = "cluster.registry_changed"
# The site's theme, colour, logo or footer identity: every page of the site looks different
# (for the page cache; nothing else a site event starts applies to it).
SITE_LOOK_CHANGED = "site.look_changed"
# Data shown on pages that is not a page itself (a register such as the 权责清单) changed
# on the event's schema; ``data["tags"]`` names the page cache tags of what shows it.
DATA_CHANGED = "site.data_changed"
PAGE_EVENTS = {PAGE_PUBLISHED, PAGE_UNPUBLISHED, PAGE_MOVED, PAGE_DELETED}
SITE_EVENTS = {SITE_SUSPENDED, SITE_REACTIVATED, SITE_ARCHIVED, SITE_DOMAIN_CHANGED}

MAX_ATTEMPTS = 6
FIRST_RETRY_SECONDS = 30


@dataclass(frozen=True)
class Event:
    kind: str
    schema: str  # the site the event happened on; its consumers' tasks run there
    page_id: int | None = None
    data: dict = field(default_factory=dict)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass(frozen=True)
class Consumer:
    name: str
    handler: object  # callable(event: Event) -> None
    kinds: frozenset
    # callable(event, error: str, attempt: int, final: bool), run after the failed
    # attempt was rolled back: for consumers that keep a record of their own.
    on_failure: object = None


_consumers: dict[str, Consumer] = {}


def register(name: str, handler, *, kinds, on_failure=None) -> None:
    _consumers[name] = Consumer(
        name=name, handler=handler, kinds=frozenset(kinds), on_failure=on_failure
    )


def unregister(name: str) -> None:
    _consumers.pop(name, None)


def consumers_for(kind: str) -> list[Consumer]:
    return [consumer for consumer in _consumers.values() if kind in consumer.kinds]


def emit(event: Event) -> None:
    """Hand `event` to its consumers once the current transaction commits."""
    if not consumers_for(event.kind):
        return
    transaction.on_commit(lambda: _dispatch(event), robust=True)


def _dispatch(event: Event) -> None:
    for consumer in consumers_for(event.kind):
        try:
            enqueue(deliver, consumer.name, asdict(event), schema=event.schema)
        except Exception:
            # The queue itself failed: record it so the delivery is visible and can be
            # retried from the console; other consumers still get theirs.
            logger.exception("Could not queue %s for %s", event.kind, consumer.name)
            from .models import Delivery

            delivery = _record(consumer.name, event)
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.FAILED, last_error="任务未能进入队列。"
            )


def _record(consumer_name: str, event: Event):
    from .models import Delivery

    delivery, _created = Delivery.objects.get_or_create(
        event_id=event.id,
        consumer=consumer_name,
        defaults={
            "kind": event.kind,
            "schema": event.schema,
            "page_id": event.page_id,
            "payload": event.data,
        },
    )
    return delivery


def retry_delay(attempt: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min, 4 min, 8 min: long enough for a restarting service."""
    return datetime.timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** (attempt - 1))


# Publish effects (search, copies, purges) go before housekeeping such as Wagtail's
# reference index, which onboarding a site queues by the hundred.
DELIVERY_PRIORITY = 10


@task(priority=DELIVERY_PRIORITY)
def deliver(consumer_name: str, event_data: dict) -> str:
    """Run one consumer for one event, in the event's schema; record and retry."""
    from .models import Delivery

    event = Event(**event_data)
    delivery = _record(consumer_name, event)
    if delivery.status == Delivery.Status.SUCCEEDED:
        return "already delivered"
    consumer = _consumers.get(consumer_name)
    if consumer is None:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, last_error=f"没有名为 {consumer_name} 的处理方。"
        )
        return "no such consumer"
    attempt = delivery.attempts + 1
    try:
        with transaction.atomic():
            consumer.handler(event)
    except Exception as error:
        logger.exception(
            "%s failed on %s in %s (attempt %s)", consumer_name, event.kind, event.schema, attempt
        )
        final = attempt >= MAX_ATTEMPTS
        next_at = None if final else timezone.now() + retry_delay(attempt)
        message = f"{type(error).__name__}: {error}"[:2000]
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=attempt,
            status=Delivery.Status.FAILED if final else Delivery.Status.RETRYING,
            last_error=message,
            next_attempt_at=next_at,
            updated_at=timezone.now(),
        )
        if consumer.on_failure is not None:
            try:
                consumer.on_failure(event, message, attempt, final)
            except Exception:
                logger.exception("%s could not record its failure", consumer_name)
        if not final and deliver.get_backend().supports_defer:
            enqueue(deliver, consumer_name, event_data, schema=event.schema, run_after=next_at)
        return "failed"
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempt,
        status=Delivery.Status.SUCCEEDED,
        last_error="",
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
    return "delivered"


def delivery_retry(*, delivery) -> None:
    """Queue a recorded delivery again (console: 重试)."""
    event = Event(
        kind=delivery.kind,
        schema=delivery.schema,
        page_id=delivery.page_id,
        data=delivery.payload,
        id=str(delivery.event_id),
    )
    type(delivery).objects.filter(pk=delivery.pk).update(
        status=type(delivery).Status.PENDING, next_attempt_at=None
    )
    enqueue(deliver, delivery.consumer, asdict(event), schema=delivery.schema)
