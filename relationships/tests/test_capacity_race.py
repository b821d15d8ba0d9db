from django.core.exceptions import ValidationError

from relationships.models import MentorRequest, Relationship
from relationships.services.requests import request_answer, request_send
from tests.concurrency import POSTGRESQL_ONLY, at_once
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

pytestmark = POSTGRESQL_ONLY


def test_ten_acceptances_at_once_for_one_place_make_one_pairing_and_nine_refusals(coordinator):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    mentor = accepted(programme, StaffMemberFactory(), "mentor", capacity=1)
    mentees = [accepted(programme, StaffMemberFactory(), "mentee") for _ in range(10)]
    requests = [request_send(by=m.applicant.user, mentor_application=mentor) for m in mentees]
    outcomes = at_once(
        lambda request: request_answer(
            by=mentor.applicant.user, mentor_request=request, accept=True
        ),
        requests,
    )
    refusals = [" ".join(o.messages) for o in outcomes if isinstance(o, ValidationError)]
    accepted_ones = [o for o in outcomes if isinstance(o, MentorRequest)]
    assert len(refusals) + len(accepted_ones) == 10, outcomes  # no other error
    assert Relationship.objects.count() == 1
    assert len(refusals) == 9
    assert all("no longer waiting" in r or "no places left" in r for r in refusals), refusals
    mentor.refresh_from_db()
    assert (mentor.places_taken, mentor.capacity) == (1, 1)
    statuses = sorted(MentorRequest.objects.values_list("status", flat=True))
    assert statuses == ["accepted"] + ["declined"] * 9
