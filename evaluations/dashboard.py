"""What the coordinator dashboard reads (MON-1; 002 checklist 5, Pitfalls 2, 3 and 9): what
waits for a decision, the waiting list, training places, relationships by status and phase,
and the relationships at risk with every reason that applies.

Every number comes from a fixed number of queries, whatever the number of programmes,
applications or relationships. The reasons a relationship is at risk are the ones kept by the
last check (relationships/services/risks.py), which runs every few minutes and whenever the
pair do something that changes them. Only reasons, never content, leave here."""

from datetime import datetime, time, timedelta

from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from mentoring.people.permissions import staff_member_of
from programmes.models import Application, Booking, Programme, TrainingSession
from relationships.models import (
    CheckIn,
    Concern,
    CoordinatorNote,
    Meeting,
    Member,
    Proposal,
    Relationship,
    SetAside,
)

Status = Relationship.Status
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
    "review_not_working": "Review says not working",
    "no_in_person_meeting": "A year without meeting in person",
}
SEEN = {"concern": "concern_seen"}  # the flag as the viewer may learn of it
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
    flagged = at_risk(programmes, viewer=viewer)
    by_programme = _merge(
        ids,
        application_counts(ids),
        waiting_for_a_mentor(ids),
        proposals_to_approve(ids),
        relationship_counts(ids),
        at_risk_counts(programmes, flagged),
    )
    rows = [{"programme": p, **by_programme[p.pk]} for p in programmes]
    return {
        "programmes": programmes,
        "rows": rows,
        "totals": {key: sum(row[key] for row in rows) for key in by_programme[ids[0]]},
        "at_risk": at_risk_first(programmes, flagged, viewer=viewer, today=timezone.localdate(now)),
        "waiting_list": waiting_list(ids),
        "sessions": upcoming_training(ids, now=now),
        "trends": trends(ids, now=now),
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
        Application.objects.filter(programme__in=ids, status__in=APPLICATION_COUNTS.values())
        .order_by()
        .values("programme")
        .annotate(**{key: Count("pk", filter=Q(status=s)) for key, s in APPLICATION_COUNTS.items()})
    )
    return _per_programme(ids, rows, APPLICATION_COUNTS)


def waiting_for_a_mentor(ids):
    """Accepted mentees in the matching queue, by what the matching pages keep of its rule
    (relationships.services.pairing.matched_check)."""
    queue = Application.objects.filter(
        programme__in=ids, role="mentee", status=Application.Status.ACCEPTED, matched=False
    )
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
    """Relationships by status, and active ones by phase: one count per programme, status and
    phase, added up here."""
    keys = [f"status_{s}" for s in STATUS_WORDS] + [f"phase_{p}" for p in PHASE_WORDS]
    counts = {pk: dict.fromkeys(keys, 0) for pk in ids}
    groups = (
        Relationship.objects.filter(programme__in=ids)
        .order_by()
        .values_list("programme", "status", "phase")
        .annotate(n=Count("*"))  # from the index alone
    )
    for programme, status, phase, n in groups:
        counts[programme][f"status_{status}"] += n
        if status == Status.ACTIVE:
            counts[programme][f"phase_{phase}"] += n
    return counts


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


# Month by month


TREND_MONTHS = 12


def trends(ids, *, now):
    """Relationships started, relationships ended (of those that had started) and meetings
    held (not cancelled, not still to come), in each of the last twelve months to this one:
    {"started" | "ended" | "meetings": [(the month's first day, number)]}, in two queries.
    Counts only, never what anyone wrote. Each month is a range of the column itself, so the
    database compares times rather than working out a month for every row."""
    months = last_months(timezone.localdate(now), TREND_MONTHS)
    starts = [timezone.make_aware(datetime.combine(month, time())) for month in months]
    ranges = list(zip(starts, [*starts[1:], now], strict=True))
    had_started = Q(started_at__isnull=False)
    relationships = Relationship.objects.filter(programme__in=ids).filter(
        Q(started_at__gte=starts[0]) | Q(ended_at__gte=starts[0])
    )
    counted = relationships.aggregate(
        **_in_ranges("started", "started_at", ranges),
        **_in_ranges("ended", "ended_at", ranges, had_started),
    )
    held = Meeting.objects.filter(
        relationship__programme__in=ids,
        cancelled_at__isnull=True,
        starts_at__range=(starts[0], now),
    ).aggregate(**_in_ranges("meetings", "starts_at", ranges))
    counted |= held
    return {
        key: [(month, counted[f"{key}_{n}"]) for n, month in enumerate(months)]
        for key in ["started", "ended", "meetings"]
    }


def last_months(today, count):
    """The first day of each of the `count` months to the one holding `today`, oldest first."""
    months = [today.replace(day=1)]
    while len(months) < count:
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    return months


def _in_ranges(key, field, ranges, *also):
    """A count for each (from, to) of `ranges` of rows whose `field` falls in it, the last
    range including its end (now)."""
    last = len(ranges) - 1
    return {
        f"{key}_{n}": Count(
            "pk",
            filter=Q(**{f"{field}__gte": begin, f"{field}__{'lte' if n == last else 'lt'}": end})
            & Q(*also),
        )
        for n, (begin, end) in enumerate(ranges)
    }


# Relationships at risk


