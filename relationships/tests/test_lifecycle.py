"""An active relationship's phases and its ending (REL-1, REL-2)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from relationships.dates import add_months
from relationships.models import Relationship
from relationships.selectors import waiting_mentees
from relationships.services.lifecycle import (
    closing_save,
    phase_move,
    relationship_end,
    suggested_phase,
)
from relationships.services.pairing import introduction_answer
from tests.matching import paired

CLOSING = {"learned": "How to delegate.", "next_steps": "Apply for the team leader post."}


@pytest.fixture
def active(mentor, mentee):
    """Started once both said yes: this programme does not ask for a signed agreement (its
    part in starting a relationship is in test_agreements.py)."""
    mentee.programme.length_max_months = 12
    mentee.programme.agreement_required = False
    mentee.programme.save()
    relationship = paired(mentor, mentee)
    for person in [mentor, mentee]:
        introduction_answer(by=person.applicant.user, relationship=relationship, goes_ahead=True)
    relationship.refresh_from_db()
    return relationship


def test_it_starts_building_rapport_with_a_planned_end_from_the_programme(active):
    assert active.phase == Relationship.Phase.RAPPORT
    assert active.planned_end_on == add_months(timezone.localdate(), 12)


def test_months_are_added_to_the_last_day_when_the_day_does_not_exist():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_the_page_suggests_the_next_phase_from_the_time_elapsed(active):
    start = timezone.localdate()
    assert suggested_phase(active, start) == "rapport"
    assert suggested_phase(active, start + timedelta(days=100)) == "direction"
    assert suggested_phase(active, start + timedelta(days=200)) == "progression"
    assert suggested_phase(active, start + timedelta(days=330)) == "winding_up"


def test_the_people_in_it_move_the_phase_and_nobody_else(active, mentee, coordinator, line_manager):
    phase_move(by=mentee.applicant.user, relationship=active, phase="direction")
    active.refresh_from_db()
    assert active.phase == "direction"
    for user in [coordinator.user, line_manager.user]:
        with pytest.raises(PermissionDenied):
            phase_move(by=user, relationship=active, phase="progression")


def test_ending_as_goals_achieved_completes_it_and_tells_the_others(
    active, mentor, mentee, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        relationship_end(
            by=mentee.applicant.user, relationship=active, reason="goals_achieved", **CLOSING
        )
    active.refresh_from_db()
    assert (active.status, active.ending, active.end_reason) == (
        "ended",
        "completed",
        "goals_achieved",
    )
    told = sorted(m.to[0] for m in mail.outbox if "has ended" in m.subject)
    assert told == sorted([mentor.applicant.work_email, coordinator.work_email])
    assert not any(CLOSING["learned"] in m.body for m in mail.outbox)
    assert mentee not in waiting_mentees(mentee.programme)
    mentor.refresh_from_db()
    assert mentor.places_taken == 0


def test_ending_early_and_asking_for_another_mentor(active, mentee):
    relationship_end(
        by=mentee.applicant.user,
        relationship=active,
        reason="not_working",
        wants_rematch=True,
        **CLOSING,
    )
    active.refresh_from_db()
    assert active.ending == "ended_early"
    assert mentee in waiting_mentees(mentee.programme)


def test_the_other_person_adds_their_checklist_and_the_mentee_may_still_ask(active, mentor, mentee):
    relationship_end(
        by=mentor.applicant.user, relationship=active, reason="circumstances", **CLOSING
    )
    assert mentee not in waiting_mentees(mentee.programme)
    closing_save(by=mentee.applicant.user, relationship=active, wants_rematch=True, **CLOSING)
    assert mentee in waiting_mentees(mentee.programme)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "rematch"}, "reason"),
        ({"learned": " "}, "learned"),
        ({"next_steps": ""}, "next_steps"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(
    client, active, mentee, changes, field
):
    client.force_login(mentee.applicant.user)
    data = {"reason": "goals_achieved", **CLOSING} | changes
    response = client.post(reverse("relationships:end", args=[active.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    active.refresh_from_db()
    assert active.status == "active"


def test_only_the_people_in_it_end_it(active, coordinator, line_manager):
    for user in [coordinator.user, line_manager.user]:
        with pytest.raises(PermissionDenied):
            relationship_end(by=user, relationship=active, reason="other", **CLOSING)


def test_a_proposed_relationship_is_ended_by_the_introduction_not_here(mentor, mentee):
    relationship = paired(mentor, mentee)
    with pytest.raises(ValidationError, match="Only an active relationship"):
        relationship_end(
            by=mentee.applicant.user, relationship=relationship, reason="other", **CLOSING
        )


def test_the_closing_checklist_is_the_pairs_alone(
    client, active, mentee, coordinator, line_manager
):
    relationship_end(by=mentee.applicant.user, relationship=active, reason="planned_end", **CLOSING)
    client.force_login(mentee.applicant.user)
    assert CLOSING["learned"] in client.get(active.get_absolute_url()).text
    client.force_login(coordinator.user)
    page = client.get(active.get_absolute_url())
    assert page.status_code == 200 and CLOSING["learned"] not in page.text
    client.force_login(line_manager.user)
    assert client.get(active.get_absolute_url()).status_code == 404


def test_the_ending_journey_through_the_pages(client, active, mentor):
    client.force_login(mentor.applicant.user)
    page = client.get(active.get_absolute_url()).text
    assert "Building rapport" in page and "End the relationship" in page
    with time_machine.travel(timezone.now() + timedelta(days=120)):
        client.force_login(mentor.applicant.user)  # sessions end after 30 idle minutes
        assert "perhaps: setting direction" in client.get(active.get_absolute_url()).text
    client.force_login(mentor.applicant.user)
    client.post(reverse("relationships:phase", args=[active.pk]), {"phase": "progression"})
    ending = {"reason": "goals_achieved", **CLOSING}
    asked = client.post(reverse("relationships:end", args=[active.pk]), ending)
    assert "End your mentoring with" in asked.text
    response = client.post(
        reverse("relationships:end", args=[active.pk]), ending | {"confirmed": "yes"}, follow=True
    )
    assert "Ended. Thank you for taking part" in response.text
    assert "wants_rematch" not in response.text  # mentors are not offered a new mentor
