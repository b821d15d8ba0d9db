"""Counting in months, for the services that say when something in a relationship falls due."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

FACE_TO_FACE = "face_to_face"  # Meeting.Method: what counts as in person
DEFAULT_REVIEW_MONTHS = 3  # 001 Appendix A §1: "evaluated every three to six months"


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def review_months(programme):
    """How often the programme's relationships are reviewed."""
    return programme.review_interval_months or DEFAULT_REVIEW_MONTHS


@dataclass(frozen=True)
class SessionCount:
    """Meetings held against the programme's fewest and most sessions (003 §3.4)."""

    held: int
    words: str
    over: bool


def sessions_counted(relationship, meetings, now) -> SessionCount | None:
    """The sessions held so far against the programme's number, as "4 of 3–12 sessions";
    None where the programme sets no number. A meeting held before the relationship started
    was its introduction, which is not a mentoring session (003 §3.4)."""
    programme = relationship.programme
    low, high = programme.sessions_min, programme.sessions_max
    if not (low or high):
        return None
    started = relationship.started_at
    held = [m for m in meetings if not m.is_cancelled and m.starts_at <= now]
    sessions = sum(1 for m in held if started and m.starts_at >= started)
    if low and high:
        rule = f"{low}–{high}" if low != high else f"{low}"
    else:
        rule = f"up to {high}" if high else f"at least {low}"
    words = f"{sessions} of {rule} sessions"
    if sessions < len(held):
        words += ", not counting the introduction"
    return SessionCount(held=sessions, words=words, over=bool(high) and sessions > high)


@dataclass(frozen=True)
class InPersonYear:
    """One year of the relationship and its meetings in person (004: at least one a year)."""

    ends_on: date
    held: int
    needed: int
    missed: bool  # the year has run out with too few


def in_person_years(relationship, meetings, now) -> list[InPersonYear]:
    """Each year from the start, up to today or the end, with the meetings in person held in
    it, where the programme asks for some each year (004)."""
    needed = relationship.programme.in_person_meetings_per_year
    if not (needed and relationship.started_at):
        return []
    today = timezone.localdate(now)
    last = timezone.localdate(relationship.ended_at) if relationship.ended_at else today
    in_person = [
        timezone.localdate(m.starts_at)
        for m in meetings
        if not m.is_cancelled and m.method == FACE_TO_FACE and m.starts_at <= now
    ]
    years, begins = [], timezone.localdate(relationship.started_at)
    while begins <= last:
        ends = add_months(begins, 12)
        held = sum(1 for day in in_person if begins <= day < ends)
        missed = ends <= today and held < needed
        years.append(InPersonYear(ends_on=ends, held=held, needed=needed, missed=missed))
        begins = ends
    return years
