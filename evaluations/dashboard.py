"""What the coordinator dashboard reads (MON-1; 002 checklist 5, Pitfalls 2, 3 and 9): what
waits for a decision, the waiting list, training places, relationships by status and phase,
and the relationships at risk with every reason that applies.

Every number comes from a fixed number of queries, whatever the number of programmes,
applications or relationships: the reasons are worked out in the database, each as "the
relationship's id is in this set", which PostgreSQL answers with one hashed look-up per row.
Where a rule differs per programme (how often to meet, how often to review) the set is one
query with an OR over the programmes' cut-offs. Only reasons, never content, leave here."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from mentoring.people.permissions import staff_member_of
from programmes.models import Application, Booking, Programme, TrainingSession
from relationships.models import (
    ActionItem,
    Agreement,
    Concern,
    Meeting,
    Member,
    Proposal,
    Relationship,
    Review,
)
from relationships.selectors import mentees_waiting_among
from relationships.services.care import DEFAULT_REVIEW_MONTHS
from relationships.services.pairing import add_months

Status = Relationship.Status
LIVE = [Status.PROPOSED, Status.ACTIVE]
AGREEMENT_WAIT = timedelta(days=14)  # MON-1: "agreement unsigned after two weeks"
END_NEAR = timedelta(days=30)
AT_RISK_SHOWN = 50
WAITING_LIST_SHOWN = 10  # per programme; the queue has the rest
SESSIONS_SHOWN = 20

# Each reason a relationship may be at risk, in the words the dashboard uses.
REASONS = {
    "no_meeting": "No meeting within the agreed cadence",
    "review_overdue": "Review overdue",
    "actions_overdue": "Actions overdue",
    "agreement_unsigned": "Agreement unsigned after two weeks",
    "end_near": "Planned end within a month",
    "concern": "Concern raised",
    "line_management": "Line-management link to review",
}
STATUS_WORDS = {Status.PROPOSED: "Proposed", Status.ACTIVE: "Active", Status.ENDED: "Ended"}
PHASE_WORDS = dict(Relationship.Phase.choices) | {"": "Phase not set"}
APPLICATION_COUNTS = {
    "awaiting_manager": Application.Status.AWAITING_MANAGER,
    "with_coordinator": Application.Status.WITH_COORDINATOR,
    "waiting_list": Application.Status.WAITING_LIST,
}


def coordinated_programmes(user):
    """The current programmes this person coordinates."""
    me = staff_member_of(user)
    if me is None:
        return Programme.objects.none()
    return Programme.objects.current().filter(coordinators=me).order_by("name", "pk")


def dashboard(programmes, *, viewer, now=None):
    """Everything the dashboard shows `viewer` (a coordinator) for these programmes, in a
    fixed number of queries."""
    now = now or timezone.now()
    programmes = list(programmes)
    if not programmes:
        return {"programmes": [], "rows": [], "totals": {}, "at_risk": [], "waiting_list": []}
    ids = [p.pk for p in programmes]
    by_programme = _merge(
        ids,
        application_counts(ids),
        waiting_for_a_mentor(ids),
        proposals_to_approve(ids),
        relationship_counts(ids),
        at_risk_counts(programmes, now=now, viewer=viewer),
    )
    rows = [{"programme": p, **by_programme[p.pk]} for p in programmes]
    return {
        "programmes": programmes,
        "rows": rows,
        "totals": {key: sum(row[key] for row in rows) for key in by_programme[ids[0]]},
        "at_risk": at_risk_first(programmes, now=now, viewer=viewer),
        "waiting_list": waiting_list(ids),
        "sessions": upcoming_training(ids, now=now),
    }


def _merge(ids, *counts):
    merged = {pk: {} for pk in ids}
    for count in counts:
        for pk in ids:
            merged[pk] |= count[pk]
    return merged


def _per_programme(ids, rows, keys):
    """{programme id: {key: number}} from grouped rows, with a zero where a group is empty."""
    counts = {pk: dict.fromkeys(keys, 0) for pk in ids}
    for row in rows:
        counts[row.pop("programme")] |= {k: v or 0 for k, v in row.items()}
    return counts


def application_counts(ids):
    """Applications waiting for a line manager, for the coordinator, and on the waiting list."""
    rows = (
        Application.objects.filter(programme__in=ids)
        .order_by()
        .values("programme")
        .annotate(**{key: Count("pk", filter=Q(status=s)) for key, s in APPLICATION_COUNTS.items()})
    )
    return _per_programme(ids, rows, APPLICATION_COUNTS)


def waiting_for_a_mentor(ids):
    """Accepted mentees in the matching queue, by the matching pages' own rule."""
    queue = mentees_waiting_among(Application.objects.filter(programme__in=ids))
    rows = queue.order_by().values("programme").annotate(waiting_for_mentor=Count("pk"))
    return _per_programme(ids, rows, ["waiting_for_mentor"])


