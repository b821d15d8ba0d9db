"""The action plan's pages, its PDF and its part of the relationship page: who reads, who
writes, what they see (PLAN-1, DATA-1, DATA-2)."""

import io
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.audit.models import AuditEntry
from mentoring.people.services import role_grant
from relationships.models import ActionItem, ActionPlan, Goal, Meeting, MeetingLog
from relationships.permissions import Reader
from relationships.services.plans import goal_action_save, goal_save, plan_save
from relationships.views.plans import workspace_part
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching

CONFIRMED = {"confirmed": "yes"}


@pytest.fixture
def relationship(mentor, mentee):
    return paired(mentor, mentee)


@pytest.fixture
def mentee_member(relationship):
    return relationship.members.get(role="mentee")


@pytest.fixture
def plan(mentee_member, staff_member):
    return plan_save(
        by=staff_member.user,
        mentee=mentee_member,
        data={
            "long_term_goal": "Lead a housing team.",
            "needs_and_strengths": "Calm under pressure; new to budgets.",
            "started_on": date(2026, 1, 5),
            "completion_on": date(2026, 12, 18),
            "next_review_on": date(2026, 4, 1),
            "commitment": 6,
            "commitment_needs": "Protected time on Fridays.",
            "comments": "Agreed at our second meeting.",
        },
    )


@pytest.fixture
def goal(plan, colleague):
    return goal_save(
        by=colleague.user,
        plan=plan,
        data={
            "specific": "Chair a team meeting",
            "measurable": "Minutes circulated the same day",
            "achievable": "The team leader will hand over one meeting",
            "realistic": "Chairing is part of the next post",
            "time_bound": date(2026, 6, 30),
            "milestones": "Agenda drafted; first meeting chaired",
            "success_criteria": "The team say it ran to time",
            "review_on": date(2026, 5, 1),
            "status": "in_progress",
            "grow_reality": "I have never chaired.",
            "scale_now": 3,
            "scale_wanted": 8,
        },
    )


@pytest.fixture
def action(goal, staff_member):
    return goal_action_save(
        by=staff_member.user,
        goal=goal,
        data={"description": "Ask to chair in June", "owner": staff_member, "due_on": None},
    )


def url(name, obj):
    return reverse(f"relationships:{name}", args=[obj.pk])


def snapshot():
    return (
        list(ActionPlan.objects.values()),
        list(Goal.objects.values()),
        list(ActionItem.objects.values()),
    )


def reads_by(person):
    return AuditEntry.objects.filter(user_id=person.user.pk, action="read", kind="action plan")


def test_a_mentee_without_a_plan_is_invited_to_start_one(client, mentee_member, staff_member):
    client.force_login(staff_member.user)
    page = client.get(url("plan", mentee_member)).text
    assert "No action plan yet" in page and "Start the action plan" in page
    assert not ActionPlan.objects.exists()
    response = client.get(url("goal_new", mentee_member))
    assert response.url == url("plan_edit", mentee_member)


def test_the_mentee_writes_the_plan_and_the_mentor_reads_it(
    client, mentee_member, staff_member, colleague
):
    client.force_login(staff_member.user)
    response = client.post(
        url("plan_edit", mentee_member),
        {"long_term_goal": "Lead a housing team.", "commitment": 9, "started_on": "2026-01-05"},
    )
    assert response.url == url("plan", mentee_member)
    plan = ActionPlan.objects.get(mentee=mentee_member)
    assert (plan.commitment, plan.started_on) == (9, date(2026, 1, 5))
    assert not reads_by(staff_member).exists()  # the mentee's own reads are not recorded
    client.force_login(colleague.user)
    page = client.get(url("plan", mentee_member)).text
    assert "Lead a housing team." in page and "9 out of 10" in page
    assert list(reads_by(colleague).values_list("object_id", flat=True)) == [plan.pk]


