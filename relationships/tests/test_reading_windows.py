"""Every page, file and admin page keeps the reading windows (issue 18, findings 4 and 6): someone
who left a group reads only what was written while they were in it, and a coordinator only what
was written after the programme let coordinators read it."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    ActionItem,
    ActionPlan,
    Goal,
    Meeting,
    Relationship,
    Review,
    ReviewAnswer,
)
from relationships.services.agreements import agreement_prefill, agreement_save, agreement_sign
from relationships.services.care import summary_ask, summary_save
from relationships.services.logs import log_write
from relationships.services.pairing import rematch_request
from relationships.services.plans import goal_action_save, goal_save
from relationships.tests.test_coordinator_reads_forward import log_now, switch
from relationships.tests.test_leavers import LOG, all_go_ahead, group_of_three, logged
from tests.matching import accepted, paired, programme_for_matching, went_ahead


def later(minutes):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes))


@pytest.fixture
def group(coordinator, colleague, staff_member):
    """Chris (colleague) mentors a group of three mentees, Jo (staff_member) among them; they
    went ahead, then Jo left a minute later."""
    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    with later(1):
        rematch_request(by=staff_member.user, relationship=group, reason="time")
    return group


def stayed(group, leaver):
    """A mentee still in the group."""
    return (
        group.members.filter(role="mentee", is_live=True)
        .exclude(person=leaver)
        .select_related("person__user")
        .first()
    )


@pytest.fixture
def active(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member); the coordinators do not read logs yet."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    return went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )


def switched_on_later(coordinator, relationship, minutes=1):
    with later(minutes):
        switch(coordinator, relationship.programme, True)


def page(client, person, url):
    client.force_login(person.user)
    return client.get(url)


# The summary for the line manager


def test_a_leaver_does_not_read_a_summary_written_after_they_left(client, group, staff_member):
    other = stayed(group, staff_member)
    with later(5):
        summary_save(
            by=other.person.user, relationship=group, mentee=other.person, text="AFTER-LEAVING"
        )
    response = page(client, staff_member, reverse("relationships:summary", args=[other.pk]))
    assert response.status_code == 404
    assert "AFTER-LEAVING" not in response.text


def test_a_coordinator_does_not_read_a_summary_written_before_the_switch(
    client, active, staff_member, coordinator
):
    mentee = active.members.get(person=staff_member)
    summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text="BEFORE the switch"
    )
    switched_on_later(coordinator, active)
    response = page(client, coordinator, reverse("relationships:summary", args=[mentee.pk]))
    assert response.status_code == 404
    assert "BEFORE the switch" not in response.text


def test_a_coordinator_does_not_read_a_summary_written_before_the_switch_and_asked_after(
    client, active, staff_member, coordinator
):
    mentee = active.members.get(person=staff_member)
    summary = summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text="BEFORE the switch"
    )
    switched_on_later(coordinator, active)
    with later(2):
        summary_ask(by=staff_member.user, summary=summary)
    response = page(client, coordinator, reverse("relationships:summary", args=[mentee.pk]))
    assert response.status_code == 404
    assert "BEFORE the switch" not in response.text


# Open actions on the relationship page, and the actions of a log


def test_a_leaver_does_not_see_actions_agreed_after_they_left(
    client, group, staff_member, colleague
):
    ActionItem.objects.create(relationship=group, description="WHILE-IN action", owner=colleague)
    with later(5):
        ActionItem.objects.create(
            relationship=group, description="AFTER-LEAVING action", owner=colleague
        )
    text = page(client, staff_member, group.get_absolute_url()).text
    assert "WHILE-IN action" in text
    assert "AFTER-LEAVING action" not in text


def test_a_coordinator_sees_only_actions_agreed_after_the_switch(
    client, active, colleague, coordinator
):
    ActionItem.objects.create(relationship=active, description="BEFORE action", owner=colleague)
    switched_on_later(coordinator, active)
    with later(2):
        ActionItem.objects.create(relationship=active, description="AFTER action", owner=colleague)
    text = page(client, coordinator, active.get_absolute_url()).text
    assert "AFTER action" in text
    assert "BEFORE action" not in text


def test_a_leaver_does_not_see_actions_added_to_a_log_after_they_left(
    client, group, staff_member, colleague
):
    before = logged(group, colleague, 10, "WHILE-IN delegation")
    with later(5):
        ActionItem.objects.create(
            relationship=group, meeting_log=before, description="AFTER-LEAVING", owner=colleague
        )
    response = page(client, staff_member, reverse("relationships:log", args=[before.meeting_id]))
    assert response.status_code == 200
    assert "WHILE-IN delegation" in response.text
    assert "AFTER-LEAVING" not in response.text


def test_a_leaver_does_not_read_a_log_changed_after_they_left(
    client, group, staff_member, colleague
):
    before = logged(group, colleague, 10, "WHILE-IN delegation")
    with later(5):
        log_write(
            by=colleague.user,
            meeting=before.meeting,
            data=LOG | {"achieved": "AFTER-LEAVING edit"},
            actions=[],
        )
    response = page(client, staff_member, reverse("relationships:log", args=[before.meeting_id]))
    assert "AFTER-LEAVING edit" not in response.text
    assert "AFTER-LEAVING edit" not in client.get(group.get_absolute_url()).text


def test_a_leavers_download_holds_nothing_changed_after_they_left(
    client, group, staff_member, colleague
):
    before = logged(group, colleague, 10, "WHILE-IN delegation")
    written(group, colleague, "WHILE-IN words")
    with later(5):
        data = LOG | {"achieved": "AFTER-LEAVING edit"}
        log_write(by=colleague.user, meeting=before.meeting, data=data, actions=[])
        written(group, colleague, "AFTER-LEAVING words")
    text = page(client, staff_member, reverse("my_data_json")).content.decode()
    assert "AFTER-LEAVING" not in text


# The action plan's goals


def test_a_leaver_does_not_read_goals_added_after_they_left(client, group, staff_member):
    other = stayed(group, staff_member)
    plan = ActionPlan.objects.create(mentee=other, long_term_goal="WHILE-IN long-term goal")
    with later(5):
        Goal.objects.create(plan=plan, specific="AFTER-LEAVING goal")
    response = page(client, staff_member, reverse("relationships:plan", args=[other.pk]))
    assert response.status_code == 200
    assert "WHILE-IN long-term goal" in response.text
    assert "AFTER-LEAVING goal" not in response.text


def test_a_leaver_does_not_read_goals_or_actions_changed_after_they_left(
    client, group, staff_member, colleague
):
    other = stayed(group, staff_member)
    plan = ActionPlan.objects.create(mentee=other, long_term_goal="WHILE-IN long-term goal")
    goal = Goal.objects.create(plan=plan, specific="WHILE-IN goal")
    action = ActionItem.objects.create(
        relationship=group, goal=goal, description="WHILE-IN action", owner=colleague
    )
    with later(5):
        goal_save(by=colleague.user, plan=plan, goal=goal, data={"specific": "AFTER-LEAVING goal"})
        goal_action_save(
            by=colleague.user,
            goal=goal,
            action=action,
            data={"description": "AFTER-LEAVING action", "owner": colleague},
        )
    response = page(client, staff_member, reverse("relationships:plan", args=[other.pk]))
    assert "WHILE-IN long-term goal" in response.text
    assert "AFTER-LEAVING" not in response.text


def test_a_leavers_count_of_goals_leaves_out_those_added_after_they_left(
    client, group, staff_member
):
    other = stayed(group, staff_member)
    plan = ActionPlan.objects.create(mentee=other, long_term_goal="WHILE-IN long-term goal")
    Goal.objects.create(plan=plan, specific="WHILE-IN goal", status="achieved")
    with later(5):
        Goal.objects.create(plan=plan, specific="AFTER-LEAVING goal", status="achieved")
    text = page(client, staff_member, group.get_absolute_url()).text
    assert "WHILE-IN long-term goal" in text
    assert "1 of 1 goal achieved" in text


def test_a_coordinator_does_not_read_a_plan_begun_before_the_switch(
    client, active, staff_member, coordinator
):
    mentee = active.members.get(person=staff_member)
    plan = ActionPlan.objects.create(
        mentee=mentee, long_term_goal="Lead a team", needs_and_strengths="BEFORE needs"
    )
    Goal.objects.create(plan=plan, specific="BEFORE goal")
    switched_on_later(coordinator, active)
    with later(2):
        plan.long_term_goal = "AFTER long-term goal"
        plan.save()
    response = page(client, coordinator, reverse("relationships:plan", args=[mentee.pk]))
    assert response.status_code == 404
    assert "BEFORE" not in response.text
    text = client.get(active.get_absolute_url()).text
    assert "BEFORE" not in text
    assert "AFTER long-term goal" not in text


def test_a_coordinator_reads_a_plan_begun_after_the_switch(
    client, active, staff_member, coordinator
):
    mentee = active.members.get(person=staff_member)
    switched_on_later(coordinator, active)
    with later(2):
        plan = ActionPlan.objects.create(mentee=mentee, long_term_goal="AFTER long-term goal")
        Goal.objects.create(plan=plan, specific="AFTER goal")
    response = page(client, coordinator, reverse("relationships:plan", args=[mentee.pk]))
    assert "AFTER goal" in response.text
    assert "AFTER long-term goal" in client.get(active.get_absolute_url()).text


# The agreement


def written(relationship, author, words):
    aims = ["Delegate", "Chair a meeting", "Plan a budget"]
    data = agreement_prefill(relationship) | {"confidentiality": words, "aims": aims}
    return agreement_save(by=author.user, relationship=relationship, data=data)


def test_a_leaver_reads_the_last_agreement_written_while_they_were_in_it(
    client, group, staff_member, colleague
):
    first = written(group, colleague, "WHILE-IN words")
    agreement_sign(by=colleague.user, agreement=first, typed_name=colleague.full_name)
    with later(5):
        written(group, colleague, "AFTER-LEAVING words")
    response = page(
        client, staff_member, reverse("relationships:agreement_current", args=[group.pk])
    )
    assert response.status_code == 200
    assert "WHILE-IN words" in response.text
    assert "AFTER-LEAVING words" not in response.text
    text = client.get(group.get_absolute_url()).text
    assert reverse("relationships:agreement_pdf", args=[group.pk, 1]) in text
    assert reverse("relationships:agreement_pdf", args=[group.pk, 2]) not in text


def test_a_coordinator_is_not_linked_to_an_agreement_written_before_the_switch(
    client, active, colleague, coordinator
):
    written(active, colleague, "BEFORE the switch")
    switched_on_later(coordinator, active)
    text = page(client, coordinator, active.get_absolute_url()).text
    assert reverse("relationships:agreement_current", args=[active.pk]) not in text
    assert reverse("relationships:agreement_pdf", args=[active.pk, 1]) not in text


def test_a_leaver_does_not_read_an_agreement_changed_after_they_left(
    client, group, staff_member, colleague
):
    written(group, colleague, "WHILE-IN words")
    with later(5):
        written(group, colleague, "AFTER-LEAVING words")  # nobody had signed: changed as it stood
    response = page(
        client, staff_member, reverse("relationships:agreement_current", args=[group.pk])
    )
    assert "AFTER-LEAVING words" not in response.text
    pdf = client.get(reverse("relationships:agreement_pdf", args=[group.pk, 1]))
    assert pdf.status_code == 404


# Reviews answered, on the relationship page


def test_a_leaver_is_not_told_of_reviews_answered_after_they_left(client, group, staff_member):
    other = stayed(group, staff_member)
    with later(5):
        review = Review.objects.create(relationship=group, due_on=date(2031, 3, 14))
        ReviewAnswer.objects.create(review=review, person=other.person, helping="yes")
    text = page(client, staff_member, group.get_absolute_url()).text
    assert "14 March 2031" not in text


# The admin site: closing checklists and meetings' places


def admin_page(client, coordinator, model, record):
    coordinator.user.is_staff = True
    coordinator.user.save()
    coordinator.user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    url = reverse(f"admin:relationships_{model}_change", args=[record.pk])
    return page(client, coordinator, url)


def test_a_coordinator_does_not_read_in_the_admin_a_closing_checklist_written_before_the_switch(
    client, active, staff_member, coordinator
):
    Relationship.objects.filter(pk=active.pk).update(
        status="ended", ended_at=timezone.now(), ending="completed"
    )
    mine = active.members.get(person=staff_member)
    mine.learned = "LEARNED before the switch"
    mine.save()
    switched_on_later(coordinator, active)
    response = admin_page(client, coordinator, "member", mine)
    assert response.status_code == 200
    assert "LEARNED before the switch" not in response.text


def test_a_coordinator_does_not_read_in_the_admin_where_they_met_before_the_switch(
    client, active, coordinator
):
    met = Meeting.objects.create(
        relationship=active,
        starts_at=timezone.now(),
        minutes=60,
        method="face_to_face",
        place="PLACE before the switch",
    )
    switched_on_later(coordinator, active)
    response = admin_page(client, coordinator, "meeting", met)
    assert response.status_code == 200
    assert "PLACE before the switch" not in response.text


def test_a_coordinator_reads_in_the_admin_a_log_written_after_the_switch(
    client, active, colleague, coordinator
):
    switched_on_later(coordinator, active)
    with later(2):
        after = log_now(active, colleague, "AFTER the switch")
    response = admin_page(client, coordinator, "meetinglog", after)
    assert "AFTER the switch" in response.text
