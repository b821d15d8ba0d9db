"""What is due in relationships, for the reminder sweep (REM-1). Each rule is one or two
queries over a short window of dates, so a sweep costs the same whatever the number of
relationships; the occasion (the date something falls due, a version, a month) makes each
told once. Messages say what is due and when, never what anyone wrote."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion

from .models import ActionItem, Agreement, Meeting, Member, MentorRequest, Relationship, Signature
from .services.meetings import meeting_calendar

ACTION_NOTICE = timedelta(days=2)  # told this long before an action falls due
OVERDUE_WINDOW = timedelta(days=7)  # something overdue is told about once, within a week
END_NOTICE = timedelta(days=30)
AGREEMENT_WINDOW = timedelta(days=14)  # after that, the coordinator's dashboard flags it
NOT_LOGGED_AFTER = timedelta(days=1)
LIVE = [Relationship.Status.PROPOSED, Relationship.Status.ACTIVE]


def _day(date):
    return f"{date:%-d %B %Y}"


def _page(relationship_id):
    return reverse("relationships:detail", args=[relationship_id])


def _people_in(relationships):
    """(person, relationship) of everyone still in these relationships and still working here."""
    return Member.objects.filter(
        relationship__in=relationships, is_live=True, person__is_active=True
    ).values_list("person_id", "relationship_id")


# Actions


def actions_due(now):
    today = timezone.localdate(now)
    return [
        _action_occasion(action, Kind.ACTION_DUE, "is due on")
        for action in _open_actions(today, today + ACTION_NOTICE)
    ]


def actions_overdue(now):
    today = timezone.localdate(now)
    return [
        _action_occasion(action, Kind.ACTION_OVERDUE, "was due on")
        for action in _open_actions(today - OVERDUE_WINDOW, today - timedelta(days=1))
    ]


def _open_actions(first, last):
    """Open actions falling due between these days, in active relationships, whose owner is
    still in the relationship and still works here."""
    owner_in_it = Member.objects.filter(
        relationship=OuterRef("relationship"), person=OuterRef("owner"), is_live=True
    )
    return ActionItem.objects.filter(
        Exists(owner_in_it),
        status__in=ActionItem.OPEN,
        due_on__range=(first, last),
        relationship__status=Relationship.Status.ACTIVE,
        owner__is_active=True,
    ).only("pk", "owner_id", "relationship_id", "due_on")


def _action_occasion(action, kind, when):
    return Occasion(
        person_id=action.owner_id,
        kind=kind,
        about=action.pk,
        occasion=action.due_on.isoformat(),
        message=f"An action you own in your mentoring {when} {_day(action.due_on)}.",
        link=_page(action.relationship_id),
    )


# Meetings


def meetings_tomorrow(now):
    """Everyone in a meeting that starts tomorrow, with the calendar file attached."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    meetings = Meeting.objects.filter(
        cancelled_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=1),
        relationship__status__in=LIVE,
    )
    found = {r: (pk, s) for r, pk, s in meetings.values_list("relationship_id", "pk", "starts_at")}
    return [
        Occasion(
            person_id=person,
            kind=Kind.MEETING_TOMORROW,
            about=found[relationship][0],
            occasion=tomorrow.isoformat(),
            message="You have a mentoring meeting tomorrow at "
            f"{timezone.localtime(found[relationship][1]):%H:%M}.",
            link=_page(relationship),
        )
        for person, relationship in _people_in(meetings.values("relationship"))
    ]


def meetings_not_logged(now):
    """Everyone in a meeting held between one and eight days ago that nobody has logged."""
    held = Meeting.objects.filter(
        cancelled_at__isnull=True,
        starts_at__range=(now - NOT_LOGGED_AFTER - OVERDUE_WINDOW, now - NOT_LOGGED_AFTER),
        log__isnull=True,
        relationship__status=Relationship.Status.ACTIVE,
    )
    found = {r: (pk, s) for r, pk, s in held.values_list("relationship_id", "pk", "starts_at")}
    return [
        Occasion(
            person_id=person,
            kind=Kind.MEETING_NOT_LOGGED,
            about=found[relationship][0],
            occasion="held",
            message="Your mentoring meeting on "
            f"{_day(timezone.localdate(found[relationship][1]))} has not been logged yet.",
            link=_page(relationship),
        )
        for person, relationship in _people_in(held.values("relationship"))
    ]


