"""Syndication writes: channels and subscriptions, fan-out, copies, review, recall, resend.

Fan-out runs in the source's schema (a publish pipeline consumer); it writes one
``CopyDelivery`` per subscriber and emits one ``syndication.copy`` event per subscriber,
queued for the subscriber's schema after commit. Each copy task takes its delivery row
with ``SELECT … FOR UPDATE`` and the copy is unique per source page in the
subscriber's schema, so re-delivery, a crashed worker or two racing tasks leave exactly
one copy. A failing subscriber is retried by the pipeline and recorded on its own row;
it never holds up the others.
"""

import datetime
import logging
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import schema_context

from cluster.tasks import pipeline
from cluster.tasks.pipeline import Event
from cluster.tenants.models import Tenant

from .models import DEFAULT_TARGET_COLUMN, Channel, CopyDelivery, Subscription

logger = logging.getLogger(__name__)

COPY_EVENT = "syndication.copy"
BACKFILL_EVENT = "syndication.backfill"
# A new subscriber receives what the channel carried in this many days before it
# subscribed: the 检查指标 ask for the upper level's current policy, not its archive.
BACKFILL_DAYS = 365
Status = CopyDelivery.Status

# -- channels and subscriptions ------------------------------------------------------


def channel_create(*, source: Tenant | None, name: str, **fields) -> Channel:
    channel = Channel(source=source, name=name.strip(), **fields)
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def subscription_set(
    *,
    channel: Channel,
    subscriber: Tenant,
    target_column: str = "",
    mode: str = Subscription.Mode.AUTO,
    backfill_days: int | None = BACKFILL_DAYS,
) -> Subscription:
    """Subscribe `subscriber` (again) to `channel`, into `target_column`.

    With `backfill_days`, the pages the channel carried in that many days before now are
    delivered too (in the background, by the source's schema); None delivers only what
    is published from now on.
    """
    if channel.source_id == subscriber.pk:
        raise ValidationError("站点不能订阅自己的频道。")
    if subscriber.is_platform:
        raise ValidationError("平台本身不能订阅频道。")
    target = (target_column or channel.default_target_column or DEFAULT_TARGET_COLUMN).strip("/")
    _column_check(subscriber, target)
    subscription, _created = Subscription.objects.update_or_create(
        channel=channel,
        subscriber=subscriber,
        defaults={"target_column": target, "mode": mode, "active": True},
    )
    if backfill_days is not None and channel.source_id is not None:
        pipeline.emit(
            Event(
                kind=BACKFILL_EVENT,
                schema=channel.source.schema_name,
                data={
                    "subscription": subscription.pk,
                    "since": (timezone.now() - datetime.timedelta(days=backfill_days)).isoformat(),
                },
            )
        )
    return subscription


def _column_check(subscriber: Tenant, path: str) -> None:
    from .copying import _column

    with schema_context(subscriber.schema_name):
        try:
            _column(path)
        except LookupError as error:
            raise ValidationError({"target_column": str(error)}) from error


@transaction.atomic
def subscription_end(*, subscription: Subscription, withdraw_copies: bool = False) -> None:
    """Unsubscribe; existing copies stay unless the subscriber asks for them to go."""
    subscription.active = False
    subscription.save(update_fields=["active"])
    if withdraw_copies:
        for delivery in CopyDelivery.objects.filter(
            channel=subscription.channel, subscriber=subscription.subscriber
        ).exclude(status=Status.WITHDRAWN):
            _request(delivery, action=CopyDelivery.Action.WITHDRAW, note="订阅站点退订并撤下副本")


def subscriptions_default(*, tenant: Tenant) -> list[Subscription]:
    """A new county or department site subscribes to its ancestors' default channels."""
    if tenant.level not in (Tenant.Level.COUNTY, Tenant.Level.DEPARTMENT, Tenant.Level.TOWNSHIP):
        return []
    made = []
    for channel in Channel.objects.filter(
        source__in=site_ancestors(tenant), subscribe_children_by_default=True, active=True
    ):
        try:
            made.append(subscription_set(channel=channel, subscriber=tenant))
        except ValidationError:
            logger.warning("No default subscription of %s to %s", tenant, channel)
    return made


