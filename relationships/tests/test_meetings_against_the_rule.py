"""Sessions and meetings counted against the programme's rule: "4 of 3–12 sessions" (003 §3.4)
and at least one meeting a year in person, flagged when a year runs out without one (004)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from relationships.models import Meeting, Relationship
from tests.matching import accepted, paired, programme_for_matching, went_ahead


def _active(coordinator, colleague, staff_member, **rules):
    programme = programme_for_matching(coordinator, agreement_required=False, **rules)
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    went_ahead(relationship)
    return relationship


def _meet(relationship, days_ago, method="video", cancelled=False):
    at = timezone.now() - timedelta(days=days_ago)
    return Meeting.objects.create(
        relationship=relationship,
        starts_at=at,
        minutes=60,
        method=method,
        cancelled_at=at if cancelled else None,
    )


def _started(relationship, days_ago):
    Relationship.objects.filter(pk=relationship.pk).update(
        started_at=timezone.now() - timedelta(days=days_ago)
    )


def _page(client, person, relationship):
    client.force_login(person.user)
    response = client.get(reverse("relationships:detail", args=[relationship.pk]))
    assert response.status_code == 200
    return " ".join(response.text.split())


@pytest.mark.django_db
def test_the_pair_see_sessions_held_against_three_to_twelve(
    client, coordinator, colleague, staff_member
):
    relationship = _active(coordinator, colleague, staff_member, sessions_min=3, sessions_max=12)
    _started(relationship, 50)
    for days in (40, 30, 20, 10):
        _meet(relationship, days)
    _meet(relationship, 5, cancelled=True)  # cancelled: not held
    _meet(relationship, -5)  # to come: not yet held
    page = _page(client, staff_member, relationship)
    assert "4 of 3–12 sessions" in page
    assert "not counting the introduction" not in page  # none was held before the start
    assert "More than the programme's most" not in page


# 003 §3.4: "between 3 and 12 sessions"; the introductory meeting, held while the relationship
# waits for everyone to say they go ahead, is not one of them.


@pytest.mark.django_db
def test_the_introduction_held_before_the_start_is_not_counted_as_a_session(
    client, coordinator, colleague, staff_member
):
    relationship = _active(coordinator, colleague, staff_member, sessions_min=3, sessions_max=12)
    _started(relationship, 35)
    for days in (40, 30, 20, 10, 5):
        _meet(relationship, days)
    page = _page(client, staff_member, relationship)
    assert "4 of 3–12 sessions, not counting the introduction" in page


@pytest.mark.django_db
def test_a_cancelled_introduction_is_not_mentioned(client, coordinator, colleague, staff_member):
    relationship = _active(coordinator, colleague, staff_member, sessions_min=3, sessions_max=12)
    _started(relationship, 35)
    _meet(relationship, 40, cancelled=True)
    _meet(relationship, 30)
    page = _page(client, coordinator, relationship)
    assert "1 of 3–12 sessions" in page and "not counting the introduction" not in page


@pytest.mark.django_db
def test_a_pair_waiting_after_their_introduction_have_held_no_session_yet(
    client, coordinator, colleague, staff_member
):
    programme = programme_for_matching(
        coordinator, agreement_required=False, sessions_min=3, sessions_max=12
    )
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    _meet(relationship, 2)
    assert relationship.status == "proposed"
    page = _page(client, colleague, relationship)
    assert "0 of 3–12 sessions, not counting the introduction" in page


@pytest.mark.django_db
def test_more_sessions_than_the_programme_allows_are_flagged(
    client, coordinator, colleague, staff_member
):
    relationship = _active(coordinator, colleague, staff_member, sessions_min=1, sessions_max=2)
    _started(relationship, 40)
    for days in (30, 20, 10):
        _meet(relationship, days)
    page = _page(client, coordinator, relationship)
    assert "3 of 1–2 sessions" in page and "More than the programme's most" in page


@pytest.mark.django_db
def test_a_programme_without_a_number_of_sessions_shows_no_count(
    client, coordinator, colleague, staff_member
):
    relationship = _active(coordinator, colleague, staff_member)
    _meet(relationship, 10)
    assert "Sessions" not in _page(client, staff_member, relationship)


@pytest.mark.django_db
def test_a_year_that_ran_out_without_a_meeting_in_person_is_flagged(
    client, coordinator, colleague, staff_member
):
    relationship = _active(coordinator, colleague, staff_member, in_person_meetings_per_year=1)
    _started(relationship, 400)
    _meet(relationship, 380, method="telephone")  # first year: none in person
    _meet(relationship, 10, method="face_to_face")  # this year: one
    page = _page(client, colleague, relationship)
    assert page.count("of at least 1 in the year to") == 2
    assert "0 of at least 1 in the year to" in page
    assert page.count("Year ran out without one") == 1


@pytest.mark.django_db
def test_a_year_still_running_is_not_flagged_before_it_runs_out(
    client, coordinator, colleague, staff_member
):
    relationship = _active(coordinator, colleague, staff_member, in_person_meetings_per_year=1)
    _started(relationship, 100)
    _meet(relationship, 50, method="video")
    page = _page(client, staff_member, relationship)
    assert "0 of at least 1 in the year to" in page
    assert "Year ran out without one" not in page