# What the periodic check keeps (relationships/services/risks.py)


def no_meeting(now):
    """Told at most once a month while no meeting is held within the agreed cadence."""
    return _flagged(
        now,
        Relationship.objects.filter(status="active", no_meeting=True),
        Kind.NO_MEETING,
        "You have not had a mentoring meeting for a while: arrange one from your mentoring page.",
    )


def reviews_due(now):
    return _flagged(
        now,
        Relationship.objects.filter(status="active", review_overdue=True),
        Kind.REVIEW_DUE,
        "A review of your mentoring is due: answer it from your mentoring page.",
    )


def _flagged(now, relationships, kind, message):
    month = f"{timezone.localdate(now):%Y-%m}"
    return [
        Occasion(person, kind, relationship, month, message, _page(relationship))
        for person, relationship in _people_in(relationships.values("pk"))
    ]


def ends_approaching(now):
    today = timezone.localdate(now)
    ending = Relationship.objects.filter(
        status="active", planned_end_on__range=(today, today + END_NOTICE)
    )
    dates = dict(ending.values_list("pk", "planned_end_on"))
    return [
        Occasion(
            person,
            Kind.END_APPROACHING,
            relationship,
            dates[relationship].isoformat(),
            f"Your mentoring relationship is planned to end on {_day(dates[relationship])}.",
            _page(relationship),
        )
        for person, relationship in _people_in(ending.values("pk"))
    ]


# Agreements and requests


def agreements_to_sign(now):
    """Everyone who has not signed the current version of their agreement, while it is new."""
    newer = Agreement.objects.filter(
        relationship=OuterRef("relationship"), version__gt=OuterRef("version")
    )
    current = Agreement.objects.filter(
        locked_at__isnull=True,
        created_at__gte=now - AGREEMENT_WINDOW,
        relationship__status__in=LIVE,
    ).exclude(Exists(newer))
    versions = {r: (pk, v) for pk, r, v in current.values_list("pk", "relationship_id", "version")}
    signed = Signature.objects.filter(
        agreement__in=current.values("pk"), person=OuterRef("person")
    ).filter(agreement__relationship=OuterRef("relationship"))
    unsigned = _people_in(current.values("relationship")).exclude(Exists(signed))
    return [
        Occasion(
            person,
            Kind.AGREEMENT_TO_SIGN,
            versions[relationship][0],
            f"version {versions[relationship][1]}",
            "Your mentoring agreement is ready to sign.",
            _page(relationship),
        )
        for person, relationship in unsigned
    ]


def requests_to_answer(now):
    """A mentor asked by a mentee in the directory (MATCH-1)."""
    waiting = MentorRequest.objects.pending(now).filter(
        mentor_application__applicant__is_active=True
    )
    return [
        Occasion(
            mentor,
            Kind.MATCH_PROPOSED,
            pk,
            "asked",
            f"A mentee has asked you to be their mentor; please answer by {_day(expires)}.",
            reverse("relationships:mine"),
        )
        for pk, mentor, expires in waiting.values_list(
            "pk", "mentor_application__applicant_id", "expires_at"
        )
    ]


def meeting_invitation(meeting_id):
    """The calendar file sent with "meeting tomorrow"."""
    meeting = Meeting.objects.select_related("relationship__programme").filter(pk=meeting_id)
    meeting = meeting.first()
    return meeting and ("meeting.ics", meeting_calendar(meeting), "text/calendar")


ATTACHMENTS = {Kind.MEETING_TOMORROW: meeting_invitation}
RULES = [
    actions_due,
    actions_overdue,
    meetings_tomorrow,
    meetings_not_logged,
    no_meeting,
    reviews_due,
    ends_approaching,
    agreements_to_sign,
    requests_to_answer,
]