# -- fan-out (source schema) -----------------------------------------------------------


def backfill(*, subscription_id: int, since: datetime.datetime) -> int:
    """Deliver to one new subscriber the live pages its channel carried since `since`.

    Runs in the source's schema (consumers.subscription_backfill); each page goes through
    fan_out for that subscriber alone, so a page it already holds is left as it is.
    Returns how many copies were asked for.
    """
    from wagtail.models import Page

    from .selectors import channel_carries

    subscription = (
        Subscription.objects.select_related("channel__source", "subscriber")
        .filter(pk=subscription_id, active=True)
        .first()
    )
    if subscription is None or subscription.channel.source is None:
        return 0
    channel = subscription.channel
    source_schema = channel.source.schema_name
    with schema_context(source_schema):
        candidates = Page.objects.live().filter(first_published_at__gte=since)
        if channel.source_column_path:
            # url_path is /<home slug>/<column>/…/, as channel_carries reads it.
            column = re.escape(channel.source_column_path.strip("/"))
            candidates = candidates.filter(url_path__regex=rf"^/[^/]+/{column}/.")
        candidates = (
            candidates.filter(content_type__in=_content_types(channel.carried_types))
            .order_by("first_published_at")
            .specific()  # one query per page type, not one per page
        )
        page_ids = [page.pk for page in candidates if channel_carries(channel, page)]
    requested = 0
    for page_id in page_ids:
        requested += len(
            fan_out(source_schema=source_schema, page_id=page_id, only=subscription.subscriber)
        )
    return requested


def _content_types(labels):
    from django.contrib.contenttypes.models import ContentType

    models = [label.split(".", 1) for label in labels]
    found = [
        ContentType.objects.filter(app_label=app, model=model).first() for app, model in models
    ]
    return [content_type for content_type in found if content_type is not None]


def fan_out(*, source_schema: str, page_id: int, only: Tenant | None = None) -> list[CopyDelivery]:
    """Bring every subscriber's copy of one source page in line with the page as it is now.

    `only` limits it to one subscriber's copy (a backfill), leaving the others and the
    信息报送 copies alone.
    """
    from sites.core.models import CopyOrigin

    from .copying import snapshot_take
    from .selectors import subscriptions_carrying

    with schema_context(source_schema):
        from wagtail.models import Page

        page = Page.objects.filter(pk=page_id).first()
        origin = CopyOrigin.objects.filter(page_id=page_id).first()
        if page is not None and origin is not None and not origin.is_upstream_import:
            return []  # copies are never passed on; upstream imports are
        snapshot = snapshot_take(source_schema, page_id) if page is not None else None
        if snapshot is None:
            return page_withdraw(
                source_schema=source_schema, page_id=page_id, note="来源页面已撤下"
            )
        subscriptions = subscriptions_carrying(page.specific, source_schema=source_schema)
    if only is not None:
        subscriptions = [s for s in subscriptions if s.subscriber_id == only.pk]

    requested = []
    submitted = CopyDelivery.objects.filter(
        source_schema=source_schema, source_page_id=page_id, channel__isnull=True
    )
    for delivery in (
        (submitted.none() if only is not None else submitted)
        .exclude(target_column="")
        .exclude(status__in=[Status.WITHDRAWN, Status.REJECTED, Status.DELETED_LOCALLY])
    ):
        if delivery.source_revision_id != snapshot.revision_id:
            _request(delivery, action=CopyDelivery.Action.PUBLISH, revision_id=snapshot.revision_id)
            requested.append(delivery)
    for subscription in subscriptions:
        delivery, _created = CopyDelivery.objects.get_or_create(
            source_schema=source_schema,
            source_page_id=page_id,
            subscriber=subscription.subscriber,
            defaults={"channel": subscription.channel, "source_title": snapshot.title[:255]},
        )
        if delivery.status == Status.DELETED_LOCALLY:
            continue  # the subscriber deleted its copy; only 重新投递 brings it back
        if (
            delivery.action == CopyDelivery.Action.PUBLISH
            and delivery.source_revision_id == snapshot.revision_id
            and delivery.status in (Status.DELIVERED, Status.AWAITING_REVIEW, Status.REJECTED)
        ):
            continue  # this revision is there already
        delivery.channel = subscription.channel
        delivery.source_title = snapshot.title[:255]
        _request(
            delivery,
            action=CopyDelivery.Action.PUBLISH,
            revision_id=snapshot.revision_id,
            keep_status=delivery.status == Status.REJECTED,
        )
        requested.append(delivery)
    return requested


