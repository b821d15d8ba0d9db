"""Demo programmes, one for each seed policy, run by the demo coordinator, with applications
in every state and training sessions."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mentoring.people.demo import (
    MILDENHALL_HUB,
    WEST_SUFFOLK_HOUSE,
    backdate,
    office_hours,
)
from mentoring.people.models import StaffMember

from .models import Application, Area, Programme, TrainingSession
from .presets import PRESETS
from .services.applications import (
    application_decide,
    application_manager_decide,
    application_request_review,
    application_submit,
    application_withdraw,
)
from .services.programmes import programme_create, programme_set_status
from .services.training import attendance_record, booking_give_place, booking_make

DEMO_PROGRAMMES = [
    (
        "West Suffolk mentoring scheme",
        "west-suffolk",
        "open",
        "Support employees to develop their skills, knowledge and confidence with the help of an "
        "experienced colleague from another service.",
    ),
    (
        "Nursery practitioner mentoring",
        "fun-foundations",
        "running",
        "Give new practitioners a more experienced colleague for guidance, in a private and "
        "voluntary relationship.",
    ),
    (
        "Peer mentoring for social care staff",
        "sssc-peer",
        "open",
        "Peer mentors support colleagues new to their role in social services.",
    ),
    (
        "Mentoring Programme",
        "cleveland-traditional",
        "open",
        "A self-service programme in which mentees choose a trained mentor for career, "
        "leadership and confidence development.",
    ),
    (
        "Reciprocal mentoring for leaders",
        "nhs-reciprocal",
        "draft",
        "Senior leaders and colleagues from under-represented groups mentor each other.",
    ),
]
HOW_TO_APPLY = (
    "Read the policy below, talk to your line manager, then apply as a mentee or a mentor from "
    "this page. The coordinator will be in touch."
)


@transaction.atomic
def demo_load(*, demo):
    coordinator = demo["logins"]["coordinator"]
    created = 0
    for name, preset, status, purpose in DEMO_PROGRAMMES:
        if Programme.objects.filter(name=name).exists():
            continue
        programme = Programme(
            name=name, purpose=purpose, how_to_apply=HOW_TO_APPLY, **PRESETS[preset]["rules"]
        )
        programme = programme_create(by=coordinator, programme=programme, preset=preset)
        if status != "draft":
            programme = programme_set_status(by=coordinator, programme=programme, status="open")
        if status == "running":
            programme_set_status(by=coordinator, programme=programme, status="running")
        created += 1
    areas = [Area.objects.get_or_create(name=name)[0] for name in AREAS]
    programme = Programme.objects.get(name="Mentoring Programme")
    applications = 0
    if not programme.applications.exists():
        applications = _demo_applications(programme, demo["logins"], areas)
    if not TrainingSession.objects.exists():
        _demo_training(programme, demo["logins"])
    return [
        f"Demo programmes: {created} new, {len(DEMO_PROGRAMMES) - created} already there.",
        f"Demo applications: {applications} new; areas of development: {len(areas)}.",
    ]


AREAS = [
    "Career progression",
    "Digital skills",
    "Equality, diversity and inclusion",
    "Leadership",
    "Managing people",
    "Project management",
    "Working with communities",
    "Wellbeing and resilience",
]
MENTEE_AIMS = "Build my confidence to lead a team and prepare for promotion within two years."
MENTOR_BIO = "Experienced manager who enjoys helping colleagues find their next step."


def _demo_applications(programme, logins, areas):
    """Applications in every state, through the same services people use."""
    coordinator = logins["coordinator"]
    staff = list(
        StaffMember.objects.filter(is_external=False, line_manager__isnull=False)
        .exclude(user__in=logins.values())
        .select_related("line_manager__user", "user")
        .order_by("pk")[:24]
    )
    people = iter(staff)

    def mentee(person, **extra):
        return application_submit(
            by=person.user,
            areas=areas[:2],
            application=Application(
                programme=programme,
                role="mentee",
                needs=["leadership", "confidence"],
                aims=MENTEE_AIMS,
                meeting_methods=["face_to_face", "video"],
                **extra,
            ),
        )

    def mentor(person):
        return application_submit(
            by=person.user,
            areas=areas[2:5],
            application=Application(
                programme=programme,
                role="mentor",
                biography=MENTOR_BIO,
                skills_experience="Led housing teams for ten years; coach new officers.",
                capacity=2,
                suitability_accepted=True,
                meeting_methods=["video"],
            ),
        )

    def supported(application):
        manager = application.manager.user
        return application_manager_decide(
            by=manager, application=application, approve=True, confirms_performance=True
        )

    jo = mentee(logins["mentee"].staff_member)  # waiting for Sam Patel, the demo manager
    chris = mentor(logins["mentor"].staff_member)
    application_decide(by=coordinator, application=supported(chris), decision="accept")
    for _ in range(3):
        application_decide(
            by=coordinator, application=supported(mentor(next(people))), decision="accept"
        )
    for _ in range(4):
        application_decide(
            by=coordinator, application=supported(mentee(next(people))), decision="accept"
        )
    for _ in range(3):
        application_decide(
            by=coordinator, application=supported(mentee(next(people))), decision="waiting_list"
        )
    for _ in range(3):
        supported(mentee(next(people)))
    for _ in range(2):
        mentee(next(people))
    declined = mentee(next(people))
    application_manager_decide(
        by=declined.manager.user,
        application=declined,
        approve=False,
        reason="Not during the service restructure, please.",
    )
    reviewed = mentee(next(people))
    application_manager_decide(
        by=reviewed.manager.user,
        application=reviewed,
        approve=False,
        reason="Workload is too high this quarter.",
    )
    application_request_review(
        by=reviewed.applicant.user,
        application=reviewed,
        note="I would like to talk about this in confidence.",
    )
    refused = supported(mentee(next(people)))
    application_decide(
        by=coordinator,
        application=refused,
        decision="decline",
        reason="We have no mentor for this area yet; please apply again in spring.",
    )
    withdrawn = mentee(next(people))
    application_withdraw(by=withdrawn.applicant.user, application=withdrawn)
    for n, application in enumerate(programme.applications.exclude(pk=jo.pk).order_by("pk")):
        application_dated(application, days=-45 + n, hour=9 + n % 4)
    application_dated(jo, days=-3, hour=11)
    return programme.applications.count()


def application_accepted(*, programme, person, role, areas, fields, coordinator) -> Application:
    """An application made, supported by the line manager where the programme asks, and
    accepted by the coordinator, through the services as people would."""
    application = application_submit(
        by=person.user,
        areas=areas,
        application=Application(programme=programme, role=role, **fields),
    )
    if application.status == Application.Status.AWAITING_MANAGER:
        application = application_manager_decide(
            by=application.manager.user,
            application=application,
            approve=True,
            confirms_performance=True,
        )
    return application_decide(by=coordinator, application=application, decision="accept")


def application_dated(application, *, days, hour):
    """Date an application's steps in the order they happen: made `days` working days ago, the
    manager's answer two working days later, the coordinator's decision two after that."""
    application.refresh_from_db()
    steps = {"created_at": office_hours(days, hour)}
    if application.suitability_accepted_at:
        steps["suitability_accepted_at"] = steps["created_at"]
    if application.manager_decided_at:
        steps["manager_decided_at"] = office_hours(days + 2, hour + 3)
    if application.withdrawn_at:
        steps["withdrawn_at"] = office_hours(days + 3, hour + 1, 30)
    if application.decided_at:
        steps["decided_at"] = office_hours(days + 4, hour + 1)
    if application.waiting_since:
        steps["waiting_since"] = steps["decided_at"]
    backdate(application, **steps)


def _demo_training(programme, logins):
    """A mentor training to come, full with a waiting list; one held last month with
    attendance recorded; a support group open to every programme."""
    coordinator = logins["coordinator"]
    trainees = StaffMember.objects.filter(
        applications__programme=programme, applications__role="mentor"
    ).select_related("user")
    soon = TrainingSession.objects.create(
        programme=programme,
        kind="mentor_training",
        capacity=2,
        starts_at=office_hours(15, 9, 30),
        place=f"Training room 2, {WEST_SUFFOLK_HOUSE}",
    )
    for person in trainees:
        booking_make(by=person.user, session=soon)
    held = TrainingSession.objects.create(
        programme=programme,
        kind="mentor_training",
        capacity=10,
        starts_at=timezone.now() + timedelta(days=1),  # booked while it was still to come
        place="Online (Teams)",
    )
    bookings = [booking_make(by=person.user, session=held) for person in trainees[:2]]
    backdate(held, starts_at=office_hours(-22, 9, 30))
    for booking in bookings:
        backdate(booking, booked_at=office_hours(-27, 14))
        attendance_record(by=coordinator, booking=booking, attended=True)
    waiting = soon.bookings.filter(status="waiting").first()
    if waiting and soon.capacity > soon.bookings.filter(status="booked").count():
        booking_give_place(by=coordinator, booking=waiting)
    TrainingSession.objects.create(
        kind="support_group",
        capacity=20,
        place=MILDENHALL_HUB,
        starts_at=office_hours(40, 14),
        notes="Every six months mentors meet to share what works and what is hard.",
    )


def training_held(programme, coordinator, people, kind, *, days, place):
    """A session held `days` working days ago that everyone booked a week before and attended
    (000 §6.1: training first)."""
    session = TrainingSession.objects.create(
        programme=programme,
        kind=kind,
        capacity=max(len(people), 12),
        starts_at=timezone.now() + timedelta(days=1),  # booked while it was still to come
        place=place,
    )
    bookings = [booking_make(by=person.user, session=session) for person in people]
    backdate(session, starts_at=office_hours(days, 9, 30))
    for booking in bookings:
        backdate(booking, booked_at=office_hours(days - 5, 11))
        attendance_record(by=coordinator, booking=booking, attended=True)
