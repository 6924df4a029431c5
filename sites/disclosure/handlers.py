"""Reactions of the disclosure office to platform events (connected in apps.py)."""


def arrangement_changed_recompute(sender, *, year: int, **kwargs) -> None:
    # Called inside this site's schema; the task backend records it with the task.
    from .tasks import request_deadlines_recompute

    request_deadlines_recompute.enqueue(year)
