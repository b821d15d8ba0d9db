"""Ending before the programme's shortest length (000 §7.1: "not less than six months"): the end
form warns and says the planned minimum, and the relationship is recorded as ended early, not
completed, whatever the reason chosen, so the reports count it so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from relationships.models import Relationship
from relationships.services.lifecycle import relationship_end
from relationships.services.pairing import introduction_answer
from tests.matching import paired

pytestmark = pytest.mark.django_db
CLOSING = {"learned": "How to delegate.", "next_steps": "Apply for the team leader post."}


@pytest.fixture
def active(mentor, mentee):
    """Started today, in a programme of six to twelve months with no agreement to sign."""
    programme = mentee.programme
    programme.length_min_months, programme.length_max_months = 6, 12
    programme.agreement_required = False
    programme.save()
    relationship = paired(mentor, mentee)
    for person in [mentor, mentee]:
        introduction_answer(by=person.applicant.user, relationship=relationship, goes_ahead=True)
    relationship.refresh_from_db()
    return relationship


def started_ago(relationship, days):
    Relationship.objects.filter(pk=relationship.pk).update(
        started_at=timezone.now() - timedelta(days=days)
    )
    relationship.refresh_from_db()
    return relationship


def test_goals_achieved_within_the_minimum_is_recorded_as_ended_early(active, mentee):
    started_ago(active, 60)
    relationship_end(
        by=mentee.applicant.user, relationship=active, reason="goals_achieved", **CLOSING
    )
    active.refresh_from_db()
    assert (active.ending, active.end_reason) == ("ended_early", "goals_achieved")


def test_goals_achieved_after_the_minimum_completes_it(active, mentee):
    started_ago(active, 200)
    relationship_end(
        by=mentee.applicant.user, relationship=active, reason="goals_achieved", **CLOSING
    )
    active.refresh_from_db()
    assert active.ending == "completed"


def test_a_programme_with_no_minimum_completes_it_whenever_goals_are_achieved(active, mentee):
    active.programme.length_min_months = None
    active.programme.save()
    relationship_end(
        by=mentee.applicant.user, relationship=active, reason="goals_achieved", **CLOSING
    )
    active.refresh_from_db()
    assert active.ending == "completed"


def test_the_end_form_warns_and_says_the_planned_minimum(client, active, mentee):
    started_ago(active, 60)
    started = timezone.localdate(active.started_at)
    client.force_login(mentee.applicant.user)
    page = client.get(reverse("relationships:end", args=[active.pk])).text
    assert "at least 6 months" in page
    assert "recorded as ended early, not completed" in page
    assert f"{started:%-d %B %Y}" in page


def test_the_end_form_says_nothing_of_it_once_the_minimum_has_passed(client, active, mentee):
    started_ago(active, 200)
    client.force_login(mentee.applicant.user)
    page = client.get(reverse("relationships:end", args=[active.pk])).text
    assert "recorded as ended early" not in page


def test_the_page_that_asks_first_says_it_is_recorded_as_ended_early(client, active, mentee):
    started_ago(active, 60)
    client.force_login(mentee.applicant.user)
    data = {"reason": "goals_achieved", **CLOSING}
    page = client.post(reverse("relationships:end", args=[active.pk]), data).text
    assert "recorded as ended early, not completed" in page
    active.refresh_from_db()
    assert active.status == "active"
