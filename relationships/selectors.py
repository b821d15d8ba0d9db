"""Reading matching's state: who waits, who has room, what a mentee may browse."""

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from mentoring.people.permissions import is_coordinator, staff_member_of
from programmes.models import Application, Programme

from .models import Goal, Meeting, MeetingLog, Member, Relationship
from .permissions import sees_session, sessions_seen_by
from .rules import Facts

Accepted = Application.Status.ACCEPTED
FINISHED = [Relationship.Ending.COMPLETED, Relationship.Ending.ENDED_EARLY]
CHOOSING_MODES = [Programme.MatchingMode.DIRECTORY, Programme.MatchingMode.SUGGESTED]


def my_mentee_application(user, programme):
    me = staff_member_of(user)
    if me is None:
        return None
    return (
        programme.applications.filter(applicant=me, role="mentee", status=Accepted)
        .for_scoring()
        .first()
    )


def waiting_mentees(programme):
    """Accepted mentees with no proposed or active relationship, and none that ended for good
    unless they asked for another mentor: the matching queue."""
    return mentees_waiting_among(programme.applications.all())


def mentees_waiting_among(applications):
    """The matching queue's rule applied to any applications, such as several programmes'."""
    live, finished = matched_ways()
    return (
        applications.filter(role="mentee", status=Accepted)
        .exclude(live)
        .exclude(finished)
        .for_scoring()
        .order_by("decided_at", "pk")
    )


def matched_ways():
    """The ways an application is out of the matching queue: in a live relationship, or in one
    that ended for good unless they asked for another mentor."""
    live = Member.objects.filter(application=OuterRef("pk"), is_live=True)
    finished = Member.objects.filter(
        Q(relationship__ending__in=FINISHED) | Q(left_reason__in=Relationship.END_REASONS[:4]),
        application=OuterRef("pk"),
        is_live=False,
        wants_rematch=False,
    )
    return [Exists(live), Exists(finished)]


def mentors_with_room(programme):
    return (
        programme.applications.filter(
            role="mentor", status=Accepted, places_taken__lt=F("capacity")
        )
        .for_scoring()
        .order_by("pk")
    )


def directory_for(mentee_application):
    """The mentors this mentee may ask: approved, trained where required, with room, and
    allowed by every hard rule. Returns a queryset to filter further."""
    programme = mentee_application.programme
    if programme.matching_mode not in CHOOSING_MODES or programme.is_archived:
        return programme.applications.none()
    mentors = list(mentors_with_room(programme))
    facts = Facts.load(programme, [mentee_application, *mentors])
    allowed = facts.allowed_matrix([mentee_application], mentors)
    ids = [mentor.pk for mentor, ok in zip(mentors, allowed[0], strict=True) if ok]
    return programme.applications.filter(pk__in=ids)


def history_of(person):
    """Every relationship this person has been in, newest first, with the others in it."""
    return (
        Member.objects.filter(person=person)
        .select_related("relationship__programme")
        .order_by("-relationship__created_at")
    )


def needing_review(user):
    """Live relationships flagged for review in the programmes this coordinator runs."""
    me = staff_member_of(user)
    if me is None or not is_coordinator(user):
        return Relationship.objects.none()
    return (
        Relationship.objects.live()
        .exclude(review_needed="")
        .filter(programme__coordinators=me)
        .select_related("programme")
        .prefetch_related("members__person")
    )


def loose_ends(relationship, person):
    """What is still open, to mention before `person` ends it: goals not yet achieved and
    logs waiting for confirmation that they may see."""
    open_goals = Goal.objects.filter(
        plan__mentee__relationship=relationship,
        status__in=[Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS],
    )
    waiting = MeetingLog.objects.filter(
        sessions_seen_by(person, via="meeting"),
        meeting__relationship=relationship,
        status=MeetingLog.Status.AWAITING,
    )
    return {"open_goals": open_goals.count(), "logs_waiting": waiting.count()}


def next_review(relationship, person, today):
    """The next review of a relationship, the one date every page and PDF gives: the first
    `person` has not answered (for someone outside it, the first not everyone has answered)."""
    from .models import ReviewAnswer

    answers = ReviewAnswer.objects.filter(review__relationship=relationship)
    people = {m.person_id for m in relationship.members.all() if m.is_live}
    if person is not None and person.pk in people:
        people = {person.pk}
    answered = {}
    for due_on, person_id in answers.values_list("review__due_on", "person_id"):
        answered.setdefault(due_on, set()).add(person_id)
    done = {due_on for due_on, who in answered.items() if people <= who}
    return relationship.next_review_on(today, done)


def matching_overview(coordinator):
    """Each current programme `coordinator` runs, with how many mentees wait, how many mentors
    have places and how many proposals wait for review: four queries whatever their number."""
    from collections import Counter

    programmes = list(
        Programme.objects.current().filter(coordinators=coordinator).order_by("name", "pk")
    )
    applications = Application.objects.filter(programme__in=programmes)
    waiting = Counter(mentees_waiting_among(applications).values_list("programme_id", flat=True))
    room = applications.filter(role="mentor", status=Accepted, places_taken__lt=F("capacity"))
    room = Counter(room.values_list("programme_id", flat=True))
    from .models import Proposal

    proposed = Counter(
        Proposal.objects.filter(programme__in=programmes).values_list("programme_id", flat=True)
    )
    return [
        {
            "programme": p,
            "waiting": waiting[p.pk],
            "mentors": room[p.pk],
            "proposals": proposed[p.pk],
        }
        for p in programmes
    ]


def last_meeting_held(relationship, *people):
    """The relationship's latest meeting that took place (not cancelled, begun by now) that
    each of `people` sees, or None: the meeting 002 Resource 15's action plan header
    describes."""
    seen = [sessions_seen_by(person) for person in people]
    return (
        relationship.meetings.filter(
            *seen, cancelled_at__isnull=True, starts_at__lte=timezone.now()
        )
        .order_by("-starts_at", "-pk")
        .first()
    )


def mentees_for_a_session(relationship, member):
    """The mentees a group's mentor may meet on their own (002 group model), or None where
    there is no such choice: not a group or team, or not its mentor."""
    if relationship.model not in Meeting.SESSION_MODELS:
        return None
    if member is None or member.role != Member.Role.MENTOR:
        return None
    return relationship.members.filter(role=Member.Role.MENTEE, is_live=True).select_related(
        "person"
    )


def people_at(meeting):
    """The people a meeting's invitation goes to (`sees_session`): everyone live in its
    relationship, or for a session outside a group its mentors and its mentee; each still
    working here."""
    members = meeting.relationship.members.filter(is_live=True, person__is_active=True)
    members = members.select_related("person").order_by("-role", "person__last_name", "pk")
    return [member.person for member in members if sees_session(member, meeting)]
