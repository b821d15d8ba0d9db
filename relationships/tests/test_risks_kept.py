"""What the coordinator dashboard reads is kept up to date (MON-1): the reasons a relationship
is at risk change at once when the pair or the coordinator do something, and the periodic
check catches what time alone changes; each mentee application's place in the matching queue
follows every pairing and ending. The rules themselves are tested in
evaluations/tests/test_dashboard_risk.py."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mentoring.people.models import StaffMember
from programmes.models import Application
from relationships.dates import add_months
from relationships.models import ActionItem, Meeting
from relationships.selectors import waiting_mentees
from relationships.services.care import concern_handle, concern_raise, review_answer
from relationships.services.lifecycle import closing_save, relationship_end
from relationships.services.logs import action_set_status, meeting_held
from relationships.services.pairing import line_management_check, rematch_request, review_done
from relationships.services.plans import goal_delete, goal_save, plan_save
from relationships.services.risks import REASONS
from relationships.tasks import check_relationships
from relationships.tests.test_logs import LOG
from relationships.tests.test_plans import PLAN
from tests.matching import accepted, paired, programme_for_matching, went_ahead

CLOSING = {"learned": "To delegate.", "next_steps": "Keep a list."}


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(
        coordinator,
        agreement_required=False,
        meeting_interval_weeks=4,
        review_interval_months=3,
        length_max_months=12,
    )


@pytest.fixture
def active(programme, colleague, staff_member):
    """Colleague mentors staff_member, started today."""
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    return went_ahead(relationship)


def later(**delta):
    return time_machine.travel(timezone.now() + timedelta(**delta), tick=False)


def flags(relationship):
    relationship.refresh_from_db()
    found = {key for key in REASONS if getattr(relationship, key)}
    assert relationship.reasons_at_risk == len(found)
    return found


def test_time_passing_is_caught_by_the_check_and_a_meeting_logged_clears_it_at_once(
    active, staff_member
):
    assert flags(active) == set()
    with later(weeks=5):
        assert flags(active) == set()  # nothing has checked it yet
        check_relationships()
        assert flags(active) == {"no_meeting"}
        meeting_held(
            by=staff_member.user,
            relationship=active,
            meeting=Meeting(starts_at=timezone.now() - timedelta(hours=2), method="video"),
            data=LOG,
            actions=[],
        )
        assert flags(active) == set()


def test_a_concern_flags_at_once_and_dealing_with_it_clears_it(active, staff_member, coordinator):
    concern = concern_raise(by=staff_member.user, relationship=active, text="I am worried.")
    assert flags(active) == {"concern"}
    concern_handle(by=coordinator.user, concern=concern)
    assert flags(active) == set()


def test_answering_an_overdue_review_clears_it_at_once(active, staff_member):
    first_review = add_months(timezone.localdate(), 3)
    with later(days=(first_review - timezone.localdate()).days + 2):
        check_relationships()
        assert "review_overdue" in flags(active)
        review_answer(
            by=staff_member.user, relationship=active, helping="yes", plan_progress="Going well."
        )
        assert "review_overdue" not in flags(active)


def test_finishing_an_overdue_action_clears_it_at_once(active, staff_member):
    action = ActionItem.objects.create(
        relationship=active,
        description="Book a shadowing day",
        owner=staff_member,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    with later(days=5):
        check_relationships()
        assert flags(active) == {"actions_overdue"}
        action_set_status(by=staff_member.user, action=action, status="done")
        assert flags(active) == set()


def test_ending_clears_every_reason_but_a_concern_not_yet_dealt_with(
    active, staff_member, colleague
):
    concern_raise(by=staff_member.user, relationship=active, text="I am worried.")
    with later(weeks=5):
        check_relationships()
        assert flags(active) == {"no_meeting", "concern"}
        relationship_end(by=colleague.user, relationship=active, reason="not_working", **CLOSING)
        assert flags(active) == {"concern"}


def test_a_line_management_link_flags_at_once_and_the_coordinators_review_clears_it(
    active, colleague, staff_member, coordinator
):
    StaffMember.objects.filter(pk=colleague.pk).update(line_manager=staff_member)
    assert line_management_check() == 1
    assert flags(active) == {"line_management"}
    review_done(by=coordinator.user, relationship=active)
    assert flags(active) == set()


# The matching queue


def queue_kept(programme):
    """Who the dashboard counts as waiting for a mentor, which must be the queue itself."""
    kept = set(
        Application.objects.filter(
            programme=programme, role="mentee", status="accepted", matched=False
        ).values_list("pk", flat=True)
    )
    assert kept == set(waiting_mentees(programme).values_list("pk", flat=True))
    return kept


def test_the_queue_kept_follows_pairing_ending_and_asking_for_another_mentor(
    programme, colleague, staff_member
):
    mentor = accepted(programme, colleague, "mentor")
    mentee = accepted(programme, staff_member, "mentee")
    assert queue_kept(programme) == {mentee.pk}
    relationship = went_ahead(paired(mentor, mentee))
    assert queue_kept(programme) == set()
    relationship_end(
        by=staff_member.user,
        relationship=relationship,
        reason="not_working",
        wants_rematch=True,
        **CLOSING,
    )
    assert queue_kept(programme) == {mentee.pk}
    closing_save(by=staff_member.user, relationship=relationship, wants_rematch=False, **CLOSING)
    assert queue_kept(programme) == set()  # finished for good


def test_a_mentee_who_finishes_for_good_leaves_the_queue_at_once(
    programme, colleague, staff_member
):
    mentee = accepted(programme, staff_member, "mentee")
    relationship = went_ahead(paired(accepted(programme, colleague, "mentor"), mentee))
    relationship_end(
        by=colleague.user, relationship=relationship, reason="goals_achieved", **CLOSING
    )
    assert queue_kept(programme) == set()


def test_deleting_a_goal_with_an_overdue_action_clears_it_at_once(active, staff_member):
    mentee = active.members.get(role="mentee")
    plan = plan_save(by=staff_member.user, mentee=mentee, data=PLAN)
    goal = goal_save(by=staff_member.user, plan=plan, data={"specific": "Chair a meeting"})
    ActionItem.objects.create(
        relationship=active,
        goal=goal,
        description="Book a shadowing day",
        owner=staff_member,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    with later(days=5):
        check_relationships()
        assert flags(active) == {"actions_overdue"}
        goal_delete(by=staff_member.user, goal=goal)
        assert flags(active) == set()


def test_a_rematch_puts_the_mentee_back_in_the_queue(programme, colleague, staff_member):
    mentee = accepted(programme, staff_member, "mentee")
    relationship = paired(accepted(programme, colleague, "mentor"), mentee)
    assert queue_kept(programme) == set()
    rematch_request(by=colleague.user, relationship=relationship, reason="not_right_fit")
    assert queue_kept(programme) == {mentee.pk}


def test_the_check_puts_right_a_place_changed_outside_the_portal(programme, staff_member):
    mentee = accepted(programme, staff_member, "mentee")
    Application.objects.filter(pk=mentee.pk).update(matched=True)
    check_relationships()
    assert queue_kept(programme) == {mentee.pk}


def test_a_review_saying_not_working_flags_it_at_once_and_the_next_review_clears_it(
    active, staff_member
):
    said = {"plan_progress": "Stalled.", "practical_issues": ""}
    review_answer(by=staff_member.user, relationship=active, helping="not_working", **said)
    assert flags(active) == {"review_not_working"}
    with later(days=92):
        meeting_held(
            by=staff_member.user,
            relationship=active,
            meeting=Meeting(starts_at=timezone.now() - timedelta(hours=2), method="video"),
            data=LOG,
            actions=[],
        )
        review_answer(by=staff_member.user, relationship=active, helping="partly", **said)
        assert flags(active) == set()