@pytest.mark.parametrize(
    ("page", "data", "field", "words"),
    [
        ("plan_edit", {"commitment": 5}, "commitment_needs", "increase motivation"),
        ("plan_edit", {"commitment": 11}, "commitment", "less than or equal to 10"),
        ("plan_edit", {"long_term_goal": ""}, "long_term_goal", "required"),
        (
            "plan_edit",
            {"started_on": "2026-05-01", "completion_on": "2026-04-01"},
            "completion_on",
            "after the start date",
        ),
        ("plan_edit", {"commitment": "high"}, "commitment", "whole number"),
        ("goal_new", {"specific": ""}, "specific", "required"),
        ("goal_new", {"scale_now": 7, "scale_wanted": 5}, "scale_wanted", "below where you are"),
        ("goal_new", {"scale_now": 11}, "scale_now", "less than or equal to 10"),
        ("goal_new", {"scale_wanted": -1}, "scale_wanted", "greater than or equal to 0"),
        ("goal_new", {"status": "finished"}, "status", "valid choice"),
        ("goal_edit", {"scale_now": 9, "scale_wanted": 2}, "scale_wanted", "below where"),
        ("goal_action_new", {"owner": "stranger"}, "owner", "valid choice"),
        ("goal_action_new", {"description": ""}, "description", "required"),
        ("action_edit", {"owner": "stranger"}, "owner", "valid choice"),
        ("action_edit", {"due_on": "31/02/2026"}, "due_on", "valid date"),
        ("plan_edit", {"comments": "x" * 483_000}, "comments", "at most 5000 characters"),
        ("plan_edit", {"long_term_goal": "x" * 20_001}, "long_term_goal", "at most 20000"),
        ("goal_edit", {"milestones": "x" * 20_001}, "milestones", "at most 20000 characters"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(
    client, mentee_member, action, staff_member, page, data, field, words
):
    goal = action.goal
    target = {
        "plan_edit": mentee_member,
        "goal_new": mentee_member,
        "goal_edit": goal,
        "goal_action_new": goal,
        "action_edit": action,
    }[page]
    valid = {
        "plan_edit": {"long_term_goal": "Lead a team.", "commitment": 8},
        "goal_new": {"specific": "Delegate", "status": "not_started"},
        "goal_edit": {"specific": "Delegate", "status": "not_started"},
        "goal_action_new": {"description": "Ask", "owner": staff_member.pk, "status": "to_do"},
        "action_edit": {"description": "Ask", "owner": staff_member.pk, "status": "to_do"},
    }[page]
    if data.get("owner") == "stranger":
        data = data | {"owner": StaffMemberFactory().pk}
    client.force_login(staff_member.user)
    before = snapshot()
    response = client.post(url(page, target), valid | data)
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert snapshot() == before


def test_the_optional_prompts_open_when_they_hold_an_error(client, plan, staff_member):
    client.force_login(staff_member.user)
    closed = client.get(url("goal_new", plan.mentee)).text
    assert '<details class="govuk-details">' in closed and "What would happen if you did" in closed
    response = client.post(url("goal_new", plan.mentee), {"specific": "Go", "scale_now": 12})
    assert '<details class="govuk-details" open>' in response.text


def test_the_pair_build_goals_and_actions_and_see_progress_at_a_glance(
    client, plan, staff_member, colleague
):
    client.force_login(colleague.user)
    new_goal = {
        "specific": "Chair a team meeting",
        "status": "in_progress",
        "scale_now": 3,
        "scale_wanted": 8,
        "grow_options": "Shadow the team leader.",
    }
    assert client.post(url("goal_new", plan.mentee), new_goal).status_code == 302
    client.post(url("goal_new", plan.mentee), {"specific": "Draft a budget", "status": "achieved"})
    client.post(url("goal_new", plan.mentee), {"specific": "Learn Welsh", "status": "dropped"})
    chair = Goal.objects.get(specific="Chair a team meeting")
    for description, status in [("Ask", "done"), ("Draft agenda", "to_do"), ("Old", "dropped")]:
        response = client.post(
            url("goal_action_new", chair),
            {"description": description, "owner": staff_member.pk, "status": status},
        )
        assert response.status_code == 302
    assert list(chair.actions.values_list("description", "relationship", "owner")) == [
        ("Ask", plan.mentee.relationship_id, staff_member.pk),
        ("Draft agenda", plan.mentee.relationship_id, staff_member.pk),
        ("Old", plan.mentee.relationship_id, staff_member.pk),
    ]
    page = client.get(url("plan", plan.mentee)).text
    assert "1 of 2 goals achieved (goals set aside are not counted)" in page
    assert "1 of 2 actions done" in page
    assert "on a scale of 10: now 3, wanting to be 8" in page
    assert '<strong class="govuk-tag govuk-tag--blue">In progress</strong>' in page
    assert "Shadow the team leader." in page


def test_goals_and_actions_are_changed_and_deleted_from_their_pages(
    client, action, staff_member, colleague
):
    goal = action.goal
    client.force_login(staff_member.user)
    client.post(
        url("action_edit", action),
        {"description": "Ask in July", "owner": colleague.pk, "status": "in_progress"},
    )
    action.refresh_from_db()
    assert (action.description, action.owner, action.status) == (
        "Ask in July",
        colleague,
        "in_progress",
    )
    client.post(url("goal_edit", goal), {"specific": "Chair two meetings", "status": "achieved"})
    goal.refresh_from_db()
    assert (goal.specific, goal.status, goal.scale_now) == ("Chair two meetings", "achieved", None)
    assert "Delete the action" in client.post(url("action_delete", action)).text
    assert client.post(url("action_delete", action), CONFIRMED).status_code == 302
    assert not ActionItem.objects.exists()
    assert client.post(url("goal_delete", goal), CONFIRMED).url == url("plan", goal.plan.mentee)
    assert not Goal.objects.exists()
    notes = AuditEntry.objects.filter(action="change", kind="action plan")
    assert list(notes.order_by("pk").values_list("note", flat=True))[-4:] == [
        f"Action {action.pk} on goal {goal.pk} changed.",
        f"Goal {goal.pk} changed.",
        f"Action {action.pk} on goal {goal.pk} deleted.",
        f"Goal {goal.pk} deleted.",
    ]


def test_the_owner_is_chosen_by_name_from_the_people_in_it(client, goal, staff_member):
    client.force_login(staff_member.user)
    form = client.get(url("goal_action_new", goal)).context["form"]
    owners = [label for value, label in form.fields["owner"].choices if value]
    assert owners == ["Jo Evans", "Chris Taylor"]  # by surname


def test_actions_agreed_at_a_meeting_are_not_changed_here(client, relationship, staff_member):
    meeting = Meeting.objects.create(
        relationship=relationship, starts_at=timezone.now(), minutes=60, method="video"
    )
    log = MeetingLog.objects.create(
        meeting=meeting, minutes=60, achieved="Read.", topics="Delegation", written_by=staff_member
    )
    action = ActionItem.objects.create(
        relationship=relationship, meeting_log=log, description="Read", owner=staff_member
    )
    client.force_login(staff_member.user)
    assert client.get(url("action_edit", action)).status_code == 404
    assert client.post(url("action_delete", action)).status_code == 404
    assert ActionItem.objects.filter(pk=action.pk).exists()


def test_the_pdf_is_the_plan_as_a_document(client, action, colleague):
    client.force_login(colleague.user)
    plan = action.goal.plan
    response = client.get(url("plan_pdf", plan.mentee))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for words in [
        "WORKPLACE MENTORING",
        "Action plan",
        plan.mentee.relationship.programme.name,
        "Mentee Jo Evans",
        "Mentor Chris Taylor",
        "Action plan start date 5 January 2026",
        "Estimated completion date 18 December 2026",
        "Check progress on 1 May 2026",
        "Lead a housing team.",
        "Calm under pressure",
        "1. Chair a team meeting (in progress)",
        "Measurable Minutes circulated the same day",
        "Time-bound 30 June 2026",
        "Milestones Agenda drafted",
        "Success criteria The team say it ran to time",
        "Where I am now: 3; where I want to be: 8",
        "Action Owner Timescale Status",
        "Ask to chair in June Jo Evans — To do",
        "Commitment rated 6 out of 10.",
        "Protected time on Fridays.",
        "Agreed at our second meeting.",
    ]:
        assert words in text
    assert reads_by(colleague).filter(note="PDF").count() == 1


def pdf_text(response):
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_pair_mark_a_goal_for_the_personal_development_plan(client, goal, staff_member):
    client.force_login(staff_member.user)
    page = client.get(url("plan", goal.plan.mentee)).text
    assert "Download the personal development plan record" not in page
    data = {"specific": goal.specific, "status": goal.status, "in_pdp": "on"}
    assert client.post(url("goal_edit", goal), data).status_code == 302
    goal.refresh_from_db()
    assert goal.in_pdp
    page = client.get(url("plan", goal.plan.mentee)).text
    assert "In the personal development plan" in page
    assert "1 goal marked for the personal development plan." in page
    assert url("pdp_pdf", goal.plan.mentee) in page


def test_the_pdp_record_holds_only_the_goals_marked_for_it(client, action, colleague):
    plan = action.goal.plan
    Goal.objects.filter(pk=action.goal_id).update(in_pdp=True)
    goal_save(by=colleague.user, plan=plan, data={"specific": "Keep a private diary"})
    client.force_login(colleague.user)
    response = client.get(url("pdp_pdf", plan.mentee))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response)
    for words in [
        "Personal development plan record",
        "Mentee Jo Evans",
        "Mentor Chris Taylor",
        "1. Chair a team meeting (in progress)",
        "By when 30 June 2026",
        "Ask to chair in June Jo Evans — To do",
    ]:
        assert words in text
    assert "Keep a private diary" not in text
    assert "Protected time on Fridays." not in text  # the rest of the plan stays theirs
    assert reads_by(colleague).filter(note__contains="personal development plan").count() == 1


def test_a_plan_page_read_by_the_mentor_is_audited_but_not_the_mentees(
    client, plan, staff_member, colleague
):
    for person in [staff_member, colleague]:
        client.force_login(person.user)
        client.get(url("plan", plan.mentee))
    assert not reads_by(staff_member).exists()
    assert reads_by(colleague).count() == 1


PAGES = [
    "plan",
    "plan_edit",
    "plan_pdf",
    "pdp_pdf",
    "goal_new",
    "goal_edit",
    "goal_action_new",
    "action_edit",
]
POSTS = ["plan_edit", "goal_new", "goal_edit", "goal_delete", "goal_action_new"]


def targets(action):
    goal = action.goal
    mentee = goal.plan.mentee
    return {
        "plan": mentee,
        "plan_edit": mentee,
        "plan_pdf": mentee,
        "pdp_pdf": mentee,
        "goal_new": mentee,
        "goal_edit": goal,
        "goal_delete": goal,
        "goal_action_new": goal,
        "action_edit": action,
        "action_delete": action,
    }


POST_DATA = {
    "plan_edit": {"long_term_goal": "Theirs.", "commitment": 9},
    "goal_new": {"specific": "Theirs", "status": "not_started"},
    "goal_edit": {"specific": "Theirs", "status": "achieved"},
    "goal_action_new": {"description": "Theirs", "status": "to_do"},
    "action_edit": {"description": "Theirs", "status": "done"},
}


def outsiders(line_manager, sponsor):
    other_coordinator = StaffMemberFactory()
    role_grant(user=other_coordinator.user, role="coordinator")
    programme_for_matching(other_coordinator)
    return [line_manager, sponsor, StaffMemberFactory(), other_coordinator]


def test_line_managers_sponsors_others_and_other_coordinators_find_nothing(
    client, action, line_manager, sponsor
):
    programme = action.relationship.programme
    programme.coordinator_reads_meeting_logs = True
    programme.save()
    found = targets(action)
    before = snapshot()
    for person in outsiders(line_manager, sponsor):
        client.force_login(person.user)
        for name in PAGES:
            assert client.get(url(name, found[name])).status_code == 404, (person, name)
        for name in [*POSTS, "action_edit", "action_delete"]:
            response = client.post(url(name, found[name]), POST_DATA.get(name, {}))
            assert response.status_code == 404, (person, name)
    assert snapshot() == before
    assert not AuditEntry.objects.filter(action="read").exists()


def test_the_coordinator_reads_nothing_where_the_programme_keeps_plans_private(
    client, action, coordinator
):
    found = targets(action)
    client.force_login(coordinator.user)
    before = snapshot()
    for name in PAGES:
        assert client.get(url(name, found[name])).status_code == 404, name
    for name in [*POSTS, "action_edit", "action_delete"]:
        assert client.post(url(name, found[name]), POST_DATA.get(name, {})).status_code == 404
    assert snapshot() == before
    assert not reads_by(coordinator).exists()


def test_where_the_programme_allows_the_coordinator_reads_but_never_writes(
    client, action, coordinator
):
    programme = action.relationship.programme
    programme.coordinator_reads_meeting_logs = True
    programme.save()
    found = targets(action)
    client.force_login(coordinator.user)
    page = client.get(url("plan", found["plan"])).text
    assert "Lead a housing team." in page
    assert "Edit the plan" not in page and "Add a goal" not in page
    assert client.get(url("plan_pdf", found["plan"])).status_code == 200
    assert reads_by(coordinator).count() == 2
    before = snapshot()
    for name in ["plan_edit", "goal_new", "goal_edit", "goal_action_new", "action_edit"]:
        assert client.get(url(name, found[name])).status_code == 403, name
    for name in [*POSTS, "action_edit", "action_delete"]:
        assert client.post(url(name, found[name]), POST_DATA.get(name, {})).status_code == 403
    assert snapshot() == before


def test_an_ended_relationship_shows_its_plan_read_only(client, action, staff_member):
    relationship = action.relationship
    relationship.status, relationship.ending = "ended", "completed"
    relationship.ended_at = timezone.now()
    relationship.save()
    found = targets(action)
    client.force_login(staff_member.user)
    page = client.get(url("plan", found["plan"])).text
    assert "read-only" in page and "Lead a housing team." in page
    assert "Edit the plan" not in page and "Add an action" not in page
    before = snapshot()
    for name in ["plan_edit", "goal_new", "goal_edit", "goal_action_new", "action_edit"]:
        response = client.get(url(name, found[name]), follow=True)
        assert response.redirect_chain[-1][0] == url("plan", found["plan"]), name
        assert "ended: its action plans are read-only" in response.text
    for name in [*POSTS, "action_edit", "action_delete"]:
        data = POST_DATA.get(name, {}) | CONFIRMED
        response = client.post(url(name, found[name]), data)
        assert response.status_code == 302, name
    assert snapshot() == before


def test_a_mentor_has_no_plan_outside_reciprocal_mentoring(
    client, relationship, colleague, coordinator, staff_member
):
    mentor_member = relationship.members.get(role="mentor")
    client.force_login(colleague.user)
    assert client.get(url("plan", mentor_member)).status_code == 404
    reciprocal = programme_for_matching(coordinator, mentoring_model="reciprocal")
    both = paired(
        accepted(reciprocal, colleague, "mentor"), accepted(reciprocal, staff_member, "mentee")
    )
    page = client.get(url("plan", both.members.get(role="mentor"))).text
    assert "Start the action plan" in page


def part_for(person, relationship):
    relationship = (
        type(relationship)
        .objects.select_related("programme")
        .prefetch_related("members__person")
        .get(pk=relationship.pk)
    )
    return workspace_part(Reader(person.user, relationship))


def test_the_relationship_page_part_shows_the_plan_to_the_pair(action, colleague):
    part = part_for(colleague, action.relationship)
    assert part["can_read"] is True
    [row] = part["plans"]
    assert row["member"].person.full_name == "Jo Evans"
    assert (row["exists"], row["long_term_goal"], row["commitment"]) == (
        True,
        "Lead a housing team.",
        6,
    )
    assert (row["goals_achieved"], row["goals_total"]) == (0, 1)
    assert row["url"] == url("plan", row["member"]) and row["can_change"] is True
    assert reads_by(colleague).filter(note="relationship page").count() == 1


def test_the_relationship_page_part_tells_a_coordinator_only_that_a_plan_exists(
    action, coordinator
):
    part = part_for(coordinator, action.relationship)
    assert part == {
        "can_read": False,
        "plans": [{"member": part["plans"][0]["member"], "exists": True}],
    }
    assert not reads_by(coordinator).exists()
    programme = action.relationship.programme
    programme.coordinator_reads_meeting_logs = True
    programme.save()
    [row] = part_for(coordinator, action.relationship)["plans"]
    assert row["long_term_goal"] == "Lead a housing team." and row["can_change"] is False


def test_the_relationship_page_part_offers_to_start_a_plan(relationship, staff_member):
    [row] = part_for(staff_member, relationship)["plans"]
    assert (row["exists"], row["can_change"], row["pdf_url"]) == (False, True, "")


def test_the_relationship_page_part_renders_what_each_may_see(action, colleague, coordinator):
    relationship = action.relationship
    template = "relationships/includes/workspace_plan.html"
    for_mentor = render_to_string(template, {"plan_part": part_for(colleague, relationship)})
    assert "Lead a housing team." in for_mentor and "0 of 1 goal achieved" in for_mentor
    assert url("plan_pdf", action.goal.plan.mentee) in for_mentor
    for_coordinator = render_to_string(template, {"plan_part": part_for(coordinator, relationship)})
    assert "Jo Evans: has an action plan" in for_coordinator
    assert "Lead a housing team." not in for_coordinator and "href" not in for_coordinator


def test_in_reciprocal_mentoring_each_has_a_plan_on_the_relationship_page(
    coordinator, colleague, staff_member
):
    reciprocal = programme_for_matching(coordinator, mentoring_model="reciprocal")
    both = paired(
        accepted(reciprocal, colleague, "mentor"), accepted(reciprocal, staff_member, "mentee")
    )
    rows = part_for(colleague, both)["plans"]
    assert sorted(row["member"].person.full_name for row in rows) == ["Chris Taylor", "Jo Evans"]
    assert all(row["can_change"] and not row["exists"] for row in rows)


def grow(plan, owner, count):
    goals = Goal.objects.bulk_create(
        Goal(plan=plan, specific=f"Goal {n}", status="achieved" if n % 2 else "in_progress")
        for n in range(count)
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            relationship=plan.mentee.relationship, goal=goal, description="Do it", owner=owner
        )
        for goal in goals
    )


@pytest.mark.parametrize("count", [3, 300])
def test_the_plan_page_takes_the_same_queries_whatever_the_goals_and_actions(
    client, plan, colleague, django_assert_num_queries, count
):
    grow(plan, colleague, count)
    client.force_login(colleague.user)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url("plan", plan.mentee))
    assert response.text.count("Edit<span") == count


@pytest.mark.parametrize("count", [3, 300])
def test_the_relationship_page_part_takes_the_same_queries_whatever_the_goals(
    plan, colleague, django_assert_num_queries, count
):
    grow(plan, colleague, count)
    relationship = (
        type(plan.mentee.relationship)
        .objects.select_related("programme")
        .prefetch_related("members__person")
        .get(pk=plan.mentee.relationship_id)
    )
    reader = Reader(colleague.user, relationship)
    with django_assert_num_queries(PART_QUERIES):
        part = workspace_part(reader)
    assert part["plans"][0]["goals_total"] == count


PAGE_QUERIES = 18  # with the relationship's next review
PART_QUERIES = 4


def test_an_actions_status_changes_from_the_plan_page(client, action, plan, colleague):
    client.force_login(colleague.user)
    page = url("plan", plan.mentee)
    assert f'action="{reverse("relationships:action_status", args=[action.pk])}"' in (
        client.get(page).text
    )
    client.post(
        reverse("relationships:action_status", args=[action.pk]), {"status": "done", "next": page}
    )
    action.refresh_from_db()
    assert action.status == "done"