def proposals_to_approve(ids):
    rows = (
        Proposal.objects.filter(programme__in=ids)
        .order_by()
        .values("programme")
        .annotate(proposals=Count("pk"))
    )
    return _per_programme(ids, rows, ["proposals"])


def relationship_counts(ids):
    """Relationships by status, and active ones by phase."""
    keys = {f"status_{s}": Q(status=s) for s in STATUS_WORDS}
    keys |= {f"phase_{p}": Q(status=Status.ACTIVE, phase=p) for p in PHASE_WORDS}
    rows = (
        Relationship.objects.filter(programme__in=ids)
        .order_by()
        .values("programme")
        .annotate(**{key: Count("pk", filter=q) for key, q in keys.items()})
    )
    return _per_programme(ids, rows, keys)


def waiting_list(ids):
    """The first few on each programme's waiting list, with their place in it (APP-4)."""
    place = Window(RowNumber(), partition_by=F("programme"), order_by=[F("waiting_since"), F("pk")])
    return list(
        Application.objects.filter(programme__in=ids, status=Application.Status.WAITING_LIST)
        .annotate(position=place)
        .filter(position__lte=WAITING_LIST_SHOWN)
        .select_related("programme", "applicant")
        .order_by("programme__name", "programme", "position")
    )


def upcoming_training(ids, *, now):
    """Sessions to come for these programmes or for every programme: places, booked, waiting."""
    return list(
        TrainingSession.objects.filter(Q(programme__in=ids) | Q(programme__isnull=True))
        .filter(starts_at__gte=now)
        .select_related("programme")
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
        )
        .order_by("starts_at", "pk")[:SESSIONS_SHOWN]
    )


# Relationships at risk


def with_reasons(programmes, *, now, among=None, viewer=None):
    """The relationships of these programmes with a 1 or 0 for each reason, or only those
    `among` a few ids. Live ones only, but an ended one keeps its concern until it is dealt
    with. A `viewer` in a relationship learns only of their own concerns in it."""
    relationships = Relationship.objects.filter(programme__in=[p.pk for p in programmes])
    if among is not None:
        relationships = relationships.filter(pk__in=among)
    concerns = _open_concerns(among, viewer)
    return relationships.filter(Q(status__in=LIVE) | Q(pk__in=concerns)).annotate(
        **reasons(programmes, now=now, among=among, viewer=viewer)
    )


def at_risk_counts(programmes, *, now, viewer=None):
    """{programme id: {reason: relationships, "at_risk": relationships with any reason}},
    from one count per programme and combination of reasons, so each reason is worked out
    once per relationship."""
    counts = {p.pk: dict.fromkeys([*REASONS, "at_risk"], 0) for p in programmes}
    combinations = (
        with_reasons(programmes, now=now, viewer=viewer)
        .order_by()
        .values("programme", *REASONS)
        .annotate(relationships=Count("pk"))
    )
    for combination in combinations:
        count = counts[combination["programme"]]
        found = [key for key in REASONS if combination[key]]
        for key in found:
            count[key] += combination["relationships"]
        if found:
            count["at_risk"] += combination["relationships"]
    return counts


