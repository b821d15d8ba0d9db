import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from relationships.models import MentorRequest, Relationship
from relationships.services.requests import request_answer, request_send
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's shared in-memory test database cannot hold two writers at once; "
        "`make test` runs this in its PostgreSQL pass.",
    ),
]


def test_ten_acceptances_at_once_for_one_place_make_one_pairing_and_nine_refusals(coordinator):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    mentor = accepted(programme, StaffMemberFactory(), "mentor", capacity=1)
    mentees = [accepted(programme, StaffMemberFactory(), "mentee") for _ in range(10)]
    requests = [request_send(by=m.applicant.user, mentor_application=mentor) for m in mentees]
    start, refusals, errors = threading.Barrier(10), [], []

    def accept(request):
        start.wait()
        try:
            request_answer(by=mentor.applicant.user, mentor_request=request, accept=True)
        except ValidationError as refusal:
            refusals.append(" ".join(refusal.messages))
        except Exception as exc:  # any other error fails the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=[r]) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Relationship.objects.count() == 1
    assert len(refusals) == 9
    assert all("no longer waiting" in r or "no places left" in r for r in refusals), refusals
    mentor.refresh_from_db()
    assert (mentor.places_taken, mentor.capacity) == (1, 1)
    statuses = sorted(MentorRequest.objects.values_list("status", flat=True))
    assert statuses == ["accepted"] + ["declined"] * 9
