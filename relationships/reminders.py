"""What is due in relationships, for the reminder sweep (REM-1). Each rule is a few queries
over a short window of dates, so a sweep costs the same whatever the number of relationships;
the occasion (the date something falls due, a version, a day) makes each told once. How much
notice, and how often to remind again, are the programme's settings. Messages say what is due
and when, never what anyone wrote."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from mentoring.notifications.services import Occasion, and_again, link_to, still_where
from programmes.models import per_programme

from .models import (
    ActionItem,
    Agreement,
    Meeting,
    Member,
    MentorRequest,
    Relationship,
    SharedSummary,
    Signature,
)
from .services.meetings import meeting_calendar

OVERDUE_WINDOW = timedelta(days=28)  # after that, the coordinator's dashboard flags it
NOT_LOGGED_WINDOW = timedelta(days=7)
ANSWER_WINDOW = timedelta(days=30)  # then the coordinator follows up from the matching page
AGREEMENT_WINDOW = timedelta(days=14)  # after that, the coordinator's dashboard flags it
NOT_LOGGED_AFTER = timedelta(days=1)
LIVE = [Relationship.Status.PROPOSED, Relationship.Status.ACTIVE]


def _day(date):
    return f"{date:%-d %B %Y}"


def _page(relationship_id):
    return link_to("relationships:detail", relationship_id)


def _people_in(relationships):
    """(person, relationship) of everyone still in these relationships and still working here."""
    return Member.objects.filter(
        relationship__in=relationships, is_live=True, person__is_active=True
    ).values_list("person_id", "relationship_id")


# Actions


def actions_due(now):
    """The owner, the programme's days of notice before an open action falls due."""
    today = timezone.localdate(now)
    soon = per_programme(
        "notice_days",
        lambda days: Q(due_on__range=(today, today + timedelta(days=days))),
        "relationship__programme",
    )
    return [
        _action_occasion(action, Kind.ACTION_DUE, due.isoformat(), due)
        for action, due in _open_actions(soon)
    ]


def actions_overdue(now):
    """The owner, the day after an open action fell due, and again as the programme sets."""
    today = timezone.localdate(now)
    late = Q(due_on__range=(today - OVERDUE_WINDOW, today - timedelta(days=1)))
    firsts = []
    for action, due, every in _open_actions(late, "relationship__programme__nudge_every_days"):
        occasion = _action_occasion(action, Kind.ACTION_OVERDUE, due.isoformat(), due)
        firsts.append((occasion, every, occasion.message))
    return and_again(now, firsts)


def _open_actions(when, *more):
    """(action, owner, relationship, due date, *more) of open actions falling due `when`, in
    active relationships, whose owner is still in the relationship and still works here."""
    owner_in_it = Member.objects.filter(
        relationship=OuterRef("relationship"), person=OuterRef("owner"), is_live=True
    )
    found = ActionItem.objects.filter(
        when,
        Exists(owner_in_it),
        status__in=ActionItem.OPEN,
        relationship__status=Relationship.Status.ACTIVE,
        owner__is_active=True,
    ).values_list("pk", "owner_id", "relationship_id", "due_on", *more)
    return [((pk, owner, relationship), *rest) for pk, owner, relationship, *rest in found]


