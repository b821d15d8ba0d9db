"""Building, for the home page's tests, n of each kind of thing that waits for someone."""

from datetime import timedelta

from django.utils import timezone

from evaluations.models import Questionnaire, Response
from programmes.models import Application, Booking, Policy, TrainingSession
from relationships.models import (
    ActionItem,
    Concern,
    Meeting,
    MeetingLog,
    MentorRequest,
    Proposal,
    Relationship,
    SharedSummary,
)
from relationships.services.agreements import agreement_prefill, agreement_save
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

DAY = timedelta(days=1)


def things_waiting(n, *, mentor, mentee, manager, coordinator):
    """n programmes, each giving each of these people one of each kind of thing to do."""
    return [_one_of_each(mentor, mentee, manager, coordinator) for _ in range(n)]


def _one_of_each(mentor, mentee, manager, coordinator):
    programme = programme_for_matching(coordinator, agreement_required=False)
    mentoring = accepted(programme, mentor, "mentor", capacity=5)
    active = went_ahead(paired(mentoring, accepted(programme, mentee, "mentee")))
    agreement_save(
        by=mentor.user,
        relationship=active,
        data=agreement_prefill(active) | {"aims": ["Lead", "Listen", "Plan"]},
    )
    _meetings_and_logs(active, mentor, mentee)
    ActionItem.objects.create(
        relationship=active, description="Read the guide", owner=mentee, due_on=_today() + DAY
    )
    form = Questionnaire.objects.create(programme=programme, title="End of mentoring", use="end")
    Response.objects.create(
        questionnaire=form, person=mentor, role="mentor", relationship=active, due_on=_today()
    )
    SharedSummary.objects.create(
        relationship=active, mentee=mentee, text="Going well", status="asked"
    )
    Concern.objects.create(relationship=active, raised_by=mentee, text="Worried")
    Relationship.objects.filter(pk=active.pk).update(
        no_meeting=True, review_overdue=True, reasons_at_risk=2
    )
    _applications_and_requests(programme, mentoring, manager)
    Policy.objects.update_or_create(
        programme=programme, defaults={"title": "Our policy", "next_review_on": _today()}
    )
    session = TrainingSession.objects.create(
        kind="mentee_induction", starts_at=timezone.now() + 3 * DAY, place="Room 1", capacity=9
    )
    Booking.objects.create(session=session, person=mentee, status="booked")
    return active


def _meetings_and_logs(active, mentor, mentee):
    def meeting(days):
        return Meeting.objects.create(
            relationship=active,
            starts_at=timezone.now() + days * DAY,
            minutes=60,
            method="video",
            arranged_by=mentor,
        )

    meeting(-2)  # held, not logged
    meeting(3)  # to come
    MeetingLog.objects.create(meeting=meeting(-10), **_log(mentee))  # for the mentor to confirm
    MeetingLog.objects.create(  # a correction for the mentee to answer
        meeting=meeting(-20),
        **_log(mentee),
        status="correction",
        correction="We met on Tuesday",
        answered_by=mentor,
        answered_at=timezone.now(),
    )


def _log(author):
    return {"minutes": 60, "achieved": "Much", "topics": "Delegating", "written_by": author}


def _applications_and_requests(programme, mentoring, manager):
    chooser = accepted(programme, StaffMemberFactory(), "mentee")
    MentorRequest.objects.create(
        mentee_application=chooser,
        mentor_application=mentoring,
        expires_at=timezone.now() + 7 * DAY,
    )
    paired(mentoring, accepted(programme, StaffMemberFactory(), "mentee"))  # to introduce
    Proposal.objects.create(
        programme=programme,
        mentee_application=accepted(programme, StaffMemberFactory(), "mentee"),
        mentor_application=mentoring,
        score=60,
    )
    Application.objects.create(
        programme=programme,
        applicant=StaffMemberFactory(),
        role="mentee",
        status=Application.Status.WITH_COORDINATOR,
    )
    Application.objects.create(
        programme=programme,
        applicant=StaffMemberFactory(line_manager=manager),
        role="mentee",
        status=Application.Status.AWAITING_MANAGER,
        manager=manager,
    )


def _today():
    return timezone.localdate()
