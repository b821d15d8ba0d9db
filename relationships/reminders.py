"""What is due in relationships, for the reminder sweep (REM-1) and the home page. Each kind's
`*_waiting(now)` is everything waiting (`TO_DO`); each rule narrows it to a short window of
dates, a few queries, so a sweep costs the same whatever the number of relationships;
the occasion (the date something falls due, a version, a day) makes each told once. How much
notice, and how often to remind again, are the programme's settings. Messages say what is due
and when, never what anyone wrote."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from mentoring.notifications.services import Occasion, and_again, link_to, still_where
from mentoring.notifications.todo import COMING_UP, NO_DATE, ToDo
from mentoring.people.models import StaffMember
from mentoring.templatetags import time_of_day
from programmes.models import per_programme

from . import calendar
from .models import (
    ActionItem,
    Agreement,
    Concern,
    ManagerAnswer,
    Meeting,
    MeetingLog,
    Member,
    MentorRequest,
    Proposal,
    Relationship,
    ReviewAnswer,
    SharedSummary,
    Signature,
)
from .permissions import sessions_seen_by
from .selectors import people_at

OVERDUE_WINDOW = timedelta(days=28)  # after that, the coordinator's dashboard flags it
NOT_LOGGED_WINDOW = timedelta(days=7)
ANSWER_WINDOW = timedelta(days=30)  # then the coordinator follows up from the matching page
AGREEMENT_WINDOW = timedelta(days=14)  # after that, the coordinator's dashboard flags it
NOT_LOGGED_AFTER = timedelta(days=1)
CLOSING_WINDOW = timedelta(days=60)  # a closing checklist not filled in by then is let go
LIVE = [Relationship.Status.PROPOSED, Relationship.Status.ACTIVE]


def _day(date):
    return f"{date:%-d %B %Y}"


def _page(relationship_id):
    return link_to("relationships:detail", relationship_id)


def _each_member(records, members="relationship__members", **more):
    """These records once for each person live in their relationship and still working here,
    as `person`; `more` names other fields of the member."""
    return records.annotate(
        person=F(f"{members}__person"),
        member_is_live=F(f"{members}__is_live"),
        person_is_active=F(f"{members}__person__is_active"),
        **{name: F(f"{members}__{field}") for name, field in more.items()},
    ).filter(member_is_live=True, person_is_active=True)


def _at_the_meeting(rows, meeting=""):
    """Only the rows of people who see the meeting: a session outside a group is told to its
    mentors and its mentee alone (002)."""
    return rows.filter(sessions_seen_by(F("person"), via=meeting))


def _rows(records, *fields, about="pk", due=NO_DATE, link="relationship", **named):
    """The rows of a kind of thing to do (mentoring.notifications.todo)."""
    due = F(due) if isinstance(due, str) else due
    link = F(link) if isinstance(link, str) else link
    records = records.annotate(about=F(about), due=due, link=link)
    return records.values("person", "about", "due", "link", *fields).annotate(
        **{name: F(path) for name, path in named.items()}
    )


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
        for action, due in _open_actions(now, soon)
    ]


def actions_overdue(now):
    """The owner, the day after an open action fell due, and again as the programme sets."""
    today = timezone.localdate(now)
    late = Q(due_on__range=(today - OVERDUE_WINDOW, today - timedelta(days=1)))
    firsts = []
    for action, due, every in _open_actions(now, late, "relationship__programme__nudge_every_days"):
        occasion = _action_occasion(action, Kind.ACTION_OVERDUE, due.isoformat(), due)
        firsts.append((occasion, every, occasion.message))
    return and_again(now, firsts)


def actions_waiting(now):
    """Open actions with a due date, in active relationships, for their owner while still in
    the relationship and still working here."""
    owner_in_it = Member.objects.filter(
        relationship=OuterRef("relationship"), person=OuterRef("owner"), is_live=True
    )
    found = ActionItem.objects.filter(
        Exists(owner_in_it),
        status__in=ActionItem.OPEN,
        due_on__isnull=False,
        relationship__status=Relationship.Status.ACTIVE,
        owner__is_active=True,
    ).annotate(person=F("owner"))
    return _rows(found, "description", due="due_on")


def _open_actions(now, when, *more):
    """(action, owner, relationship, due date, *more) of open actions falling due `when`."""
    found = actions_waiting(now).filter(when)
    found = found.values_list("about", "person", "link", "due", *more)
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
    meetings = meetings_waiting(now).filter(
        starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
    )
    return [
        Occasion(
            person_id=person,
            kind=Kind.MEETING_TOMORROW,
            about=meeting,
            occasion=tomorrow.isoformat(),
            message=f"You have a mentoring meeting tomorrow at {time_of_day(starts)}.",
            link=_page(relationship),
        )
        for meeting, relationship, starts, person in _everyone_at(meetings)
    ]


def meetings_waiting(now):
    """Meetings to come in live relationships, for everyone in them."""
    meetings = Meeting.objects.filter(
        cancelled_at__isnull=True, starts_at__gte=now, relationship__status__in=LIVE
    )
    return _rows(
        _at_the_meeting(_each_member(meetings)),
        due="starts_at",
        programme_name="relationship__programme__name",
    )


def logs_to_write(now):
    """Meetings held in active relationships that nobody has logged, for everyone in them."""
    held = Meeting.objects.filter(
        cancelled_at__isnull=True,
        starts_at__lt=now,
        log__isnull=True,
        relationship__status=Relationship.Status.ACTIVE,
    )
    return _rows(_at_the_meeting(_each_member(held)), "starts_at", link="pk")


def meetings_not_logged(now):
    """Everyone in a meeting held between one and eight days ago that nobody has logged."""
    held = logs_to_write(now).filter(
        starts_at__range=(now - NOT_LOGGED_AFTER - NOT_LOGGED_WINDOW, now - NOT_LOGGED_AFTER),
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
    """(meeting, relationship, start, person) for each of these meetings (rows of one of the
    kinds above) and each person in its relationship."""
    return list(meetings.values_list("about", "relationship", "starts_at", "person"))


def logs_to_confirm(now):
    """Logs waiting to be confirmed, for the others in an active relationship."""
    waiting = MeetingLog.objects.filter(
        status=MeetingLog.Status.AWAITING,
        meeting__relationship__status=Relationship.Status.ACTIVE,
    )
    waiting = _each_member(waiting, "meeting__relationship__members").exclude(
        person=F("written_by")
    )
    waiting = _at_the_meeting(waiting, "meeting")
    return _rows(
        waiting,
        "written_by__first_name",
        "written_by__last_name",
        "meeting__starts_at",
        link="meeting",
    )


def corrections_to_answer(now):
    """Logs someone suggested a correction to, for their author while still in the active
    relationship."""
    author_in_it = Member.objects.filter(
        relationship=OuterRef("meeting__relationship"),
        person=OuterRef("written_by"),
        is_live=True,
    )
    waiting = MeetingLog.objects.filter(
        Exists(author_in_it),
        status=MeetingLog.Status.CORRECTION,
        meeting__relationship__status=Relationship.Status.ACTIVE,
    ).annotate(person=F("written_by"))
    return _rows(
        waiting,
        "answered_by__first_name",
        "answered_by__last_name",
        "meeting__starts_at",
        link="meeting",
    )


# What the periodic check keeps (relationships/services/risks.py)


def _relationships_flagged(**flag):
    """Everyone in an active relationship the periodic check flagged so."""
    flagged = Relationship.objects.filter(status=Relationship.Status.ACTIVE, **flag)
    return _rows(_each_member(flagged, "members"), link="pk", programme_name="programme__name")


def meetings_to_arrange(now):
    return _relationships_flagged(no_meeting=True)


def reviews_waiting(now):
    return _relationships_flagged(review_overdue=True)


def review_dates_of(person, start, end, now):
    """Each review from `start` to `end` of the active relationships the person is in, that
    they have not answered (Relationship.review_dates): two queries, whatever their number."""
    active = Relationship.objects.filter(
        members__person=person, members__is_live=True, status=Relationship.Status.ACTIVE
    ).select_related("programme")
    mine = ReviewAnswer.objects.filter(person=person, review__relationship__in=active)
    answered = set(mine.values_list("review__relationship", "review__due_on"))
    return [
        {"about": f"{relationship.pk}-{due:%Y%m%d}", "due": due, "link": relationship.pk}
        for relationship in active
        for due in relationship.review_dates()
        if start <= due <= end and (relationship.pk, due) not in answered
    ]


def no_meeting(now):
    """Everyone in a relationship with no meeting within the agreed cadence, and again as the
    programme sets while it lasts."""
    return _flagged(
        now,
        meetings_to_arrange(now),
        Kind.NO_MEETING,
        "You have not had a mentoring meeting for a while: arrange one from your mentoring page.",
    )


def reviews_due(now):
    return _flagged(
        now,
        reviews_waiting(now),
        Kind.REVIEW_DUE,
        "A review of your mentoring is due: answer it from your mentoring page.",
    )


def _flagged(now, waiting, kind, message):
    """Told on the day the flag is first seen, then again once the programme's interval has
    passed since they were last told of it."""
    told = Notification.objects.filter(
        kind=kind, about=OuterRef("about"), person=OuterRef("person")
    )
    people = waiting.values_list(
        "person",
        "about",
        "programme__nudge_every_days",
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
    ending = ends_waiting(now).filter(
        per_programme(
            "end_notice_days",
            lambda days: Q(planned_end_on__range=(today, today + timedelta(days=days))),
            "programme",
        )
    )
    return [
        Occasion(
            person,
            Kind.END_APPROACHING,
            relationship,
            end.isoformat(),
            f"Your mentoring relationship is planned to end on {_day(end)}.",
            _page(relationship),
        )
        for person, relationship, end in ending.values_list("person", "about", "due")
    ]


def ends_waiting(now):
    """Everyone in an active relationship with a planned end to come."""
    ending = Relationship.objects.filter(
        status=Relationship.Status.ACTIVE, planned_end_on__gte=timezone.localdate(now)
    )
    return _rows(
        _each_member(ending, "members"),
        due="planned_end_on",
        link="pk",
        programme_name="programme__name",
    )


# Agreements and requests


def agreements_waiting(now):
    """Everyone live in a live relationship who has not signed its current version."""
    newer = Agreement.objects.filter(
        relationship=OuterRef("relationship"), version__gt=OuterRef("version")
    )
    current = Agreement.objects.filter(
        relationship=OuterRef("relationship"), locked_at__isnull=True
    ).exclude(Exists(newer))
    signed = Signature.objects.filter(agreement=OuterRef("about"), person=OuterRef("person"))
    waiting = (
        Member.objects.filter(is_live=True, person__is_active=True, relationship__status__in=LIVE)
        .annotate(
            about=Subquery(current.values("pk")[:1]),
            version=Subquery(current.values("version")[:1]),
            ready_at=Subquery(current.values("created_at")[:1]),
        )
        .filter(about__isnull=False)
        .exclude(Exists(signed))
    )
    return _rows(waiting, "version", about="about", programme_name="relationship__programme__name")


def agreements_to_sign(now):
    """Everyone who has not signed the current version of their agreement, when it is ready
    and again as the programme sets, for its first two weeks."""
    waiting = agreements_waiting(now).filter(ready_at__gte=now - AGREEMENT_WINDOW)
    return and_again(
        now,
        [
            (
                Occasion(
                    person,
                    Kind.AGREEMENT_TO_SIGN,
                    pk,
                    f"version {version}",
                    "Your mentoring agreement is ready to sign.",
                    _page(relationship),
                ),
                every,
                "Your mentoring agreement is still waiting for you to sign.",
            )
            for person, pk, version, relationship, every in waiting.values_list(
                "person", "about", "version", "link", "relationship__programme__nudge_every_days"
            )
        ],
    )


def introductions_waiting(now):
    """Everyone matched who has not yet said whether to go ahead."""
    waiting = Member.objects.filter(
        relationship__status=Relationship.Status.PROPOSED,
        goes_ahead__isnull=True,
        is_live=True,
        person__is_active=True,
    )
    return _rows(waiting, about="relationship", programme_name="relationship__programme__name")


def introductions_to_answer(now):
    """Everyone matched who has not yet said whether to go ahead: told when matched (news.py)
    and again as the programme sets, for the first month."""
    waiting = (
        introductions_waiting(now)
        .filter(relationship__created_at__gte=now - ANSWER_WINDOW)
        .values_list(
            "person", "about", "programme_name", "relationship__programme__nudge_every_days"
        )
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


def requests_waiting(now):
    """Requests from mentees in the directory waiting for the mentor asked (MATCH-1)."""
    waiting = (
        MentorRequest.objects.pending(now)
        .filter(mentor_application__applicant__is_active=True)
        .annotate(person=F("mentor_application__applicant"), about=F("pk"), due=F("expires_at"))
    )
    return waiting.values("person", "about", "due").annotate(
        first_name=F("mentee_application__applicant__first_name"),
        last_name=F("mentee_application__applicant__last_name"),
    )


def mentor_choices_waiting(now):
    """Line managers asked about the mentor proposed for someone they manage (000 §3.2)."""
    waiting = (
        ManagerAnswer.objects.waiting()
        .filter(manager__is_active=True)
        .annotate(person=F("manager"), about=F("pk"), due=NO_DATE, link=F("pk"))
    )
    return waiting.values("person", "about", "due", "link").annotate(
        first_name=F("mentee_application__applicant__first_name"),
        last_name=F("mentee_application__applicant__last_name"),
    )


def requests_to_answer(now):
    """A mentor asked by a mentee in the directory (MATCH-1)."""
    waiting = requests_waiting(now).values_list("about", "person", "due")
    return [request_asked(*request) for request in waiting]


def closings_waiting(now):
    """Closing checklists not yet filled in, of relationships ended lately."""
    waiting = Member.objects.filter(
        relationship__status=Relationship.Status.ENDED,
        relationship__ended_at__gte=now - CLOSING_WINDOW,
        relationship__content_erased_at__isnull=True,
        left_at__isnull=True,
        person__is_active=True,
        learned="",
    )
    return _rows(waiting, about="relationship", programme_name="relationship__programme__name")


def summaries_to_agree(now):
    """Summaries a mentee asked to share with their line manager, for their mentor to agree."""
    asked = SharedSummary.objects.filter(
        status=SharedSummary.Status.ASKED, relationship__status__in=LIVE
    )
    asked = _each_member(asked, role="role").filter(role=Member.Role.MENTOR)
    mentee = Member.objects.filter(relationship=OuterRef("relationship"), person=OuterRef("mentee"))
    page = Subquery(mentee.values("pk")[:1])  # the summary's page is the mentee's place in it
    return _rows(asked, "mentee__first_name", "mentee__last_name", link=page)


def _for_coordinators(records, programme="programme"):
    """These records once for each coordinator of their programme, while it is current."""
    coordinators = f"{programme}__coordinators"
    return (
        records.filter(**{f"{programme}__archived_at__isnull": True})
        .annotate(person=F(coordinators), person_is_active=F(f"{coordinators}__is_active"))
        .filter(person_is_active=True)
    )


def proposals_waiting(now):
    """Proposed pairs waiting for a coordinator of their programme to approve them."""
    return _rows(
        _for_coordinators(Proposal.objects.all()),
        link="programme",
        programme_name="programme__name",
    )


def requests_to_decide(now):
    """Requests a mentor accepted that the mentee's line manager did not support, or can no
    longer answer: the coordinator decides (000 §3.2)."""
    answered = ManagerAnswer.objects.filter(
        mentee_application=OuterRef("mentee_application"),
        mentor_application=OuterRef("mentor_application"),
    ).filter(~Q(answer=ManagerAnswer.Answer.WAITING) | Q(manager__is_active=False))
    waiting = MentorRequest.objects.filter(status=MentorRequest.Status.MANAGER).filter(
        Exists(answered)
    )
    return _rows(
        _for_coordinators(waiting, "mentee_application__programme"),
        link="mentee_application__programme",
        programme_name="mentee_application__programme__name",
    )


def concerns_waiting(now):
    """Concerns not yet dealt with, for the coordinators of the programme: in a relationship a
    coordinator is in, only their own (relationships/permissions.py)."""
    open_concerns = _for_coordinators(
        Concern.objects.filter(handled_at__isnull=True), "relationship__programme"
    )
    in_it = Member.objects.filter(relationship=OuterRef("relationship"), person=OuterRef("person"))
    readable = open_concerns.exclude(Exists(in_it) & ~Q(raised_by=F("person")))
    return _rows(
        readable,
        link="relationship__programme",
        programme_name="relationship__programme__name",
    )


def request_asked(request_id, mentor_id, expires_at):
    return Occasion(
        mentor_id,
        Kind.MATCH_PROPOSED,
        request_id,
        "asked",
        f"A mentee has asked you to be their mentor; please answer by {_day(expires_at)}.",
        reverse("relationships:mine"),
    )


def meeting_invitation(meeting_id, person_id):
    """The invitation (RFC 5546) to a meeting or an update of it, as the email's calendar
    message; the meeting's people as it stands when the email goes."""
    meeting = _meeting(meeting_id)
    if meeting is None:
        return None
    method = "CANCEL" if meeting.is_cancelled else "REQUEST"
    content = calendar.meeting_invitation(meeting, people=people_at(meeting)).decode()
    return "invite.ics", content, f"text/calendar; method={method}"


