"""Dates and times as people write them: "Friday 11 December 2026, 2pm", "9:30am"."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def time_of_day(moment):
    """9:30am, 2pm."""
    if not moment:
        return ""
    moment = timezone.localtime(moment)
    minutes = f":{moment:%M}" if moment.minute else ""
    return f"{moment.hour % 12 or 12}{minutes}{'am' if moment.hour < 12 else 'pm'}"


@register.filter
def when(moment):
    """Friday 11 December 2026, 2pm."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}, {time_of_day(moment)}"
