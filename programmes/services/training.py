"""Training sessions, bookings, the waiting list and attendance (TRN-1)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.notifications.services import notifications_send
from mentoring.people.permissions import is_coordinator, staff_member_of

from ..models import Application, Booking, TrainingSession
from ..permissions import can_manage_programme
from ..reminders import training_invited

Status = Booking.Status


def can_manage_training(user, session):
    if session.programme_id is None:
        return is_coordinator(user)
    return can_manage_programme(user, session.programme)


@transaction.atomic
def training_session_save(*, by, session):
    """A coordinator adds or changes a session. One aimed at a group invites the people in it
    when it is added, each once; people who join the group later can book, but are not
    emailed (003 §5.2)."""
    if not can_manage_training(by, session):
        raise PermissionDenied("Only coordinators arrange training.")
    adding = session.pk is None
    if not adding:
        booked = session.bookings.filter(status=Status.BOOKED).count()
        if session.capacity < booked:
            raise ValidationError({"capacity": f"{booked} people already have places."})
    session.full_clean()
    session.save()
    if adding and session.starts_at > timezone.now():
        people = session_invitees(session)
        notifications_send(occasions=[training_invited(session, pk) for pk in people])
    return session


GROUP_ROLES = {
    TrainingSession.Invite.MENTORS: ["mentor"],
    TrainingSession.Invite.MENTEES: ["mentee"],
    TrainingSession.Invite.EVERYONE: ["mentor", "mentee"],
}


def session_invitees(session) -> list[int]:
    """The active people with an accepted application in the role(s) the session is aimed at,
    in its programme, or in any current programme for a session open to all: one query."""
    if not session.invite:
        return []
    accepted = Application.objects.filter(
        status=Application.Status.ACCEPTED,
        role__in=GROUP_ROLES[session.invite],
        applicant__is_active=True,
        programme__archived_at__isnull=True,
    )
    if session.programme_id:
        accepted = accepted.filter(programme=session.programme_id)
    return sorted(set(accepted.values_list("applicant", flat=True)))


@transaction.atomic
def booking_make(*, by, session):
    """Book a place, or join the waiting list when the session is full."""
    person = staff_member_of(by)
    if person is None or not person.is_active:
        raise PermissionDenied("Only people with an active staff record can book.")
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_at <= timezone.now():
        raise ValidationError("This session has already started.")
    if not TrainingSession.objects.visible_to(by).filter(pk=session.pk).exists():
        raise ValidationError("This session is not open for booking.")
    booked = session.bookings.filter(status=Status.BOOKED).count()
    # A freed place is the coordinator's to give to the waiting list first (003 §4.1).
    full = booked >= session.capacity or session.bookings.filter(status=Status.WAITING).exists()
    booking = Booking(
        session=session, person=person, status=Status.WAITING if full else Status.BOOKED
    )
    booking.full_clean()
    booking.save()
    return booking


@transaction.atomic
def booking_cancel(*, by, booking):
    """The person gives up their place or leaves the waiting list; the place is then the
    coordinator's to give."""
    booking = _locked(booking)
    if booking.person != staff_member_of(by):
        raise PermissionDenied("Only the person booked can cancel.")
    if booking.status == Status.CANCELLED or booking.attended is not None:
        raise ValidationError("This booking can no longer be cancelled.")
    booking.status = Status.CANCELLED
    booking.save(update_fields=["status"])
    return booking


@transaction.atomic
def booking_give_place(*, by, booking):
    """The coordinator gives a waiting person a place, if one is free."""
    booking = _locked(booking)
    session = TrainingSession.objects.select_for_update().get(pk=booking.session_id)
    _check_manager(by, session)
    if booking.status != Status.WAITING:
        raise ValidationError("Only someone on the waiting list can be given a place.")
    if session.bookings.filter(status=Status.BOOKED).count() >= session.capacity:
        raise ValidationError("The session is full: add places or wait for a cancellation.")
    booking.status, booking.place_given_at = Status.BOOKED, timezone.now()
    booking.save(update_fields=["status", "place_given_at"])
    return booking


@transaction.atomic
def booking_prioritise(*, by, booking, prioritised=True):
    booking = _locked(booking)
    _check_manager(by, booking.session)
    if booking.status != Status.WAITING:
        raise ValidationError("Only places on the waiting list can be prioritised.")
    booking.prioritised = prioritised
    booking.save(update_fields=["prioritised"])
    return booking


@transaction.atomic
def attendance_record(*, by, booking, attended):
    booking = _locked(booking)
    _check_manager(by, booking.session)
    if booking.status != Status.BOOKED:
        raise ValidationError("Attendance is recorded only for people with a place.")
    if booking.session.starts_at > timezone.now():
        raise ValidationError("Attendance can be recorded once the session has started.")
    booking.attended = attended
    booking.save(update_fields=["attended"])
    return booking


def completed_training(person):
    """The kinds of training this person has attended: what gates matching."""
    return set(
        Booking.objects.filter(person=person, attended=True).values_list("session__kind", flat=True)
    )


def training_status(application):
    """For the coordinator deciding: does the programme require training of this role, which
    kinds count, and has the applicant done one? Matching refuses untrained people where it is
    required."""
    programme, role = application.programme, application.role
    counts = programme.training_that_counts(role)
    return {
        "required": programme.training_required(role),
        "done": bool(completed_training(application.applicant) & set(counts)),
        "counts": programme.training_that_counts_words(role),
    }


def _locked(booking):
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("session__programme", "person")
        .get(pk=booking.pk)
    )


def _check_manager(user, session):
    if not can_manage_training(user, session):
        raise PermissionDenied("Only the coordinators running this training can do this.")


def people_trained(person_ids, kinds):
    """Which of these people have attended a session of one of these kinds, in one query."""
    return set(
        Booking.objects.filter(
            person__in=person_ids, attended=True, session__kind__in=kinds
        ).values_list("person_id", flat=True)
    )
