from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.models import Booking, TrainingSession
from programmes.services.training import (
    attendance_record,
    booking_cancel,
    booking_give_place,
    booking_make,
    booking_prioritise,
    completed_training,
    training_session_save,
)
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
Status = Booking.Status


@pytest.fixture
def session(db):
    return TrainingSession.objects.create(
        kind="mentor_training",
        starts_at=timezone.now() + timedelta(days=3),
        place="Room 4, Ladgate Lane",
        capacity=2,
    )


def held(session):
    TrainingSession.objects.filter(pk=session.pk).update(starts_at=timezone.now())


def test_people_book_until_it_is_full_then_wait(session):
    people = StaffMemberFactory.create_batch(3)
    bookings = [booking_make(by=p.user, session=session) for p in people]
    assert [b.status for b in bookings] == [Status.BOOKED, Status.BOOKED, Status.WAITING]


def test_nobody_books_twice(session, staff_member):
    booking_make(by=staff_member.user, session=session)
    with pytest.raises(ValidationError, match="already booked"):
        booking_make(by=staff_member.user, session=session)


def test_a_session_that_has_started_takes_no_bookings(session, staff_member):
    held(session)
    with pytest.raises(ValidationError, match="already started"):
        booking_make(by=staff_member.user, session=session)


def test_the_coordinator_gives_a_place_when_one_is_free(session, coordinator):
    first, second, waiting = [
        booking_make(by=p.user, session=session) for p in StaffMemberFactory.create_batch(3)
    ]
    with pytest.raises(ValidationError, match="The session is full"):
        booking_give_place(by=coordinator.user, booking=waiting)
    booking_cancel(by=first.person.user, booking=first)
    assert booking_give_place(by=coordinator.user, booking=waiting).status == Status.BOOKED


def test_prioritised_people_come_first_on_the_waiting_list(session, coordinator):
    bookings = [
        booking_make(by=p.user, session=session) for p in StaffMemberFactory.create_batch(4)
    ]
    booking_prioritise(by=coordinator.user, booking=bookings[3])
    waiting = list(session.bookings.filter(status=Status.WAITING))
    assert waiting == [bookings[3], bookings[2]]


def test_only_waiting_places_are_prioritised(session, coordinator, staff_member):
    booking = booking_make(by=staff_member.user, session=session)
    with pytest.raises(ValidationError):
        booking_prioritise(by=coordinator.user, booking=booking)


def test_attendance_is_recorded_after_the_session_and_counts_as_training(
    session, coordinator, staff_member
):
    booking = booking_make(by=staff_member.user, session=session)
    with pytest.raises(ValidationError, match="once the session has started"):
        attendance_record(by=coordinator.user, booking=booking, attended=True)
    held(session)
    attendance_record(by=coordinator.user, booking=booking, attended=True)
    assert completed_training(staff_member) == {"mentor_training"}


def test_not_attending_is_not_training(session, coordinator, staff_member):
    booking = booking_make(by=staff_member.user, session=session)
    held(session)
    attendance_record(by=coordinator.user, booking=booking, attended=False)
    assert completed_training(staff_member) == set()


def test_only_coordinators_manage_training(session, line_manager, staff_member):
    booking = booking_make(by=staff_member.user, session=session)
    held(session)
    with pytest.raises(PermissionDenied):
        attendance_record(by=line_manager.user, booking=booking, attended=True)
    with pytest.raises(PermissionDenied):
        training_session_save(by=line_manager.user, session=session)


def test_someone_else_cannot_cancel_a_booking(session, staff_member, colleague):
    booking = booking_make(by=staff_member.user, session=session)
    with pytest.raises(PermissionDenied):
        booking_cancel(by=colleague.user, booking=booking)


def test_places_cannot_drop_below_the_people_booked(session, coordinator):
    for person in StaffMemberFactory.create_batch(2):
        booking_make(by=person.user, session=session)
    session.capacity = 1
    with pytest.raises(ValidationError):
        training_session_save(by=coordinator.user, session=session)


GOOD_SESSION = {
    "kind": "mentor_training",
    "starts_at": "2027-02-01T10:00",
    "place": "Room 4",
    "capacity": 12,
}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"place": ""}, "This field is required."),
        ({"capacity": 0}, "Ensure this value is greater than or equal to 1."),
        ({"starts_at": "next Tuesday"}, "Enter a valid date/time."),
        ({"kind": "yoga"}, "Select a valid choice."),
    ],
)
def test_bad_session_details_are_refused_next_to_the_field(client, coordinator, bad, message):
    client.force_login(coordinator.user)
    response = client.post(reverse("programmes:training_new"), GOOD_SESSION | bad)
    [field] = bad
    assert message in response.context["form"].errors[field][0]
    assert not TrainingSession.objects.exists()


def test_a_coordinator_adds_a_session(client, coordinator):
    client.force_login(coordinator.user)
    response = client.post(reverse("programmes:training_new"), GOOD_SESSION, follow=True)
    assert "Training session added." in response.text
    assert TrainingSession.objects.get().capacity == 12


def test_a_full_session_puts_the_booker_on_the_waiting_list(client, session, staff_member):
    for person in StaffMemberFactory.create_batch(2):
        booking_make(by=person.user, session=session)
    client.force_login(staff_member.user)
    response = client.post(reverse("programmes:training_book", args=[session.pk]), follow=True)
    assert "you are on the waiting list" in response.text


def test_staff_see_how_many_places_are_taken_not_who_took_them(
    client, session, staff_member, colleague
):
    booking_make(by=colleague.user, session=session)
    client.force_login(staff_member.user)
    response = client.get(reverse("programmes:training_detail", args=[session.pk]))
    assert "(1 taken)" in response.text and colleague.full_name not in response.text


@pytest.mark.parametrize("size", [2, 40])
def test_the_training_list_takes_the_same_queries_whatever_the_bookings(
    client, staff_member, django_assert_num_queries, size
):
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            kind="refresher",
            starts_at=timezone.now() + timedelta(days=n + 1),
            place="Online",
            capacity=50,
        )
        for n in range(size)
    )
    for session in sessions:
        booking_make(by=staff_member.user, session=session)
    client.force_login(staff_member.user)
    # session, user, sessions with counts, my bookings, coordinator check (2),
    # the navigation's line-manager check, session expiry (3)
    with django_assert_num_queries(11):
        client.get(reverse("programmes:training"))
