"""What a line manager's "Your team" page shows: for each person they manage now, the
applications that wait for their support and where they take part (programme, role, status
and dates), never what anyone wrote (003 §4.2: who takes part and when)."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db.models import Prefetch

from mentoring.people.models import StaffMember
from programmes.models import Application

from .models import ManagerAnswer, Member


@dataclass(frozen=True)
class Taking:
    """One place in a programme: an application, and the relationship it led to, if any."""

    programme: str
    role: str
    status: str
    applied: datetime
    started: datetime | None = None
    ended: datetime | None = None
    planned_end: date | None = None  # while it goes on: when it is planned to end


@dataclass(frozen=True)
class Report:
    person: StaffMember
    waiting: list  # applications waiting for this manager's support
    taking_part: list  # of Taking, newest first
    mentors_proposed: list = ()  # ManagerAnswers waiting for this manager's answer


def team_of(manager: StaffMember | None) -> list[Report]:
    """The manager's current direct reports with what they may know of each: four queries
    whatever the size of the team."""
    if manager is None:
        return []
    memberships = Member.objects.select_related("relationship").order_by("pk")
    applications = (
        Application.objects.known_to_line_manager()
        .select_related("programme")
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("-created_at", "-pk")
    )
    reports = (
        StaffMember.objects.filter(line_manager=manager, is_active=True)
        .order_by("last_name", "first_name", "pk")
        .prefetch_related(Prefetch("applications", queryset=applications))
    )
    asked = _mentors_proposed(manager)
    return [_report(person, manager, asked.get(person.pk, [])) for person in reports]


def _mentors_proposed(manager):
    """The proposed mentors this manager is asked about, by mentee (000 §3.2)."""
    asked = {}
    waiting = ManagerAnswer.objects.filter(manager=manager).waiting()
    for answer in waiting.select_related("mentee_application__programme"):
        asked.setdefault(answer.mentee_application.applicant_id, []).append(answer)
    return asked


def _report(person, manager, mentors_proposed):
    applications = person.applications.all()
    waiting = [
        a
        for a in applications
        if a.status == Application.Status.AWAITING_MANAGER and a.manager_id == manager.pk
    ]
    taking_part = [taking for a in applications for taking in _takings(a, manager)]
    return Report(
        person=person,
        waiting=waiting,
        taking_part=taking_part,
        mentors_proposed=mentors_proposed,
    )


def _takings(application, manager):
    places = list(application.memberships.all())
    if not places:
        return [_taking(application, _application_status(application, manager))]
    return [_place(application, member) for member in reversed(places)]


def _place(application, member):
    relationship = member.relationship
    if member.left_at:
        return _taking(application, "Left the group", relationship.started_at, member.left_at)
    status = relationship.tag.words
    taking = _taking(application, status, relationship.started_at, relationship.ended_at)
    if relationship.ended_at is None:
        return replace(taking, planned_end=relationship.planned_end_on)
    return taking


def _application_status(application, manager):
    """Said from the manager's side, as in the list of what waits for their support."""
    waiting = application.status == Application.Status.AWAITING_MANAGER
    if waiting and application.manager_id == manager.pk:
        return "Waiting for your support"
    return application.get_status_display()


def _taking(application, status, started=None, ended=None):
    return Taking(
        programme=application.programme.name,
        role=application.get_role_display(),
        status=status,
        applied=application.created_at,
        started=started,
        ended=ended,
    )
