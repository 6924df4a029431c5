from django import template

from cluster.workcalendar import selectors

register = template.Library()


@register.simple_tag
def arrangement_warning() -> str:
    """The console's reminder that a holiday arrangement is missing ('' when none is)."""
    return selectors.arrangement_missing_warning(today=selectors.calendar_today())
