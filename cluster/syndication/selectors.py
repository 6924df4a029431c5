"""Syndication reads: which subscriptions carry a page, and the delivery dashboards."""

from django.db.models import Count, Q
from django.utils import timezone

from cluster.tenants.models import Tenant

from .models import Channel, CopyDelivery, Subscription

# A delivery still pending this long after it was asked for is overdue on the dashboard.
OVERDUE_MINUTES = 10


def channel_carries(channel: Channel, page) -> bool:
    """Whether `page` (specific, in the source's schema) belongs to `channel`."""
    if page._meta.label_lower not in channel.carried_types:
        return False
    if channel.doctypes and getattr(page, "doctype", "") not in channel.doctypes:
        return False
    if channel.topics and getattr(page, "topic", "") not in channel.topics:
        return False
    if channel.source_column_path:
        column = "/" + channel.source_column_path.strip("/") + "/"
        # url_path is /home/<column>/…/; the home page's own slug comes first.
        parts = page.url_path.split("/", 2)
        relative = "/" + (parts[2] if len(parts) > 2 else "")
        if not relative.startswith(column):
            return False
    return True


def subscriptions_carrying(page, *, source_schema: str) -> list[Subscription]:
    """The active subscriptions of live sites that should hold a copy of `page`."""
    channels = [
        channel
        for channel in Channel.objects.filter(source__schema_name=source_schema, active=True)
        if channel_carries(channel, page)
    ]
    chosen: dict[int, Subscription] = {}
    for subscription in (
        Subscription.objects.filter(channel__in=channels, active=True)
        .exclude(subscriber__status=Tenant.Status.ARCHIVED)
        .select_related("channel", "subscriber")
        .order_by("created_at")
    ):
        # Two channels carrying the page to one site still make one copy (the first
        # subscription's column and mode).
        chosen.setdefault(subscription.subscriber_id, subscription)
    return list(chosen.values())


def status_counts(queryset, key: str) -> dict:
    """{key value: {status: count}} for the dashboard."""
    counts: dict = {}
    for row in queryset.values(key, "status").annotate(n=Count("id")):
        counts.setdefault(row[key], {})[row["status"]] = row["n"]
    return counts


def deliveries_needing_attention():
    overdue = timezone.now() - timezone.timedelta(minutes=OVERDUE_MINUTES)
    return (
        CopyDelivery.objects.filter(
            Q(status=CopyDelivery.Status.FAILED)
            | Q(status=CopyDelivery.Status.PENDING, requested_at__lt=overdue)
        )
        .select_related("subscriber", "channel")
        .order_by("-updated_at")
    )


def incoming_deliveries(tenant: Tenant):
    return (
        CopyDelivery.objects.filter(subscriber=tenant)
        .select_related("channel", "channel__source")
        .order_by("-updated_at")
    )


def submission_statistics():
    """Per submitting site and month: submitted and accepted counts (the yearly 报送 report)."""
    from django.db.models.functions import TruncMonth

    from .models import Submission

    rows = (
        Submission.objects.annotate(month=TruncMonth("submitted_at"))
        .values("from_site__name", "to_site__name", "month")
        .annotate(
            submitted=Count("id"),
            accepted=Count("id", filter=Q(status=Submission.Status.ACCEPTED)),
        )
        .order_by("-month", "from_site__name")
    )
    return list(rows)
