from .models import Delivery


def deliveries_needing_attention():
    """Failed and waiting deliveries, newest first, for the console."""
    return Delivery.objects.filter(
        status__in=[Delivery.Status.FAILED, Delivery.Status.RETRYING]
    ).order_by("-updated_at")


def delivery_counts() -> dict[str, int]:
    from django.db.models import Count

    return dict(
        Delivery.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
