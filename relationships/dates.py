"""Counting in months, for the services that say when something in a relationship falls due."""

from calendar import monthrange

DEFAULT_REVIEW_MONTHS = 3  # 001 Appendix A §1: "evaluated every three to six months"


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def review_months(programme):
    """How often the programme's relationships are reviewed."""
    return programme.review_interval_months or DEFAULT_REVIEW_MONTHS
