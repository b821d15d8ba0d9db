"""Actions that cannot be undone, or that tell other people, ask first: without
`confirmed=yes` the post answers with a page saying what will happen, and nothing changes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    ActionItem,
    ActionPlan,
    Goal,
    Meeting,
    MentorRequest,
    Proposal,
    Relationship,
)
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead


@pytest.fixture
def relationship(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member); it has started."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    mentor = accepted(programme, colleague, "mentor")
    return went_ahead(paired(mentor, accepted(programme, staff_member, "mentee")))


def asks_first(client, person, url, data, *words):
    """Posts without confirming: the confirm page, saying `words`, posting back to `url`."""
    client.force_login(person.user)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="confirmed" value="yes"' in html
    for said in words:
        assert said in html, said
    return html


def test_ending_a_relationship_asks_first_and_says_who_is_told(client, relationship, colleague):
    url = reverse("relationships:end", args=[relationship.pk])
    data = {"reason": "planned_end", "learned": "Patience.", "next_steps": "Mentor again."}
    asks_first(
        client, colleague, url, data, "End your mentoring with Jo Evans?", "Jo Evans is told"
    )
    relationship.refresh_from_db()
    assert relationship.status == "active"
    client.post(url, data | {"confirmed": "yes"})
    relationship.refresh_from_db()
    assert relationship.status == "ended"


def test_ending_for_a_rematch_asks_first(client, relationship, staff_member):
    url = reverse("relationships:rematch", args=[relationship.pk])
    asks_first(client, staff_member, url, {"reason": "time"}, "matched again", "Chris Taylor")
    relationship.refresh_from_db()
    assert relationship.status == "active"
    client.post(url, {"reason": "time", "confirmed": "yes"})
    relationship.refresh_from_db()
    assert relationship.ending == "rematch"


@pytest.fixture
def goal(relationship, staff_member):
    mentee = relationship.members.get(person=staff_member)
    plan = ActionPlan.objects.create(mentee=mentee, long_term_goal="Lead a team.")
    goal = Goal.objects.create(plan=plan, specific="Chair a meeting")
    ActionItem.objects.create(
        relationship=relationship, goal=goal, description="Ask to chair", owner=staff_member
    )
    return goal


def test_deleting_a_goal_asks_first_and_counts_its_actions(client, goal, staff_member):
    url = reverse("relationships:goal_delete", args=[goal.pk])
    asks_first(client, staff_member, url, {}, "Delete the goal “Chair a meeting”?", "1 action")
    assert Goal.objects.filter(pk=goal.pk).exists()
    client.post(url, {"confirmed": "yes"})
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_deleting_an_action_asks_first(client, goal, staff_member):
    action = goal.actions.get()
    url = reverse("relationships:action_delete", args=[action.pk])
    asks_first(client, staff_member, url, {}, "Delete the action “Ask to chair”?")
    assert ActionItem.objects.filter(pk=action.pk).exists()
    client.post(url, {"confirmed": "yes"})
    assert not ActionItem.objects.filter(pk=action.pk).exists()


def test_cancelling_a_meeting_asks_first_and_says_the_others_are_told(
    client, relationship, staff_member
):
    meeting = Meeting.objects.create(
        relationship=relationship,
        starts_at=timezone.now() + timedelta(days=5),
        minutes=60,
        method="video",
    )
    url = reverse("relationships:meeting_cancel", args=[meeting.pk])
    asks_first(client, staff_member, url, {"new_starts_at": ""}, "Chris Taylor is told")
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None
    client.post(url, {"new_starts_at": "", "confirmed": "yes"})
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None


def test_withdrawing_a_mentor_request_asks_first(client, coordinator, staff_member, colleague):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    mentee = accepted(programme, staff_member, "mentee")
    mentor = accepted(programme, colleague, "mentor")
    mentor_request = MentorRequest.objects.create(
        mentee_application=mentee,
        mentor_application=mentor,
        expires_at=timezone.now() + timedelta(days=7),
    )
    url = reverse("relationships:request_withdraw", args=[mentor_request.pk])
    asks_first(client, staff_member, url, {}, "Withdraw your request to Chris Taylor?")
    mentor_request.refresh_from_db()
    assert mentor_request.status == "pending"
    client.post(url, {"confirmed": "yes"})
    mentor_request.refresh_from_db()
    assert mentor_request.status == "withdrawn"


def test_approving_proposals_asks_first_counting_whom_it_emails(client, coordinator):
    programme = programme_for_matching(coordinator)
    mentor = accepted(programme, StaffMemberFactory(first_name="Ann"), "mentor", capacity=2)
    chosen = []
    for name in ["Ben", "Cal"]:
        mentee = accepted(programme, StaffMemberFactory(first_name=name), "mentee")
        chosen.append(
            Proposal.objects.create(
                programme=programme, mentee_application=mentee, mentor_application=mentor, score=60
            )
        )
    url = reverse("relationships:approve", args=[programme.pk])
    data = {"proposals": [p.pk for p in chosen]}
    html = asks_first(client, coordinator, url, data, "This emails 3 people")
    assert "Ben" in html and "Cal" in html and "Ann" in html
    assert not Relationship.objects.filter(programme=programme).exists()
    client.post(url, data | {"confirmed": "yes"})
    assert Relationship.objects.filter(programme=programme).count() == 2
