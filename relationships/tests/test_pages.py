"""The matching pages: what each shows, and a number of queries that does not grow with the
number of mentors, mentees or proposals."""

from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.people.models import StaffMember
from programmes.models import Application, Area
from relationships.models import MentorRequest, Proposal
from relationships.services.pairing import end
from tests.matching import paired

NUMBERS = count()


def many(programme, role, size, **fields):
    people = StaffMember.objects.bulk_create(
        StaffMember(first_name="P", last_name=str(n), work_email=f"p{next(NUMBERS)}@example.org")
        for n in range(size)
    )
    applications = Application.objects.bulk_create(
        Application(programme=programme, applicant=p, role=role, status="accepted", **fields)
        for p in people
    )
    area = Area.objects.get_or_create(name="Leadership")[0]
    field = Application.areas_offered if role == "mentor" else Application.areas_wanted
    field.through.objects.bulk_create(
        field.through(application_id=a.pk, area_id=area.pk) for a in applications
    )
    return applications


@pytest.mark.parametrize("size", [3, 60])
def test_the_directory_takes_the_same_queries_whatever_the_number(
    client, chooser, mentee, django_assert_num_queries, size
):
    many(chooser, "mentor", size, capacity=1, biography="Happy to help.", meeting_methods=["video"])
    client.force_login(mentee.applicant.user)
    url = reverse("relationships:directory", args=[chooser.pk])
    filters = {"area": Area.objects.get().pk, "method": "video"}
    with django_assert_num_queries(QUERIES["directory"]):
        response = client.get(url, filters)
    assert response.context["page"].paginator.count == size
    assert "Places left" in response.text


@pytest.mark.parametrize("size", [3, 60])
def test_the_matching_page_takes_the_same_queries_whatever_the_number(
    client, coordinator, programme, django_assert_num_queries, size
):
    mentors = many(programme, "mentor", size, capacity=1)
    mentees = many(programme, "mentee", size)
    Proposal.objects.bulk_create(
        Proposal(programme=programme, mentee_application=a, mentor_application=b, score=70)
        for a, b in zip(mentees, mentors, strict=True)
    )
    for mentor, mentee in zip(mentors[:2], many(programme, "mentee", 2, needs=[]), strict=True):
        paired(mentor, mentee)
    client.force_login(coordinator.user)
    url = reverse("relationships:matching", args=[programme.pk])
    with django_assert_num_queries(QUERIES["matching"]):
        response = client.get(url)
    assert response.context["page"].paginator.count == size
    assert "Both chose leadership" in response.text


@pytest.mark.parametrize("size", [1, 8])
def test_my_mentoring_takes_the_same_queries_whatever_the_number(
    client, chooser, mentee, django_assert_num_queries, size
):
    for mentor in many(chooser, "mentor", size, capacity=1):
        end(relationship=paired(mentor, mentee), ending="rematch", reason="time")
    for mentor in Application.objects.filter(role="mentor")[:3]:
        MentorRequest.objects.create(
            mentee_application=mentee, mentor_application=mentor, expires_at=timezone.now()
        )
    client.force_login(mentee.applicant.user)
    with django_assert_num_queries(QUERIES["mine"]):
        response = client.get(reverse("relationships:mine"))
    assert response.text.count("Ended for a rematch") == size


# Matching and My mentoring each read the requests waiting for a line manager (000 §3.2).
QUERIES = {"directory": 24, "matching": 31, "mine": 16}


def test_the_matching_page_shows_progress_and_refreshes_while_a_run_works(
    client, coordinator, programme
):
    from relationships.models import MatchRun

    MatchRun.objects.create(
        programme=programme, status="running", progress=60, step="Finding the best set"
    )
    client.force_login(coordinator.user)
    page = client.get(reverse("relationships:matching", args=[programme.pk])).text
    assert '<progress id="progress" max="100" value="60">' in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Propose matches</button>" not in page
    MatchRun.objects.update(status="done", summary="Proposed 0 pairings for 0 waiting.")
    page = client.get(reverse("relationships:matching", args=[programme.pk])).text
    assert "http-equiv" not in page and "Proposed 0 pairings" in page


def test_a_coordinator_forms_a_team_by_hand_and_a_missing_name_is_explained(client, coordinator):
    from relationships.models import Relationship
    from tests.matching import accepted, programme_for_matching

    programme = programme_for_matching(
        coordinator, mentoring_model="team", group_size_min=1, group_size_max=4, mentor_capacity=4
    )
    mentor = accepted(
        programme,
        StaffMember.objects.create(first_name="T", last_name="Lead"),
        "mentor",
        capacity=4,
    )
    mentees = many(programme, "mentee", 3)
    client.force_login(coordinator.user)
    url = reverse("relationships:group_new", args=[programme.pk])
    ranked = client.get(url, {"mentor": mentor.pk})
    assert len(ranked.context["ranked"]) == 3 and "Score" in ranked.text
    data = {"mentors": [mentor.pk], "mentees": [m.pk for m in mentees], "team_name": ""}
    refused = client.post(url, data)
    assert refused.context["form"].errors["team_name"] == ["Name the team being mentored."]
    assert not Relationship.objects.exists()
    client.post(url, data | {"team_name": "Repairs team"})
    team = Relationship.objects.get()
    assert team.team_name == "Repairs team" and team.members.count() == 4