def page_withdraw(*, source_schema: str, page_id: int, note: str) -> list[CopyDelivery]:
    """Withdraw every copy of a source page (unpublished there, kept for audit)."""
    deliveries = list(
        CopyDelivery.objects.filter(source_schema=source_schema, source_page_id=page_id).exclude(
            status__in=[Status.WITHDRAWN, Status.SKIPPED, Status.DELETED_LOCALLY]
        )
    )
    for delivery in deliveries:
        _request(delivery, action=CopyDelivery.Action.WITHDRAW, note=note)
    return deliveries


def copy_deleted_locally(*, subscriber_schema: str, page_id: int) -> int:
    """The subscriber deleted copy `page_id`: record it, so updates stop re-creating it.

    The dashboard shows the site as 本站已删除 for that page; 重新投递 restores the copy.
    """
    return CopyDelivery.objects.filter(
        subscriber__schema_name=subscriber_schema, copy_page_id=page_id
    ).update(
        status=Status.DELETED_LOCALLY,
        copy_page_id=None,
        note="订阅站点删除了副本",
        requested_at=timezone.now(),
    )


def page_recall(*, source_schema: str, page_id: int, user=None) -> list[CopyDelivery]:
    """The source site's admin recalls one page from all subscribers."""
    who = getattr(user, "get_full_name", lambda: "")() or getattr(user, "username", "")
    return page_withdraw(
        source_schema=source_schema,
        page_id=page_id,
        note=f"来源站点撤回{('（' + who + '）') if who else ''}",
    )


def _request(delivery: CopyDelivery, *, action: str, revision_id=None, note="", keep_status=False):
    """Record what the subscriber's copy must become and queue the copy task for it."""
    delivery.action = action
    if revision_id is not None:
        delivery.requested_revision_id = revision_id
    if not keep_status:
        delivery.status = Status.PENDING
    delivery.note = note[:200]
    delivery.requested_at = timezone.now()
    delivery.save()
    _emit_copy(delivery)


def _emit_copy(delivery: CopyDelivery) -> None:
    # Idempotence is the copy task's (row lock, revision compare), not the event id's.
    pipeline.emit(
        Event(
            kind=COPY_EVENT,
            schema=delivery.subscriber.schema_name,
            page_id=delivery.source_page_id,
            data={"delivery": delivery.pk},
        )
    )


# -- the copy task (subscriber schema) ----------------------------------------------------


