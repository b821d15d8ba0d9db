"""Setting up matching states for tests: accepted applications, training done, relationships."""

from datetime import timedelta

from django.utils import timezone

from programmes.models import Application, Booking, Programme, TrainingSession
from programmes.services.programmes import programme_create, programme_set_status
from relationships.services.pairing import pair


def programme_for_matching(coordinator, **rules):
    """An open one-to-one programme that `coordinator` runs, with no training required unless
    the rules say so."""
    defaults = {
        "mentoring_model": "one_to_one",
        "matching_mode": "coordinator",
        "mentor_training_required": False,
        "mentee_induction_required": False,
        "mentor_capacity": 3,
    }
    programme = programme_create(
        by=coordinator.user,
        programme=Programme(name="Matching programme", purpose="Matching.", **defaults | rules),
    )
    return programme_set_status(by=coordinator.user, programme=programme, status="open")


def accepted(programme, person, role, **fields):
    """An accepted application, written directly: the application services have their own
    tests."""
    if role == "mentor":
        fields.setdefault("capacity", 1)
        fields.setdefault("biography", f"{person.full_name} has mentored before.")
    return Application.objects.create(
        programme=programme,
        applicant=person,
        role=role,
        status=Application.Status.ACCEPTED,
        decided_at=timezone.now(),
        **fields,
    )


def trained(person, kind="mentor_training"):
    session = TrainingSession.objects.create(
        kind=kind, starts_at=timezone.now() - timedelta(days=1), place="Room 1", capacity=50
    )
    Booking.objects.create(session=session, person=person, status="booked", attended=True)


def paired(mentor, mentee, created_by=None):
    return pair(
        programme=mentor.programme,
        mentor_ids=[mentor.pk],
        mentee_ids=[mentee.pk],
        created_by=created_by,
    )


def went_ahead(relationship):
    """Everyone in it says yes after the introduction (it starts unless an agreement is due)."""
    from relationships.services.pairing import introduction_answer

    for member in relationship.members.select_related("person__user"):
        introduction_answer(by=member.person.user, relationship=relationship, goes_ahead=True)
    relationship.refresh_from_db()
    return relationship
