import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from programmes.models import Booking, TrainingSession
from programmes.services.training import booking_make
from tests.factories import StaffMemberFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's shared in-memory test database cannot hold two writers at once; "
        "`make test` runs this in its PostgreSQL pass.",
    ),
]


def test_ten_people_booking_the_last_place_at_once_get_one_place_and_nine_waits():
    session = TrainingSession.objects.create(
        kind="mentor_training",
        starts_at=timezone.now() + timedelta(days=2),
        place="Room 1",
        capacity=1,
    )
    people = StaffMemberFactory.create_batch(10)
    start, errors = threading.Barrier(10), []

    def book(person):
        start.wait()
        try:
            booking_make(by=person.user, session=session)
        except Exception as exc:  # any error is a failure of the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=[p]) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = sorted(Booking.objects.values_list("status", flat=True))
    assert statuses == ["booked"] + ["waiting"] * 9
