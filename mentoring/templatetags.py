"""Template filters every page may use without loading them (TEMPLATES' builtins)."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def get_count(counts, key):
    """A count of the navigation's, by name; nought where there is none."""
    if not key:
        return 0
    try:
        return counts[key]
    except (KeyError, TypeError):
        return 0


@register.filter
def time_of_day(value, seconds=""):
    """A time as people write it, in the portal's time zone: 9:30am, 2pm (docs/pages.md);
    with "seconds", 9:30:07am, for the audit log."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute or seconds else ""
    if seconds:
        minutes += f":{value.second:02d}"
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def when(value):
    """Friday 11 December 2026, 2pm."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local:%A} {local.day} {local:%B %Y}, {time_of_day(value)}"