def at_risk(programmes, *, viewer):
    """The relationships of these programmes that the last check (relationships/services/
    risks.py) flagged, as `viewer` may learn of them: a coordinator in a relationship reads
    only their own concerns in it (relationships/permissions.py), so is not told that someone
    else raised one there. Read straight from the kept flags, in the order of the index,
    unless the viewer is in such a relationship."""
    flagged = flagged_relationships().filter(programme__in=[p.pk for p in programmes])
    hidden = list(_others_concerns_in_my_relationships(flagged, viewer))
    if not hidden:
        return flagged.annotate(concern_seen=F("concern"), reasons=F("reasons_at_risk"))
    return flagged.annotate(
        concern_seen=Case(When(pk__in=hidden, then=False), default=F("concern")),
        reasons=F("reasons_at_risk") - Case(When(pk__in=hidden, then=1), default=0),
    ).filter(reasons__gt=0)


def flagged_relationships():
    """The relationships the last check (relationships/services/risks.py) flagged."""
    return Relationship.objects.filter(reasons_at_risk__gt=0)


def at_risk_for_coordinators():
    """The flagged relationships of current programmes, once for each of their coordinators
    (`person`), as `at_risk()` shows them to that coordinator: not one flagged only for a
    concern someone else raised in a relationship the coordinator is in."""
    flagged = (
        flagged_relationships()
        .filter(programme__archived_at__isnull=True)
        .annotate(
            person=F("programme__coordinators"),
            person_is_active=F("programme__coordinators__is_active"),
        )
        .filter(person_is_active=True)
    )
    in_it = Member.objects.filter(relationship=OuterRef("pk"), person=OuterRef("person"))
    own = Concern.objects.filter(
        relationship=OuterRef("pk"), raised_by=OuterRef("person"), handled_at__isnull=True
    )
    return flagged.exclude(Q(concern=True, reasons_at_risk=1) & Exists(in_it) & ~Exists(own))


def _others_concerns_in_my_relationships(flagged, viewer):
    """Flagged for a concern, with the viewer in it and none of theirs open: the concern is
    someone else's."""
    own = Concern.objects.filter(handled_at__isnull=True, raised_by=viewer).values("relationship")
    return (
        flagged.filter(concern=True, members__person=viewer)
        .exclude(pk__in=own)
        .values_list("pk", flat=True)
    )


def at_risk_counts(programmes, flagged):
    """{programme id: {reason: relationships, "at_risk": relationships with any reason}}, of
    the `flagged` ones (`at_risk()`): one count per programme and combination of reasons,
    read from an index, added up here."""
    counts = {p.pk: dict.fromkeys([*REASONS, "at_risk"], 0) for p in programmes}
    fields = [SEEN.get(key, key) for key in REASONS]
    for programme, *found, n in (
        flagged.order_by().values_list("programme", *fields).annotate(n=Count("*"))
    ):
        count = counts[programme]
        for key, flag in zip(REASONS, found, strict=True):
            count[key] += n if flag else 0
        count["at_risk"] += n
    return counts


def at_risk_first(programmes, flagged, *, viewer=None, today=None):
    """The first of the `flagged` relationships (`at_risk()`), most reasons first, then the
    oldest, each with its reasons in plain words and what its coordinators did about it:
    the last check-in, how many notes and how many reasons are set aside now."""
    relationships = list(
        flagged.order_by("-reasons", "created_at", "pk")
        .annotate(**_acted_on(today or timezone.localdate()))
        .prefetch_related("members__person")[:AT_RISK_SHOWN]
    )
    programmes = {p.pk: p for p in programmes}
    for relationship in relationships:
        relationship.programme = programmes[relationship.programme_id]
        relationship.reasons_in_words = reasons_in_words(relationship)
        relationship.can_set_aside = any(getattr(relationship, k) for k in SetAside.Reason.values)
        relationship.viewer_in_it = any(
            m.person_id == getattr(viewer, "pk", None) for m in relationship.members.all()
        )
    return relationships


def _acted_on(today):
    def of(model, **where):
        return (
            model.objects.filter(relationship=OuterRef("pk"), **where)
            .order_by()
            .values("relationship")
        )

    return {
        "last_check_in": Subquery(of(CheckIn).annotate(last=Max("sent_at")).values("last")),
        "notes": Subquery(of(CoordinatorNote).annotate(n=Count("pk")).values("n")),
        "set_aside": Subquery(of(SetAside, until__gt=today).annotate(n=Count("pk")).values("n")),
    }


def reasons_in_words(relationship):
    """What the dashboard says about one relationship it has flagged: reasons, no content."""
    programme = relationship.programme
    words = {
        "no_meeting": f"No meeting held in the last {programme.cadence_weeks} weeks",
        "review_overdue": "A review is overdue and nobody has answered it",
        "actions_overdue": "Actions are past their due date",
        "agreement_unsigned": "The agreement is not signed by everyone after two weeks",
        "end_near": f"Planned end date: {relationship.planned_end_on:%-d %B %Y}"
        if relationship.planned_end_on
        else "",
        "concern": "A concern has been raised and not yet dealt with",
        "line_management": "A line-management link needs your review",
        "review_not_working": "The last review says mentoring is not working",
        "no_in_person_meeting": "A year has run out without a meeting in person",
    }
    return [words[key] for key in REASONS if getattr(relationship, SEEN.get(key, key))]
