"""Template filters every page may use without loading them (TEMPLATES' builtins)."""

from django import template

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
