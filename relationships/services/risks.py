"""Why a relationship may be at risk (MON-1; 002 checklist 5, Pitfalls 2, 3 and 9), checked in
the database and kept on each relationship, so the coordinator dashboard reads the reasons
instead of working them out for every relationship on each visit.

`risks_check()` checks every relationship that is live or flagged, in a fixed number of
queries: the periodic task runs it every few minutes, which catches what time alone changes
(a cadence passing, a review falling due). Services that change what a reason reads (a
meeting, a review answer, an action, a signature, a concern) check their own relationship
straight away. Each reason is a test of "the relationship's id is in this set", which the
database answers with one hashed look-up per row; where a rule differs per programme (how
often to meet, how often to review) the set is one query with an OR over the programmes'
cut-offs. A reason a coordinator set aside until a date is not flagged before that day.
Only reasons, never content, are kept."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from programmes.models import Programme

from ..dates import FACE_TO_FACE, add_months, review_months
from ..models import (
    ActionItem,
    Agreement,
    Concern,
    Meeting,
    Relationship,
    Review,
    ReviewAnswer,
    SetAside,
)
from ..models.relationships import REASONS_AT_RISK

Status = Relationship.Status
LIVE = [Status.PROPOSED, Status.ACTIVE]
AGREEMENT_WAIT = timedelta(days=14)  # MON-1: "agreement unsigned after two weeks"
END_NEAR = timedelta(days=30)
REASONS = REASONS_AT_RISK
CHUNK = 5000  # rows written per statement
FEW = 500  # relationships checked together when named


def risks_check(*, relationship_ids=None, now=None):
    """Check the reasons of these relationships (or of every one live or flagged) and keep
    them: each reason as a flag, and how many apply. An ended relationship keeps its concern
    until it is dealt with; its other flags clear. Writes only what changed, so that running
    it every few minutes leaves the table alone when nothing has."""
    now = now or timezone.now()
    if relationship_ids is None:
        _check(None, now, chunk=CHUNK)
        return
    ids = list(relationship_ids)
    for start in range(0, len(ids), FEW):  # each set of ids goes into every rule's query
        _check(ids[start : start + FEW], now, chunk=FEW)


def risks_check_one(*, relationship):
    """Check one relationship after something it is judged by changed."""
    risks_check(relationship_ids=[relationship.pk])


def _check(among, now, *, chunk):
    """Find what changed, locking those rows but passing over any a service is changing (it
    checks them itself), then write them in new statements, which see what was committed
    meanwhile: a check that waited for a row would otherwise write what it read before."""
    in_scope = Relationship.objects.filter(
        Q(status__in=LIVE) | Q(pk__in=_open_concerns(among)) | Q(reasons_at_risk__gt=0)
    )
    programmes = Programme.objects.all()
    if among is not None:
        in_scope = in_scope.filter(pk__in=among)
        programmes = programmes.filter(relationships__in=among).distinct()
    found = reasons(list(programmes), now=now, among=among)
    changed = Q(pk__in=[])
    for key, test in found.items():
        changed |= Q(**{key: True}) & ~test | Q(**{key: False}) & test
    total = sum(Cast(F(key), IntegerField()) for key in REASONS)
    changed |= ~Q(reasons_at_risk=total)
    flags = {key: Case(When(test, then=True), default=False) for key, test in found.items()}
    with transaction.atomic():
        ids = list(
            in_scope.filter(changed)
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), chunk):
            rows = Relationship.objects.filter(pk__in=ids[start : start + chunk])
            rows.update(**flags)
            rows.update(reasons_at_risk=total)


def reasons(programmes, *, now, among=None):
    """One condition per reason, each a test against a set worked out once (of only the
    relationships `among` these ids, when given)."""
    today = timezone.localdate(now)
    active = Q(status=Status.ACTIVE)
    live = Q(status__in=LIVE)
    agreement_needed = [p.pk for p in programmes if p.agreement_required]
    found = {
        "no_meeting": active & _no_meeting(programmes, now, among),
        "review_overdue": active & _review_overdue(programmes, today, among),
        "actions_overdue": live & Q(pk__in=_overdue_actions(today, among)),
        "agreement_unsigned": live
        & Q(programme__in=agreement_needed, created_at__lt=now - AGREEMENT_WAIT)
        & ~Q(pk__in=_signed_agreements(among)),
        "end_near": active & Q(planned_end_on__lte=today + END_NEAR),
        "concern": Q(pk__in=_open_concerns(among)),
        "line_management": live & ~Q(review_needed=""),
        "review_not_working": live & Q(pk__in=_not_working(among)),
        "no_in_person_meeting": active & Q(pk__in=_year_without_in_person(today, now, among)),
    }
    for key in SetAside.Reason.values:
        found[key] &= ~Q(pk__in=_set_aside(key, today, among))
    return found


def _set_aside(key, today, among):
    """Relationships whose coordinator set this reason aside until a day still to come."""
    return _of(SetAside.objects.filter(reason=key, until__gt=today), among).values(
        "relationship_id"
    )


def _no_meeting(programmes, now, among):
    """Started before the programme's cadence and no meeting held since (a meeting held
    before the start does not count against a new relationship). Programmes with no
    cadence flag nothing."""
    condition = Q(pk__in=[])
    for cutoff, ids in _by_cutoff(programmes, lambda p: _cadence_cutoff(p, now)).items():
        met = Meeting.objects.filter(cancelled_at__isnull=True, starts_at__range=(cutoff, now))
        met = _of(met, among)
        condition |= Q(programme__in=ids, started_at__lt=cutoff) & ~Q(
            pk__in=met.values("relationship_id")
        )
    return condition


def _cadence_cutoff(programme, now):
    weeks = programme.cadence_weeks
    return now - timedelta(weeks=weeks) if weeks else None


def _review_overdue(programmes, today, among):
    """Reviews fall due every interval from the start (relationships/services/care.py), and
    people answer them in order, so one is overdue when the review after the last one anybody
    answered (or the first, after the start) fell due before today. Reviews stop at the planned
    end: past it, "end date" flags the relationship instead. Close to review_dates(), not the
    same: after an answered review the next date is counted from that review's date, which
    can bring it up to three days earlier for a relationship started on the 29th to 31st."""
    condition = Q(pk__in=[])
    for cutoff, ids in _by_cutoff(programmes, lambda p: _review_cutoff(p, today)).items():
        answered = _of(Review.objects.filter(due_on__gte=cutoff, answers__isnull=False), among)
        condition |= Q(programme__in=ids, started_at__lt=_midnight(cutoff)) & ~Q(
            pk__in=answered.values("relationship_id")
        )
    return condition & (Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=today))


def _review_cutoff(programme, today):
    """The earliest day whose next review (an interval later) is today or later: a review
    counted from any day before it has already fallen due."""
    months = review_months(programme)
    day = add_months(today, -months)
    while add_months(day - timedelta(days=1), months) >= today:
        day -= timedelta(days=1)
    while add_months(day, months) < today:
        day += timedelta(days=1)
    return day


def _by_cutoff(programmes, cutoff_of):
    """{cut-off: [programme ids]}: programmes sharing a rule share one set and one test."""
    groups = defaultdict(list)
    for programme in programmes:
        cutoff = cutoff_of(programme)
        if cutoff is not None:
            groups[cutoff].append(programme.pk)
    return groups


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _overdue_actions(today, among):
    open_past_due = ActionItem.objects.filter(status__in=ActionItem.OPEN, due_on__lt=today)
    return _of(open_past_due, among).values("relationship_id")


def _signed_agreements(among):
    """Relationships with a version everyone signed: a version locks when the last signs."""
    return _of(Agreement.objects.filter(locked_at__isnull=False), among).values("relationship_id")


def _not_working(among):
    """Relationships whose latest answered review has someone saying mentoring is not working
    (002 Pitfall 9); a later review that no longer says so clears it."""
    latest = (
        Review.objects.filter(relationship=OuterRef("relationship"), answers__isnull=False)
        .order_by("-due_on")
        .values("due_on")[:1]
    )
    said = Review.objects.filter(
        answers__helping=ReviewAnswer.Helping.NOT_WORKING, due_on=Subquery(latest)
    )
    return _of(said, among).values("relationship_id")


def _year_without_in_person(today, now, among):
    """Active relationships whose last year to run out held fewer meetings in person than
    their programme asks (004), none made up since. A relationship's years run from its start
    date to the same date each year, as dates.in_person_years counts them; each meeting is
    placed in its year by comparing dates as (month, day), so no date arithmetic per row."""
    started = Relationship.objects.filter(
        status=Status.ACTIVE,
        started_at__isnull=False,
        programme__in_person_meetings_per_year__gt=0,
    )
    if among is not None:
        started = started.filter(pk__in=among)
    # Year numbers: the calendar year in which each of the relationship's years began.
    started = started.annotate(start_day=_day_of_year("started_at", start=True)).annotate(
        this_year=Value(today.year)
        - Case(When(start_day__gt=today.month * 100 + today.day, then=1), default=0)
    )
    in_person = (
        Meeting.objects.filter(
            relationship=OuterRef("pk"),
            method=FACE_TO_FACE,
            cancelled_at__isnull=True,
            starts_at__gte=OuterRef("started_at"),
            starts_at__lte=now,
        )
        .annotate(day=_day_of_year("starts_at"))
        .annotate(
            year=ExtractYear("starts_at")
            - Case(When(day__lt=OuterRef("start_day"), then=1), default=0)
        )
        .order_by()
        .values("relationship")
    )

    def held(years):
        counted = in_person.filter(years).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted), 0)

    needed = F("programme__in_person_meetings_per_year")
    return (
        started.filter(this_year__gt=ExtractYear("started_at"))
        .annotate(last_year=F("this_year") - 1)
        .annotate(
            held_last_year=held(Q(year=OuterRef("last_year"))),
            held_since=held(Q(year__gte=OuterRef("this_year"))),
        )
        .filter(held_last_year__lt=needed, held_since__lt=needed)
        .values("pk")
    )


def _day_of_year(field, *, start=False):
    """A date as month * 100 + day, to compare within a year. A start on 29 February has its
    anniversaries on the 28th, as adding twelve months to it does."""
    day = ExtractMonth(field) * 100 + ExtractDay(field)
    if not start:
        return day
    return Case(When(Q(**{f"{field}__month": 2, f"{field}__day": 29}), then=228), default=day)


def _open_concerns(among):
    """Concerns not yet dealt with."""
    return _of(Concern.objects.filter(handled_at__isnull=True), among).values("relationship_id")


def _of(records, among):
    """The records of the relationships `among` these ids, or of every relationship."""
    return records if among is None else records.filter(relationship__in=among)