def _action_occasion(action, kind, occasion, due):
    pk, owner, relationship = action
    when = "is due on" if kind == Kind.ACTION_DUE else "was due on"
    return Occasion(
        person_id=owner,
        kind=kind,
        about=pk,
        occasion=occasion,
        message=f"An action you own in your mentoring {when} {_day(due)}.",
        link=_page(relationship),
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
    return [
        Occasion(
            person_id=person,
            kind=Kind.MEETING_TOMORROW,
            about=meeting,
            occasion=tomorrow.isoformat(),
            message=f"You have a mentoring meeting tomorrow at {timezone.localtime(starts):%H:%M}.",
            link=_page(relationship),
        )
        for meeting, relationship, starts, person in _everyone_at(meetings)
    ]


def meetings_not_logged(now):
    """Everyone in a meeting held between one and eight days ago that nobody has logged."""
    held = Meeting.objects.filter(
        cancelled_at__isnull=True,
        starts_at__range=(now - NOT_LOGGED_AFTER - NOT_LOGGED_WINDOW, now - NOT_LOGGED_AFTER),
        log__isnull=True,
        relationship__status=Relationship.Status.ACTIVE,
    )
    return [
        Occasion(
            person_id=person,
            kind=Kind.MEETING_NOT_LOGGED,
            about=meeting,
            occasion="held",
            message=f"Your mentoring meeting on {_day(timezone.localdate(starts))} has not "
            "been logged yet.",
            link=_page(relationship),
        )
        for meeting, relationship, starts, person in _everyone_at(held)
    ]


def _everyone_at(meetings):
    """(meeting, relationship, start, person) for each of these meetings and each person in
    its relationship: two queries."""
    people = defaultdict(list)
    for person, relationship in _people_in(meetings.values("relationship")):
        people[relationship].append(person)
    return [
        (meeting, relationship, starts, person)
        for meeting, relationship, starts in meetings.values_list("pk", "relationship", "starts_at")
        for person in people[relationship]
    ]


# What the periodic check keeps (relationships/services/risks.py)


def no_meeting(now):
    """Everyone in a relationship with no meeting within the agreed cadence, and again as the
    programme sets while it lasts."""
    return _flagged(
        now,
        Relationship.objects.filter(status=Relationship.Status.ACTIVE, no_meeting=True),
        Kind.NO_MEETING,
        "You have not had a mentoring meeting for a while: arrange one from your mentoring page.",
    )


def reviews_due(now):
    return _flagged(
        now,
        Relationship.objects.filter(status=Relationship.Status.ACTIVE, review_overdue=True),
        Kind.REVIEW_DUE,
        "A review of your mentoring is due: answer it from your mentoring page.",
    )


def _flagged(now, relationships, kind, message):
    """Told on the day the flag is first seen, then again once the programme's interval has
    passed since they were last told of it."""
    told = Notification.objects.filter(
        kind=kind, about=OuterRef("relationship"), person=OuterRef("person")
    )
    people = _people_in(relationships.values("pk")).values_list(
        "person_id",
        "relationship_id",
        "relationship__programme__nudge_every_days",
        Subquery(told.values("person").annotate(last=Max("created_at")).values("last")),
    )
    today = timezone.localdate(now).isoformat()
    return [
        Occasion(person, kind, relationship, today, message, _page(relationship))
        for person, relationship, every, last in people
        if last is None or now - last >= timedelta(days=every)
    ]


def ends_approaching(now):
    """Everyone in the relationship, the programme's days of notice before its planned end."""
    today = timezone.localdate(now)
    ending = Relationship.objects.filter(
        per_programme(
            "end_notice_days",
            lambda days: Q(planned_end_on__range=(today, today + timedelta(days=days))),
            "programme",
        ),
        status=Relationship.Status.ACTIVE,
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
    """Everyone who has not signed the current version of their agreement, when it is ready
    and again as the programme sets, for its first two weeks."""
    newer = Agreement.objects.filter(
        relationship=OuterRef("relationship"), version__gt=OuterRef("version")
    )
    current = Agreement.objects.filter(
        locked_at__isnull=True,
        created_at__gte=now - AGREEMENT_WINDOW,
        relationship__status__in=LIVE,
    ).exclude(Exists(newer))
    versions = {
        relationship: rest
        for relationship, *rest in current.values_list(
            "relationship_id",
            "pk",
            "version",
            "relationship__programme__nudge_every_days",
        )
    }
    signed = set(
        Signature.objects.filter(agreement__in=current.values("pk")).values_list(
            "agreement", "person"
        )
    )
    firsts = []
    for person, relationship in _people_in(current.values("relationship")):
        pk, version, every = versions[relationship]
        if (pk, person) in signed:
            continue
        first = Occasion(
            person,
            Kind.AGREEMENT_TO_SIGN,
            pk,
            f"version {version}",
            "Your mentoring agreement is ready to sign.",
            _page(relationship),
        )
        firsts.append((first, every, "Your mentoring agreement is still waiting for you to sign."))
    return and_again(now, firsts)


def introductions_to_answer(now):
    """Everyone matched who has not yet said whether to go ahead: told when matched (news.py)
    and again as the programme sets, for the first month."""
    waiting = Member.objects.filter(
        relationship__status=Relationship.Status.PROPOSED,
        relationship__created_at__gte=now - ANSWER_WINDOW,
        goes_ahead__isnull=True,
        is_live=True,
        person__is_active=True,
    ).values_list(
        "person_id",
        "relationship_id",
        "relationship__programme__name",
        "relationship__programme__nudge_every_days",
    )
    return and_again(
        now,
        [
            (
                Occasion(
                    person,
                    Kind.PAIRED,
                    relationship,
                    "paired",
                    f"You have been matched in {programme}: arrange an introductory meeting, "
                    "then say in the portal whether you would like to go ahead.",
                    _page(relationship),
                ),
                every,
                "You have been matched: once you have met, please say in the portal whether "
                "you would like to go ahead.",
            )
            for person, relationship, programme, every in waiting
        ],
    )


def requests_to_answer(now):
    """A mentor asked by a mentee in the directory (MATCH-1)."""
    waiting = MentorRequest.objects.pending(now).filter(
        mentor_application__applicant__is_active=True
    )
    return [
        request_asked(*request)
        for request in waiting.values_list("pk", "mentor_application__applicant_id", "expires_at")
    ]


def request_asked(request_id, mentor_id, expires_at):
    return Occasion(
        mentor_id,
        Kind.MATCH_PROPOSED,
        request_id,
        "asked",
        f"A mentee has asked you to be their mentor; please answer by {_day(expires_at)}.",
        reverse("relationships:mine"),
    )


def meeting_invitation(meeting_id):
    """The calendar file sent with "meeting tomorrow"."""
    meeting = Meeting.objects.select_related("relationship__programme").filter(pk=meeting_id)
    meeting = meeting.first()
    return meeting and ("meeting.ics", meeting_calendar(meeting), "text/calendar")


ATTACHMENTS = {Kind.MEETING_TOMORROW: meeting_invitation}
STILL_DUE = {
    Kind.ACTION_DUE: still_where(ActionItem, status__in=ActionItem.OPEN),
    Kind.ACTION_OVERDUE: still_where(ActionItem, status__in=ActionItem.OPEN),
    Kind.MEETING_TOMORROW: still_where(Meeting, cancelled_at__isnull=True),
    Kind.AGREEMENT_TO_SIGN: still_where(Agreement, locked_at__isnull=True),
    Kind.MATCH_PROPOSED: still_where(MentorRequest, status=MentorRequest.Status.PENDING),
    Kind.SUMMARY_SHARED: still_where(SharedSummary, status=SharedSummary.Status.SHARED),
}
RULES = [
    actions_due,
    actions_overdue,
    meetings_tomorrow,
    meetings_not_logged,
    no_meeting,
    reviews_due,
    ends_approaching,
    agreements_to_sign,
    introductions_to_answer,
    requests_to_answer,
]
