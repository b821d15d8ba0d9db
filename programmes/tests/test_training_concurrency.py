from datetime import timedelta

from django.utils import timezone

from programmes.models import Booking, TrainingSession
from programmes.services.training import booking_make
from tests.concurrency import POSTGRESQL_ONLY, at_once
from tests.factories import StaffMemberFactory

pytestmark = POSTGRESQL_ONLY


def test_ten_people_booking_the_last_place_at_once_get_one_place_and_nine_waits():
    session = TrainingSession.objects.create(
        kind="mentor_training",
        starts_at=timezone.now() + timedelta(days=2),
        place="Room 1",
        capacity=1,
    )
    people = StaffMemberFactory.create_batch(10)
    outcomes = at_once(lambda person: booking_make(by=person.user, session=session), people)
    assert all(isinstance(outcome, Booking) for outcome in outcomes), outcomes
    statuses = sorted(Booking.objects.values_list("status", flat=True))
    assert statuses == ["booked"] + ["waiting"] * 9