def delivery_apply(*, delivery_id: int) -> str:
    """Make the subscriber's copy what its delivery asks for; idempotent."""
    from .copying import copy_write, snapshot_take

    delivery = (
        CopyDelivery.objects.select_for_update(of=("self",))
        .select_related("subscriber", "channel")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return "gone"
    subscriber = delivery.subscriber
    if subscriber.is_archived:
        return _finish(delivery, Status.SKIPPED, note="订阅站点已归档，未投递")
    if subscriber.is_suspended:
        # Waits; the site's reactivation sends it (see consumers.site_reactivated).
        return _finish(delivery, Status.PENDING, note="订阅站点已暂停，恢复后投递")

    if delivery.status == Status.DELETED_LOCALLY:
        return "deleted locally"
    if delivery.action == CopyDelivery.Action.WITHDRAW:
        copy_withdraw(delivery)
        return _finish(delivery, Status.WITHDRAWN, note=delivery.note or "已撤回")

    snapshot = snapshot_take(delivery.source_schema, delivery.source_page_id)
    if snapshot is None:
        copy_withdraw(delivery)
        return _finish(delivery, Status.WITHDRAWN, note="来源页面已撤下或已删除")
    subscription = (
        Subscription.objects.filter(subscriber=subscriber, channel=delivery.channel, active=True)
        .select_related("channel")
        .first()
    )
    copy = _copy_page(delivery) if delivery.copy_page_id else None
    if subscription is None and copy is None and not delivery.target_column:
        return _finish(delivery, Status.SKIPPED, note="订阅已取消，未投递")
    if (
        copy is not None
        and delivery.source_revision_id == snapshot.revision_id
        and delivery.status in (Status.DELIVERED, Status.AWAITING_REVIEW, Status.REJECTED)
    ):
        return "unchanged"

    # An accepted 信息报送 was reviewed when it was accepted.
    review = subscription is not None and subscription.mode == Subscription.Mode.REVIEW
    if delivery.status == Status.REJECTED:
        publish, status = False, Status.REJECTED  # the draft follows; nothing goes live
    elif copy is not None and copy.live:
        publish, status = True, Status.DELIVERED  # accepted before: it follows the source
    elif review:
        publish, status = False, Status.AWAITING_REVIEW
    else:
        publish, status = True, Status.DELIVERED
    page, _created = copy_write(
        snapshot,
        target_column=(
            subscription.target_column
            if subscription
            else delivery.target_column or DEFAULT_TARGET_COLUMN
        ),
        publish=publish,
        channel_name=delivery.channel.name if delivery.channel else "",
    )
    delivery.copy_page_id = page.pk
    delivery.source_revision_id = snapshot.revision_id
    delivery.delivered_at = timezone.now()
    return _finish(delivery, status, note=delivery.note if status == Status.REJECTED else "")


def _copy_page(delivery: CopyDelivery):
    from wagtail.models import Page

    return Page.objects.filter(pk=delivery.copy_page_id).first()


def copy_withdraw(delivery: CopyDelivery) -> None:
    page = _copy_page(delivery) if delivery.copy_page_id else None
    if page is not None and page.live:
        page.specific.unpublish(log_action=True)


def _finish(delivery: CopyDelivery, status: str, *, note: str = "") -> str:
    delivery.status = status
    delivery.attempts += 1
    delivery.last_error = ""
    delivery.note = note[:200]
    delivery.save()
    return status


def delivery_failed(*, delivery_id: int, error: str, final: bool) -> None:
    """The pipeline's record of a failed attempt, mirrored on the delivery row."""
    CopyDelivery.objects.filter(pk=delivery_id).update(
        status=Status.FAILED,
        attempts=F("attempts") + 1,
        last_error=error[:2000],
        note="已多次重试仍失败，请检查后重新投递" if final else "投递失败，将自动重试",
        updated_at=timezone.now(),
    )


# -- people's actions ----------------------------------------------------------------------


def delivery_resend(*, delivery: CopyDelivery) -> None:
    """Send one delivery again (console: 重新投递), whatever its state."""
    delivery.status = Status.PENDING
    delivery.last_error = ""
    delivery.requested_at = timezone.now()
    if delivery.action == CopyDelivery.Action.PUBLISH:
        delivery.source_revision_id = None  # deliver even the same revision again
    delivery.save()
    _emit_copy(delivery)


def deliveries_resend_failed(*, channel: Channel | None = None) -> int:
    failed = CopyDelivery.objects.filter(status=Status.FAILED)
    if channel is not None:
        failed = failed.filter(channel=channel)
    count = 0
    for delivery in failed.select_related("subscriber"):
        delivery_resend(delivery=delivery)
        count += 1
    return count


@transaction.atomic
def copy_accept(*, delivery: CopyDelivery, user=None) -> None:
    """Review mode: the subscriber's staff publish the waiting copy."""
    if delivery.status not in (Status.AWAITING_REVIEW, Status.REJECTED):
        raise ValidationError("该转载不在待审核状态。")
    with schema_context(delivery.subscriber.schema_name):
        page = _copy_page(delivery)
        if page is None:
            raise ValidationError("副本已不存在，请联系来源站点重新投递。")
        revision = page.specific.get_latest_revision()
        revision.publish(user=user, skip_permission_checks=True)
    delivery.status = Status.DELIVERED
    delivery.note = "已审核发布"
    delivery.save()


@transaction.atomic
def copy_reject(*, delivery: CopyDelivery, reason: str, user=None) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写拒绝理由。"})
    if delivery.status not in (Status.AWAITING_REVIEW, Status.DELIVERED):
        raise ValidationError("该转载不在待审核状态。")
    with schema_context(delivery.subscriber.schema_name):
        copy_withdraw(delivery)
    delivery.status = Status.REJECTED
    delivery.note = f"拒绝：{reason}"[:200]
    delivery.save()


def site_deliveries_resume(*, tenant: Tenant) -> int:
    """A reactivated subscriber gets what waited for it."""
    waiting = CopyDelivery.objects.filter(subscriber=tenant, status=Status.PENDING)
    count = 0
    for delivery in waiting.select_related("subscriber"):
        _emit_copy(delivery)
        count += 1
    return count


# -- 信息报送 (bottom-up) ------------------------------------------------------------------


def site_ancestors(tenant: Tenant) -> list[Tenant]:
    """The sites above `tenant`, nearest first (a broken parent loop stops, never spins)."""
    found, node = [], tenant.parent
    while node is not None and node.pk not in {t.pk for t in found}:
        found.append(node)
        node = node.parent
    return found


@transaction.atomic
def submission_create(
    *, from_site: Tenant, page_id: int, to_site: Tenant, target_column: str, user=None
):
    """Offer one of `from_site`'s public pages to an upper-level site."""
    from .copying import snapshot_take
    from .models import Submission

    if to_site.pk not in {t.pk for t in site_ancestors(from_site)}:
        raise ValidationError({"to_site": "只能向本站的上级站点报送信息。"})
    snapshot = snapshot_take(from_site.schema_name, page_id)
    if snapshot is None:
        raise ValidationError({"page": "只能报送本站已公开发布的原创页面（转载的副本不能报送）。"})
    existing = Submission.objects.filter(
        from_site=from_site, source_page_id=page_id, to_site=to_site
    ).first()
    if existing is not None and existing.status != Submission.Status.REJECTED:
        raise ValidationError(
            {"page": f"该页面已报送给{to_site}，状态：{existing.get_status_display()}。"}
        )
    submission = existing or Submission(
        from_site=from_site, source_page_id=page_id, to_site=to_site
    )
    submission.source_title = snapshot.title[:255]
    submission.source_url = snapshot.source_url[:500]
    submission.target_column = (target_column or "news").strip("/")
    submission.status = Submission.Status.SUBMITTED
    submission.reason = ""
    submission.submitted_by = getattr(user, "username", "")
    submission.submitted_at = timezone.now()
    submission.decided_at = None
    submission.save()
    return submission


@transaction.atomic
def submission_accept(*, submission, target_column: str = "", user=None) -> CopyDelivery:
    """The upper site takes the page: it is published there as an attributed copy."""
    from .models import Submission

    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError("该报送已处理。")
    column = (target_column or submission.target_column).strip("/")
    _column_check(submission.to_site, column)
    delivery, _created = CopyDelivery.objects.get_or_create(
        source_schema=submission.from_site.schema_name,
        source_page_id=submission.source_page_id,
        subscriber=submission.to_site,
        defaults={"source_title": submission.source_title, "target_column": column},
    )
    delivery.target_column = column
    delivery.source_revision_id = None
    _request(delivery, action=CopyDelivery.Action.PUBLISH, note="信息报送已采用")
    submission.status = Submission.Status.ACCEPTED
    submission.target_column = column
    submission.decided_by = getattr(user, "username", "")
    submission.decided_at = timezone.now()
    submission.save()
    return delivery


@transaction.atomic
def submission_reject(*, submission, reason: str, user=None) -> None:
    from .models import Submission

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写未采用的理由。"})
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError("该报送已处理。")
    submission.status = Submission.Status.REJECTED
    submission.reason = reason[:200]
    submission.decided_by = getattr(user, "username", "")
    submission.decided_at = timezone.now()
    submission.save()