def at_risk_first(programmes, *, now, viewer=None):
    """The first relationships at risk, most reasons first, then the oldest, each with its
    reasons in plain words. The first query only orders, working each reason out once per
    relationship; the second reads the reasons of those few alone. Any with no reason sort
    last and are dropped here."""
    first = _by_reasons(with_reasons(programmes, now=now, viewer=viewer))
    first = list(first.values_list("pk", flat=True)[:AT_RISK_SHOWN])
    relationships = (
        _by_reasons(with_reasons(programmes, now=now, among=first, viewer=viewer))
        .select_related("programme")
        .prefetch_related("members__person")
    )
    relationships = [r for r in relationships if r.reasons]
    for relationship in relationships:
        relationship.reasons_in_words = reasons_in_words(relationship)
    return relationships


def _by_reasons(relationships):
    reasons = sum((F(key) for key in REASONS), Value(0))
    return relationships.annotate(reasons=reasons).order_by("-reasons", "created_at", "pk")


def reasons_in_words(relationship):
    """What the dashboard says about one relationship it has flagged: reasons, no content."""
    programme = relationship.programme
    words = {
        "no_meeting": f"No meeting held in the last {_cadence_weeks(programme)} weeks",
        "review_overdue": "A review is overdue and nobody has answered it",
        "actions_overdue": "Actions are past their due date",
        "agreement_unsigned": "The agreement is not signed by everyone after two weeks",
        "end_near": f"Planned end date: {relationship.planned_end_on:%-d %B %Y}"
        if relationship.planned_end_on
        else "",
        "concern": "A concern has been raised and not yet dealt with",
        "line_management": "A line-management link needs your review",
    }
    return [words[key] for key in REASONS if getattr(relationship, key)]


def reasons(programmes, *, now, among=None, viewer=None):
    """One 1-or-0 expression per reason, each a test against a set worked out once (of only
    the relationships `among` these ids, when given)."""
    today = timezone.localdate(now)
    active = Q(status=Status.ACTIVE)
    live = Q(status__in=LIVE)
    return {
        "no_meeting": _flag(active & _no_meeting(programmes, now, among)),
        "review_overdue": _flag(active & _review_overdue(programmes, today, among)),
        "actions_overdue": _flag(live & Q(pk__in=_overdue_actions(today, among))),
        "agreement_unsigned": _flag(
            live
            & Q(programme__agreement_required=True, created_at__lt=now - AGREEMENT_WAIT)
            & ~Q(pk__in=_signed_agreements(among))
        ),
        "end_near": _flag(active & Q(planned_end_on__lte=today + END_NEAR)),
        "concern": _flag(Q(pk__in=_open_concerns(among, viewer))),
        "line_management": _flag(live & ~Q(review_needed="")),
    }


def _flag(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _cadence_weeks(programme):
    """How often the pair should meet: the meeting interval, else the contact interval."""
    return programme.meeting_interval_weeks or programme.contact_interval_weeks


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
    weeks = _cadence_weeks(programme)
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
    months = programme.review_interval_months or DEFAULT_REVIEW_MONTHS
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


def _open_concerns(among, viewer):
    """Concerns not yet dealt with. A coordinator in the relationship reads only their own
    (relationships/permissions.py), so is not told others exist."""
    concerns = _of(Concern.objects.filter(handled_at__isnull=True), among)
    if viewer is not None:
        theirs = Member.objects.filter(person=viewer).values("relationship")
        concerns = concerns.filter(Q(raised_by=viewer) | ~Q(relationship__in=theirs))
    return concerns.values("relationship_id")


def _of(records, among):
    """The records of the relationships `among` these ids, or of every relationship."""
    return records if among is None else records.filter(relationship__in=among)
