"""The action plan's rules: who writes it, when, and what it must say (PLAN-1; 001 Appendix B,
002 Resources 12, 14, 15 and 16)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentoring.audit.models import AuditEntry
from relationships.models import ActionItem, ActionPlan, Goal, Meeting, MeetingLog
from relationships.services.plans import (
    action_delete,
    goal_action_save,
    goal_delete,
    goal_save,
    plan_save,
)
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching

PLAN = {"long_term_goal": "Lead a housing team.", "commitment": 8}


@pytest.fixture
def relationship(mentor, mentee):
    return paired(mentor, mentee)


@pytest.fixture
def mentee_member(relationship):
    return relationship.members.get(role="mentee")


@pytest.fixture
def plan(mentee_member, staff_member):
    return plan_save(by=staff_member.user, mentee=mentee_member, data=PLAN)


@pytest.fixture
def goal(plan, staff_member):
    return goal_save(by=staff_member.user, plan=plan, data={"specific": "Chair a team meeting"})


def entries(**filters):
    return list(
        AuditEntry.objects.filter(kind="action plan", **filters)
        .order_by("pk")
        .values_list("who", "action", "note")
    )


def ended(relationship):
    relationship.status, relationship.ending = "ended", "completed"
    relationship.ended_at = relationship.created_at
    relationship.save()


def test_the_mentee_starts_the_plan_and_the_mentor_adds_to_it(
    mentee_member, staff_member, colleague
):
    plan = plan_save(
        by=staff_member.user,
        mentee=mentee_member,
        data=PLAN | {"needs_and_strengths": "Good listener.", "started_on": date(2026, 1, 5)},
    )
    plan_save(by=colleague.user, mentee=mentee_member, data={"comments": "A good start."})
    plan.refresh_from_db()
    assert (plan.long_term_goal, plan.comments) == ("Lead a housing team.", "A good start.")
    assert plan.started_on == date(2026, 1, 5)
    assert entries(object_id=plan.pk) == [
        ("Jo Evans", "create", ""),
        ("Chris Taylor", "change", ""),
    ]


def test_a_commitment_below_7_says_what_still_needs_to_happen(mentee_member, staff_member):
    with pytest.raises(ValidationError) as refused:
        plan_save(by=staff_member.user, mentee=mentee_member, data=PLAN | {"commitment": 6})
    assert "increase motivation" in refused.value.message_dict["commitment_needs"][0]
    assert not ActionPlan.objects.exists()
    plan = plan_save(
        by=staff_member.user,
        mentee=mentee_member,
        data=PLAN | {"commitment": 6, "commitment_needs": "Time set aside each week."},
    )
    assert plan.commitment == 6


def test_a_commitment_of_7_needs_no_follow_up_and_one_outside_1_to_10_is_refused(
    mentee_member, staff_member
):
    assert plan_save(by=staff_member.user, mentee=mentee_member, data=PLAN | {"commitment": 7})
    for rating in [0, 11]:
        with pytest.raises(ValidationError) as refused:
            plan_save(by=staff_member.user, mentee=mentee_member, data={"commitment": rating})
        assert "commitment" in refused.value.message_dict
    assert ActionPlan.objects.get().commitment == 7


def test_the_estimated_completion_comes_after_the_start(mentee_member, staff_member):
    dates = {"started_on": date(2026, 3, 1), "completion_on": date(2026, 2, 1)}
    with pytest.raises(ValidationError) as refused:
        plan_save(by=staff_member.user, mentee=mentee_member, data=PLAN | dates)
    assert "after the start date" in refused.value.message_dict["completion_on"][0]
    assert not ActionPlan.objects.exists()


def test_a_plan_needs_its_long_term_goal(mentee_member, staff_member):
    with pytest.raises(ValidationError) as refused:
        plan_save(by=staff_member.user, mentee=mentee_member, data={"commitment": 9})
    assert "long_term_goal" in refused.value.message_dict
    assert not ActionPlan.objects.exists()


def test_a_goal_is_written_to_the_smart_headings_with_optional_grow_and_oskar(plan, colleague):
    goal = goal_save(
        by=colleague.user,
        plan=plan,
        data={
            "specific": "Chair a team meeting",
            "measurable": "Minutes circulated",
            "time_bound": date(2026, 6, 30),
            "grow_reality": "I have never chaired.",
            "scale_now": 3,
            "scale_wanted": 8,
        },
    )
    goal.refresh_from_db()
    assert (goal.plan, goal.scale_now, goal.scale_wanted) == (plan, 3, 8)
    assert goal.status == Goal.Status.NOT_STARTED
    assert entries(note=f"Goal {goal.pk} added.") == [
        ("Chris Taylor", "change", f"Goal {goal.pk} added.")
    ]


def test_a_goal_says_what_specifically(plan, staff_member):
    with pytest.raises(ValidationError) as refused:
        goal_save(by=staff_member.user, plan=plan, data={"specific": "  "})
    assert "specific" in refused.value.message_dict
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("scale", "field", "words"),
    [
        ({"scale_now": 6, "scale_wanted": 4}, "scale_wanted", "below where you are now"),
        ({"scale_now": 11}, "scale_now", "less than or equal to 10"),
        ({"scale_wanted": 12}, "scale_wanted", "less than or equal to 10"),
        ({"scale_now": -1}, "scale_now", "greater than or equal to 0"),
    ],
)
def test_the_oskar_scale_runs_from_0_to_10_and_looks_up(plan, staff_member, scale, field, words):
    with pytest.raises(ValidationError) as refused:
        goal_save(by=staff_member.user, plan=plan, data={"specific": "Delegate"} | scale)
    assert words in " ".join(refused.value.message_dict[field])
    assert not Goal.objects.exists()


def test_wanting_to_stay_where_you_are_is_allowed(plan, staff_member):
    data = {"specific": "Keep it up", "scale_now": 9, "scale_wanted": 9}
    assert goal_save(by=staff_member.user, plan=plan, data=data).scale_wanted == 9


def test_an_action_under_a_goal_has_an_owner_in_the_relationship(goal, colleague, staff_member):
    action = goal_action_save(
        by=colleague.user,
        goal=goal,
        data={"description": "Ask to chair", "owner": staff_member, "due_on": date(2026, 5, 1)},
    )
    assert (action.relationship, action.goal, action.meeting_log) == (
        goal.plan.mentee.relationship,
        goal,
        None,
    )
    assert action.status == ActionItem.Status.TO_DO and action.done_at is None
    stranger = StaffMemberFactory()
    with pytest.raises(ValidationError) as refused:
        goal_action_save(by=colleague.user, goal=goal, action=action, data={"owner": stranger})
    assert "Choose someone in this relationship." in refused.value.message_dict["owner"]
    action.refresh_from_db()
    assert action.owner == staff_member


def test_someone_who_left_cannot_own_an_action(goal, relationship, colleague, staff_member):
    member = relationship.members.get(person=colleague)
    member.is_live = False
    member.save()
    with pytest.raises(PermissionDenied):
        goal_action_save(
            by=colleague.user, goal=goal, data={"description": "Book", "owner": colleague}
        )
    with pytest.raises(ValidationError) as refused:
        goal_action_save(
            by=staff_member.user, goal=goal, data={"description": "Book", "owner": colleague}
        )
    assert "owner" in refused.value.message_dict
    assert not ActionItem.objects.exists()


def test_marking_an_action_done_records_when(goal, staff_member):
    data = {"description": "Ask to chair", "owner": staff_member}
    action = goal_action_save(by=staff_member.user, goal=goal, data=data)
    action = goal_action_save(
        by=staff_member.user, goal=goal, action=action, data={"status": "done"}
    )
    assert action.done_at is not None
    action = goal_action_save(
        by=staff_member.user, goal=goal, action=action, data={"status": "in_progress"}
    )
    assert action.done_at is None


def test_deleting_a_goal_deletes_its_actions_and_is_audited(goal, staff_member, colleague):
    action = goal_action_save(
        by=staff_member.user, goal=goal, data={"description": "Ask", "owner": colleague}
    )
    goal_pk = goal.pk
    goal_delete(by=colleague.user, goal=goal)
    assert not Goal.objects.exists() and not ActionItem.objects.filter(pk=action.pk).exists()
    assert entries(note=f"Goal {goal_pk} deleted.") == [
        ("Chris Taylor", "change", f"Goal {goal_pk} deleted.")
    ]


def test_deleting_an_action_is_audited(goal, staff_member):
    action = goal_action_save(
        by=staff_member.user, goal=goal, data={"description": "Ask", "owner": staff_member}
    )
    note = f"Action {action.pk} on goal {goal.pk} deleted."
    action_delete(by=staff_member.user, action=action)
    assert not ActionItem.objects.exists()
    assert entries(note=note) == [("Jo Evans", "change", note)]


def test_actions_agreed_at_a_meeting_stay_with_their_log(relationship, staff_member, colleague):
    from django.utils import timezone

    meeting = Meeting.objects.create(
        relationship=relationship, starts_at=timezone.now(), minutes=60, method="video"
    )
    log = MeetingLog.objects.create(
        meeting=meeting, minutes=60, achieved="Read.", topics="Delegation", written_by=colleague
    )
    action = ActionItem.objects.create(
        relationship=relationship, meeting_log=log, description="Read", owner=staff_member
    )
    with pytest.raises(ValidationError, match="kept with its log"):
        action_delete(by=staff_member.user, action=action)
    assert ActionItem.objects.filter(pk=action.pk).exists()


def test_nobody_outside_the_relationship_writes_the_plan(
    mentee_member, plan, goal, coordinator, line_manager, sponsor
):
    coordinator_programme = mentee_member.relationship.programme
    coordinator_programme.coordinator_reads_meeting_logs = True
    coordinator_programme.save()
    before = entries()
    for user in [coordinator.user, line_manager.user, sponsor.user, StaffMemberFactory().user]:
        with pytest.raises(PermissionDenied):
            plan_save(by=user, mentee=mentee_member, data={"comments": "Mine now."})
        with pytest.raises(PermissionDenied):
            goal_save(by=user, plan=plan, data={"specific": "Theirs"})
        with pytest.raises(PermissionDenied):
            goal_delete(by=user, goal=goal)
        with pytest.raises(PermissionDenied):
            goal_action_save(
                by=user, goal=goal, data={"description": "Theirs", "owner": mentee_member.person}
            )
    plan.refresh_from_db()
    assert plan.comments == "" and Goal.objects.count() == 1 and not ActionItem.objects.exists()
    assert entries() == before


def test_an_ended_relationship_keeps_its_plan_read_only(
    relationship, mentee_member, plan, goal, staff_member
):
    action = goal_action_save(
        by=staff_member.user, goal=goal, data={"description": "Ask", "owner": staff_member}
    )
    ended(relationship)
    calls = [
        lambda: plan_save(by=staff_member.user, mentee=mentee_member, data={"comments": "More"}),
        lambda: goal_save(by=staff_member.user, plan=plan, data={"specific": "More"}),
        lambda: goal_save(by=staff_member.user, plan=plan, goal=goal, data={"status": "achieved"}),
        lambda: goal_delete(by=staff_member.user, goal=goal),
        lambda: goal_action_save(by=staff_member.user, goal=goal, action=action, data={}),
        lambda: action_delete(by=staff_member.user, action=action),
    ]
    for call in calls:
        with pytest.raises(ValidationError, match="ended: its action plans are read-only"):
            call()
    goal.refresh_from_db()
    assert goal.status == "not_started" and Goal.objects.count() == 1
    assert ActionItem.objects.count() == 1


def test_a_mentee_who_left_the_group_keeps_their_plan_as_it_was(mentee_member, plan, colleague):
    mentee_member.is_live = False
    mentee_member.save()
    with pytest.raises(ValidationError, match="has left this relationship"):
        plan_save(by=colleague.user, mentee=mentee_member, data={"comments": "More"})


def test_only_mentees_have_plans_except_in_reciprocal_mentoring(
    coordinator, colleague, staff_member
):
    one_to_one = programme_for_matching(coordinator)
    relationship = paired(
        accepted(one_to_one, colleague, "mentor"), accepted(one_to_one, staff_member, "mentee")
    )
    mentor_member = relationship.members.get(role="mentor")
    with pytest.raises(ValidationError, match="Only a mentee"):
        plan_save(by=colleague.user, mentee=mentor_member, data=PLAN)
    reciprocal = programme_for_matching(coordinator, mentoring_model="reciprocal")
    relationship = paired(
        accepted(reciprocal, colleague, "mentor"), accepted(reciprocal, staff_member, "mentee")
    )
    mentor_member = relationship.members.get(role="mentor")
    plan = plan_save(by=staff_member.user, mentee=mentor_member, data=PLAN)
    assert plan.mentee.person == colleague
