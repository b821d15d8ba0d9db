"""The relationship's workspace page: what it shows each person, its timeline, and a fixed
number of queries whatever the number of meetings and actions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    ActionItem,
    ActionPlan,
    Goal,
    Meeting,
    MeetingLog,
    Review,
    ReviewAnswer,
)
from tests.matching import accepted, paired, programme_for_matching, went_ahead


@pytest.fixture
def active(coordinator, colleague, staff_member):
    programme = programme_for_matching(
        coordinator, agreement_required=False, length_max_months=12, review_interval_months=3
    )
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    went_ahead(relationship)
    return relationship


def history(relationship, size, mentor, mentee):
    """`size` meetings, each logged with an action, `size` goals with an action each, and a
    review per meeting answered by both."""
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            relationship=relationship,
            starts_at=now - timedelta(days=size - n),
            minutes=60,
            method="video",
        )
        for n in range(size)
    )
    logs = MeetingLog.objects.bulk_create(
        MeetingLog(meeting=m, minutes=60, achieved="A", topics="T", written_by=mentee)
        for m in meetings
    )
    plan, _ = ActionPlan.objects.get_or_create(
        mentee=relationship.members.get(person=mentee), defaults={"long_term_goal": "Lead."}
    )
    goals = Goal.objects.bulk_create(Goal(plan=plan, specific=f"Goal {n}") for n in range(size))
    ActionItem.objects.bulk_create(
        [
            *(
                ActionItem(
                    relationship=relationship, meeting_log=log, description="D", owner=mentee
                )
                for log in logs
            ),
            *(
                ActionItem(relationship=relationship, goal=goal, description="G", owner=mentor)
                for goal in goals
            ),
        ]
    )
    first = timezone.localdate() - timedelta(days=relationship.reviews.count())
    reviews = Review.objects.bulk_create(
        Review(relationship=relationship, due_on=first - timedelta(days=n)) for n in range(size)
    )
    ReviewAnswer.objects.bulk_create(
        ReviewAnswer(review=r, person=p, helping="yes", plan_progress="Fine.")
        for r in reviews
        for p in [mentor, mentee]
    )
    Meeting.objects.get_or_create(
        relationship=relationship,
        starts_at__gt=now,
        defaults={"starts_at": now + timedelta(days=2), "minutes": 60, "method": "video"},
    )


def _queries(client, user, relationship):
    client.force_login(user)
    url = relationship.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


# Whatever the history: the mentee's and mentor's pages, and the coordinator's (who may read
# here), which also records the audited reads and reads what the coordinators did about it;
# with the next review. The people in it take one more, for their unread messages.
QUERIES = {"staff_member": 29, "colleague": 32, "coordinator": 38}


@pytest.mark.parametrize("who", ["staff_member", "colleague", "coordinator"])
def test_the_workspace_takes_the_same_queries_at_3_and_300_meetings(
    client, request, active, colleague, staff_member, who
):
    active.programme.coordinator_reads_meeting_logs = True
    active.programme.save()
    user = request.getfixturevalue(who).user
    history(active, 3, colleague, staff_member)
    few, _ = _queries(client, user, active)
    history(active, 297, colleague, staff_member)
    many, response = _queries(client, user, active)
    assert few == many == QUERIES[who]
    assert "Meeting held (video call)" in response.text


def test_the_workspace_shows_the_next_meeting_and_the_timeline(
    client, active, colleague, staff_member
):
    history(active, 3, colleague, staff_member)
    client.force_login(staff_member.user)
    response = client.get(active.get_absolute_url())
    assert response.context["next_meeting"].starts_at > timezone.now()
    words = [event.words for event in response.context["timeline"]]
    assert "Matched" in words and "Started" in words
    assert words.count(f"{staff_member.full_name} logged the meeting") == 3
    assert words.count(f"{colleague.full_name} answered the review") == 3


def test_the_timeline_never_carries_what_was_said(client, active, colleague, staff_member):
    history(active, 3, colleague, staff_member)
    client.force_login(staff_member.user)
    response = client.get(active.get_absolute_url())
    words = " ".join(event.words for event in response.context["timeline"])
    assert "Goal 1" not in words and "Fine." not in words


def test_the_coordinator_without_access_sees_what_happened_but_not_what_was_said(
    client, active, colleague, staff_member, coordinator
):
    history(active, 3, colleague, staff_member)
    client.force_login(coordinator.user)
    response = client.get(active.get_absolute_url())
    assert response.status_code == 200
    assert "Meeting held" in response.text
    assert "Goal 1" not in response.text
    assert reverse("relationships:meeting_new", args=[active.pk]) not in response.text


def test_ending_mentions_goals_not_yet_achieved_and_logs_waiting(
    client, active, colleague, staff_member
):
    history(active, 3, colleague, staff_member)
    client.force_login(staff_member.user)
    response = client.get(reverse("relationships:end", args=[active.pk]))
    assert "3 goals in the action plan are not yet achieved" in response.text
    assert "3 meeting logs are waiting to be confirmed" in response.text
