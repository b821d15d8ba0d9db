"""The Manage level's Matching page: each programme the coordinator runs, with mentees
waiting, mentors with places and proposals to review, in the same queries whatever their number."""

import pytest
from django.urls import reverse

from relationships.models import Proposal
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

URL = reverse("relationships:matching_overview")


def test_a_coordinator_sees_each_programme_they_run_with_what_waits(client, coordinator):
    programme = programme_for_matching(coordinator)
    mentee = accepted(programme, StaffMemberFactory(), "mentee")
    accepted(programme, StaffMemberFactory(), "mentee")
    mentor = accepted(programme, StaffMemberFactory(), "mentor", capacity=2)
    Proposal.objects.create(
        programme=programme, mentee_application=mentee, mentor_application=mentor, score=70
    )
    client.force_login(coordinator.user)
    html = client.get(URL).text
    assert programme.name in html
    assert reverse("relationships:matching", args=[programme.pk]) in html
    assert "2 mentees waiting" in html
    assert "1 mentor with places" in html
    assert "1 proposal to review" in html


def test_someone_else_is_refused(client, staff_member):
    client.force_login(staff_member.user)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("count", [1, 6])
def test_it_takes_the_same_queries_whatever_the_programmes(
    client, coordinator, django_assert_num_queries, count
):
    for _ in range(count):
        programme = programme_for_matching(coordinator)
        accepted(programme, StaffMemberFactory(), "mentee")
    client.force_login(coordinator.user)
    client.get(URL)
    with django_assert_num_queries(QUERIES):
        assert client.get(URL).status_code == 200


QUERIES = 13
