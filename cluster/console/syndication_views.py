"""Console: every channel, its subscribers and deliveries; resend what failed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cluster.syndication.forms import ChannelForm, SubscriptionForm
from cluster.syndication.models import Channel, CopyDelivery, Subscription, UpstreamFeed
from cluster.syndication.selectors import (
    deliveries_needing_attention,
    status_counts,
    submission_statistics,
)
from cluster.syndication.services import (
    deliveries_resend_failed,
    delivery_resend,
    subscription_end,
    subscription_set,
)

from .views import _add_errors, platform_admin_required


@platform_admin_required
def channel_index(request):
    channels = Channel.objects.select_related("source").prefetch_related("subscriptions")
    by_channel = status_counts(CopyDelivery.objects.all(), "channel_id")
    by_subscriber = status_counts(CopyDelivery.objects.all(), "subscriber__name")
    return render(
        request,
        "console/channel_index.html",
        {
            "channels": [(channel, by_channel.get(channel.pk, {})) for channel in channels],
            "subscribers": sorted(by_subscriber.items()),
            "statuses": CopyDelivery.Status.choices,
            "attention": deliveries_needing_attention()[:200],
            "feeds": UpstreamFeed.objects.select_related("target"),
            "submissions": submission_statistics(),
        },
    )


@platform_admin_required
def channel_edit(request, pk=None):
    channel = get_object_or_404(Channel, pk=pk) if pk else None
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"频道“{saved.name}”已保存。")
        return redirect("console:channel_detail", saved.pk)
    return render(request, "console/channel_edit.html", {"form": form, "channel": channel})


@platform_admin_required
def channel_detail(request, pk):
    channel = get_object_or_404(Channel.objects.select_related("source"), pk=pk)
    form = SubscriptionForm(request.POST or None, channel=channel)
    if request.method == "POST" and form.is_valid():
        try:
            subscription_set(channel=channel, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['subscriber']}已订阅本频道。")
            return redirect("console:channel_detail", channel.pk)
    return render(
        request,
        "console/channel_detail.html",
        {
            "channel": channel,
            "form": form,
            "subscriptions": channel.subscriptions.select_related("subscriber"),
            "deliveries": channel.deliveries.select_related("subscriber")[:300],
        },
    )


@platform_admin_required
@require_POST
def subscription_cancel(request, pk):
    subscription = get_object_or_404(Subscription, pk=pk)
    withdraw = request.POST.get("withdraw") == "1"
    subscription_end(subscription=subscription, withdraw_copies=withdraw)
    messages.success(
        request,
        f"{subscription.subscriber}已退订{'，已有副本将撤下' if withdraw else '，已有副本保留'}。",
    )
    return redirect("console:channel_detail", subscription.channel_id)


@platform_admin_required
@require_POST
def copy_delivery_resend(request, pk):
    delivery = get_object_or_404(CopyDelivery.objects.select_related("subscriber"), pk=pk)
    delivery_resend(delivery=delivery)
    messages.success(request, f"已重新投递《{delivery.source_title}》到{delivery.subscriber}。")
    return redirect(request.POST.get("next") or "console:channel_index")


@platform_admin_required
@require_POST
def copy_deliveries_resend_failed(request):
    count = deliveries_resend_failed()
    messages.success(request, f"已重新投递 {count} 条失败的转载。")
    return redirect("console:channel_index")


@platform_admin_required
def feed_edit(request, pk=None):
    from cluster.syndication.forms import UpstreamFeedForm

    feed = get_object_or_404(UpstreamFeed, pk=pk) if pk else None
    form = UpstreamFeedForm(request.POST or None, instance=feed)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"上游订阅源“{saved.name}”已保存，后台将按间隔检查。")
        return redirect("console:channel_index")
    return render(request, "console/channel_edit.html", {"form": form, "channel": feed})


@platform_admin_required
@require_POST
def feed_check_now(request, pk):
    from cluster.syndication.feeds import feed_import_task
    from cluster.syndication.models import UpstreamFeed
    from cluster.tasks.api import enqueue_on_commit

    feed = get_object_or_404(UpstreamFeed.objects.select_related("target"), pk=pk)
    enqueue_on_commit(feed_import_task, feed.pk, schema=feed.target.schema_name)
    messages.success(request, f"已安排立即检查“{feed.name}”。")
    return redirect("console:channel_index")