def meeting_cancellation(meeting_id, person_id):
    """Its cancellation: for everyone once it is cancelled; for the person alone when the
    meeting goes on without them (they left the group)."""
    meeting = _meeting(meeting_id)
    if meeting is None:
        return None
    people = people_at(meeting)
    if not meeting.is_cancelled:
        people = StaffMember.objects.filter(pk=person_id)
    content = calendar.meeting_invitation(meeting, people=people, cancel=True).decode()
    return "invite.ics", content, "text/calendar; method=CANCEL"


def meeting_file(meeting_id, person_id):
    """The file sent with "meeting tomorrow": the same invitation (same UID and SEQUENCE, so a
    calendar that has it already changes nothing), as a file only."""
    meeting = _meeting(meeting_id)
    return meeting and (
        "meeting.ics",
        calendar.meeting_invitation(meeting, people=people_at(meeting)),
        "text/calendar",
    )


def _meeting(meeting_id):
    meetings = Meeting.objects.select_related("relationship__programme", "arranged_by")
    return meetings.filter(pk=meeting_id).first()


ATTACHMENTS = {
    Kind.MEETING_TOMORROW: meeting_file,
    Kind.MEETING_INVITED: meeting_invitation,
    Kind.MEETING_CHANGED: meeting_invitation,
    Kind.MEETING_CANCELLED: meeting_cancellation,
}
STILL_DUE = {
    Kind.ACTION_DUE: still_where(ActionItem, status__in=ActionItem.OPEN),
    Kind.ACTION_OVERDUE: still_where(ActionItem, status__in=ActionItem.OPEN),
    Kind.MEETING_TOMORROW: still_where(Meeting, cancelled_at__isnull=True),
    # An invitation or update not yet sent when its meeting is cancelled goes no more.
    Kind.MEETING_INVITED: still_where(Meeting, cancelled_at__isnull=True),
    Kind.MEETING_CHANGED: still_where(Meeting, cancelled_at__isnull=True),
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


def _name(row, person):
    return f"{row[f'{person}__first_name']} {row[f'{person}__last_name']}"


def _time(moment):
    return time_of_day(moment)


def _plural(n, one, many):
    return f"1 {one}" if n == 1 else f"{n} {many}"


TO_DO = [
    ToDo(
        "mentor request",
        requests_waiting,
        lambda row: f"Answer {row['first_name']} {row['last_name']}'s request to be their mentor",
        "relationships:mine",
        reminded_as=(Kind.MATCH_PROPOSED,),
    ),
    ToDo(
        "mentor choice",
        mentor_choices_waiting,
        lambda row: (
            f"Say what you think of the mentor proposed for {row['first_name']} {row['last_name']}"
        ),
        "relationships:mentor_choice",
        reminded_as=(Kind.MENTOR_PROPOSED,),
    ),
    ToDo(
        "introduction",
        introductions_waiting,
        lambda row: f"Say whether you would like to go ahead in {row['programme_name']}",
        "relationships:detail",
        reminded_as=(Kind.PAIRED,),
    ),
    ToDo(
        "agreement",
        agreements_waiting,
        lambda row: f"Sign your mentoring agreement in {row['programme_name']}",
        "relationships:agreement_current",
        reminded_as=(Kind.AGREEMENT_TO_SIGN,),
    ),
    ToDo(
        "log to write",
        logs_to_write,
        lambda row: (
            f"Write the log of your meeting on {_day(timezone.localdate(row['starts_at']))}"
        ),
        "relationships:log_write",
        reminded_as=(Kind.MEETING_NOT_LOGGED,),
    ),
    ToDo(
        "log to confirm",
        logs_to_confirm,
        lambda row: (
            f"Confirm {_name(row, 'written_by')}'s log of your meeting on "
            f"{_day(timezone.localdate(row['meeting__starts_at']))}"
        ),
        "relationships:log",
    ),
    ToDo(
        "correction",
        corrections_to_answer,
        lambda row: (
            f"Accept or answer the correction {_name(row, 'answered_by')} suggested to "
            f"your log of {_day(timezone.localdate(row['meeting__starts_at']))}"
        ),
        "relationships:log",
    ),
    ToDo(
        "action",
        actions_waiting,
        lambda row: f"Your action “{_shortened(row['description'])}”",
        "relationships:detail",
        due_words="due on",
        calendar="Action due",
        reminded_as=(
            Kind.ACTION_DUE,
            Kind.ACTION_OVERDUE,
        ),
    ),
    ToDo(
        "review",
        reviews_waiting,
        lambda row: f"Answer the review of your mentoring in {row['programme_name']}",
        "relationships:review",
        reminded_as=(Kind.REVIEW_DUE,),
        calendar="Mentoring review due",
        dated=review_dates_of,
    ),
    ToDo(
        "meeting to arrange",
        meetings_to_arrange,
        lambda row: f"Arrange a meeting in {row['programme_name']}: none held for a while",
        "relationships:meeting_new",
        reminded_as=(Kind.NO_MEETING,),
    ),
    ToDo(
        "closing checklist",
        closings_waiting,
        lambda row: f"Fill in your closing checklist for {row['programme_name']}",
        "relationships:detail",
    ),
    ToDo(
        "summary",
        summaries_to_agree,
        lambda row: (
            f"Agree the summary {_name(row, 'mentee')} would like to share with their line manager"
        ),
        "relationships:summary",
    ),
    ToDo(
        "proposals",
        proposals_waiting,
        lambda row: (
            f"Review {_plural(row['n'], 'proposed match', 'proposed matches')} in "
            f"{row['programme_name']}"
        ),
        "relationships:matching",
        per_programme=True,
    ),
    ToDo(
        "requests to decide",
        requests_to_decide,
        lambda row: (
            f"Decide on {_plural(row['n'], 'accepted mentor request', 'accepted mentor requests')}"
            f" in {row['programme_name']}"
        ),
        "relationships:matching",
        per_programme=True,
    ),
    ToDo(
        "concerns",
        concerns_waiting,
        lambda row: (
            f"Deal with {_plural(row['n'], 'concern', 'concerns')} raised in "
            f"{row['programme_name']}"
        ),
        "evaluations:programme_dashboard",
        per_programme=True,
    ),
    ToDo(
        "meeting",
        meetings_waiting,
        lambda row: f"Mentoring meeting in {row['programme_name']} at {_time(row['due'])}",
        "relationships:detail",
        due_words="on",
        section=COMING_UP,
        reminded_as=(Kind.MEETING_TOMORROW,),
    ),
    ToDo(
        "planned end",
        ends_waiting,
        lambda row: f"Your mentoring in {row['programme_name']} is planned to end",
        "relationships:detail",
        due_words="on",
        section=COMING_UP,
        reminded_as=(Kind.END_APPROACHING,),
    ),
]


def _shortened(text, most=80):
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
