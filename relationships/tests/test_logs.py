"""Logging a meeting, confirming it as an accurate record or suggesting a correction, the
actions agreed at it and each person's private notes: the rules, in the services (MEET-2)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.people.services import role_grant
from relationships.models import ActionItem, ActionPlan, Goal, Meeting, MeetingLog, PrivateNote
from relationships.services.logs import (
    action_set_status,
    log_confirm,
    log_correct,
    log_write,
    meeting_held,
    private_note_save,
)
from relationships.services.pairing import introduction_answer, rematch_request
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching

LOG = {
    "minutes": 45,
    "achieved": "Read the chapter on delegation.",
    "topics": "Delegating to the team",
    "challenges": "Finding time.",
    "steps_agreed": "Jo lists what to hand over.",
    "resources_needed": "The team plan.",
    "next_meeting_on": None,
}


@pytest.fixture
def relationship(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member, whose line manager is Sam): proposed, so
    only the introductory meeting has happened."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    return paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )


@pytest.fixture
def held(relationship):
    """A meeting that took place two days ago."""
    return meeting_at(relationship, days=-2)


@pytest.fixture
def outsiders(relationship, line_manager, sponsor):
    """Everyone who must never read or change this pair's logs, by role."""
    programme = relationship.programme
    other_mentor, other_mentee = StaffMemberFactory(), StaffMemberFactory()
    paired(accepted(programme, other_mentor, "mentor"), accepted(programme, other_mentee, "mentee"))
    elsewhere = StaffMemberFactory(first_name="Pat", last_name="Okafor")
    role_grant(user=elsewhere.user, role="coordinator")
    programme_for_matching(elsewhere)
    return {
        "another mentor": other_mentor,
        "another mentee": other_mentee,
        "coordinator of another programme": elsewhere,
        "line manager": line_manager,
        "sponsor": sponsor,
    }


def meeting_at(relationship, days, **fields):
    return Meeting.objects.create(
        relationship=relationship,
        starts_at=timezone.now() + timedelta(days=days),
        minutes=fields.pop("minutes", 60),
        method=fields.pop("method", "video"),
        **fields,
    )


def write(person, meeting, actions=(), **changes):
    return log_write(by=person.user, meeting=meeting, data=LOG | changes, actions=list(actions))


def row(description="", owner=None, days=7, item=None):
    """One action row; with no description, an empty row."""
    if not (description or owner):
        days = None
    due_on = timezone.localdate() + timedelta(days=days) if days is not None else None
    return {"description": description, "owner": owner, "due_on": due_on, "item": item}


def about_mentoring():
    """The audit log less the coordinator's role, granted (and audited) as the test began."""
    return AuditEntry.objects.exclude(kind="role")


def entries(**filters):
    return list(about_mentoring().filter(**filters).values_list("action", "kind", "user_id"))


def start(relationship, *people):
    for person in people:
        introduction_answer(by=person.user, relationship=relationship, goes_ahead=True)
    relationship.refresh_from_db()
    return relationship


# Writing a log


def test_the_introductory_meeting_is_logged_and_its_actions_become_action_items(
    relationship, held, colleague, staff_member
):
    log = write(
        colleague,
        held,
        [
            row("List what to hand over", staff_member, days=5),
            row(),  # an empty row is ignored
            row("Send the delegation article", colleague, days=2),
        ],
        next_meeting_on=timezone.localdate() + timedelta(days=30),
    )
    log.refresh_from_db()
    assert (log.meeting, log.written_by, log.status) == (held, colleague, "awaiting")
    assert (log.minutes, log.topics) == (45, "Delegating to the team")
    actions = list(ActionItem.objects.order_by("due_on"))
    assert [(a.description, a.owner, a.status) for a in actions] == [
        ("Send the delegation article", colleague, "to_do"),
        ("List what to hand over", staff_member, "to_do"),
    ]
    assert all(a.relationship == relationship and a.meeting_log == log for a in actions)
    assert actions[0].due_on == timezone.localdate() + timedelta(days=2)
    assert entries() == [("create", "meeting log", colleague.user.pk)]


def test_an_active_relationship_logs_its_meetings_too(relationship, colleague, staff_member):
    start(relationship, colleague, staff_member)
    assert relationship.status == "active"
    log = write(staff_member, meeting_at(relationship, days=-1))
    assert log.written_by == staff_member


@pytest.mark.parametrize(
    ("when", "fields", "words"),
    [
        (2, {}, "once it has taken place"),
        (-2, {"cancelled_at": timezone.now()}, "was cancelled"),
    ],
)
def test_only_a_meeting_that_happened_is_logged(relationship, colleague, when, fields, words):
    meeting = meeting_at(relationship, days=when, **fields)
    with pytest.raises(ValidationError, match=words):
        write(colleague, meeting)
    assert not MeetingLog.objects.exists()


def test_a_meeting_is_logged_from_the_minute_it_starts(relationship, colleague):
    meeting = meeting_at(relationship, days=1)
    with time_machine.travel(meeting.starts_at, tick=False):
        assert write(colleague, meeting).meeting == meeting


def test_an_ended_relationship_logs_nothing_more(relationship, held, colleague):
    rematch_request(by=colleague.user, relationship=relationship, reason="time")
    with pytest.raises(ValidationError, match="has ended"):
        write(colleague, held)
    assert not MeetingLog.objects.exists()


def test_nobody_outside_the_relationship_logs_its_meetings(held, outsiders, coordinator):
    for person in [*outsiders.values(), coordinator]:
        with pytest.raises(PermissionDenied):
            write(person, held)
    assert not MeetingLog.objects.exists()


def test_a_meeting_has_one_log_which_only_its_author_changes(held, colleague, staff_member):
    write(colleague, held)
    with pytest.raises(ValidationError, match="Chris Taylor has already logged this meeting"):
        write(staff_member, held, topics="My version")
    assert MeetingLog.objects.get().topics == "Delegating to the team"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"minutes": 2}, "minutes", "from 5 to 600"),
        ({"minutes": None}, "minutes", "from 5 to 600"),
        ({"achieved": " "}, "achieved", "achieved since the last meeting"),
        ({"topics": ""}, "topics", "what this meeting was about"),
        ({"next_meeting_on": timezone.localdate() - timedelta(days=5)}, "next_meeting_on", "after"),
    ],
)
def test_a_log_missing_what_it_needs_is_refused_field_by_field(
    held, colleague, changes, field, words
):
    with pytest.raises(ValidationError) as refused:
        write(colleague, held, **changes)
    assert words in " ".join(refused.value.message_dict[field])
    assert not MeetingLog.objects.exists()


@pytest.mark.parametrize(
    ("action", "field", "words"),
    [
        ("outsider", "owner", "one of the people in this relationship"),
        ({"owner": None}, "owner", "Choose who"),
        ({"description": ""}, "description", "what the action is"),
        ({"days": -3}, "due_on", "on or after the day of the meeting"),
        ({"days": None}, "due_on", "due by"),
    ],
)
def test_each_action_needs_a_live_member_and_a_date_not_before_the_meeting(
    held, colleague, staff_member, line_manager, action, field, words
):
    values = {"description": "Book the course", "owner": staff_member, "days": 4}
    values |= {"owner": line_manager} if action == "outsider" else action
    with pytest.raises(ValidationError) as refused:
        write(colleague, held, [row(), row(**values)])
    assert words in " ".join(refused.value.message_dict[f"actions-1-{field}"])
    assert not MeetingLog.objects.exists() and not ActionItem.objects.exists()


def test_someone_who_has_left_a_group_is_not_given_actions(coordinator, colleague):
    programme = programme_for_matching(coordinator, mentoring_model="group")
    mentees = [StaffMemberFactory(), StaffMemberFactory()]
    group = paired(
        accepted(programme, colleague, "mentor", capacity=2),
        accepted(programme, mentees[0], "mentee"),
    )
    group.members.create(
        person=mentees[1],
        application=accepted(programme, mentees[1], "mentee"),
        role="mentee",
        is_live=False,
    )
    meeting = meeting_at(group, days=-1)
    with pytest.raises(ValidationError) as refused:
        write(colleague, meeting, [row("Read", mentees[1])])
    assert "actions-0-owner" in refused.value.message_dict
    with pytest.raises(ValidationError, match="left this relationship"):
        write(mentees[1], meeting)


# Changing a log until it is confirmed


def test_the_author_changes_the_log_and_its_actions_until_it_is_confirmed(
    held, colleague, staff_member
):
    log = write(colleague, held, [row("Keep", staff_member), row("Drop", colleague)])
    keep, drop = log.actions.order_by("pk")
    write(
        colleague,
        held,
        [
            row("Keep, reworded", staff_member, days=9, item=keep.pk),
            row(item=drop.pk),  # emptied: removed
            row("New one", colleague),
        ],
        topics="Delegation and saying no",
    )
    log.refresh_from_db()
    assert log.topics == "Delegation and saying no" and log.status == "awaiting"
    assert sorted(log.actions.values_list("description", flat=True)) == [
        "Keep, reworded",
        "New one",
    ]
    assert log.actions.get(pk=keep.pk).due_on == timezone.localdate() + timedelta(days=9)
    assert [e[0] for e in entries()] == ["change", "create"]


def test_an_action_of_another_log_cannot_be_slipped_into_this_one(
    relationship, held, colleague, staff_member
):
    other = write(colleague, meeting_at(relationship, days=-9), [row("Theirs", staff_member)])
    write(colleague, held)
    with pytest.raises(ValidationError) as refused:
        write(colleague, held, [row("Mine now", colleague, item=other.actions.get().pk)])
    assert "actions-0-description" in refused.value.message_dict
    assert other.actions.get().description == "Theirs"


def test_a_change_after_a_correction_asks_for_confirmation_again(held, colleague, staff_member):
    log = write(colleague, held)
    log_correct(by=staff_member.user, log=log, correction="We met for an hour.")
    log = write(colleague, held, minutes=60)
    log.refresh_from_db()
    assert (log.status, log.correction, log.answered_by, log.minutes) == ("awaiting", "", None, 60)


def test_a_confirmed_log_is_locked_for_everyone(held, colleague, staff_member):
    log = write(colleague, held)
    log_confirm(by=staff_member.user, log=log)
    for person in [colleague, staff_member]:
        with pytest.raises(ValidationError, match="confirmed as an accurate record"):
            write(person, held, topics="Rewritten")
    with pytest.raises(ValidationError, match="already confirmed"):
        log_correct(by=staff_member.user, log=log, correction="Too late")
    log.refresh_from_db()
    assert (log.topics, log.status, log.correction) == ("Delegating to the team", "confirmed", "")


# Confirming or suggesting a correction (001 Appendix C)


def test_the_other_party_confirms_it_as_an_accurate_record(held, colleague, staff_member):
    log = write(colleague, held)
    log_confirm(by=staff_member.user, log=log)
    log.refresh_from_db()
    assert (log.status, log.answered_by) == ("confirmed", staff_member)
    assert timezone.now() - log.answered_at < timedelta(minutes=1)
    assert entries(action="confirm") == [("confirm", "meeting log", staff_member.user.pk)]


def test_the_author_cannot_confirm_their_own_log(held, colleague):
    log = write(colleague, held)
    for answer in [
        lambda: log_confirm(by=colleague.user, log=log),
        lambda: log_correct(by=colleague.user, log=log, correction="Fine"),
    ]:
        with pytest.raises(ValidationError, match="You wrote this log"):
            answer()
    assert MeetingLog.objects.get().status == "awaiting"


def test_nobody_outside_confirms_or_corrects(held, colleague, outsiders, coordinator):
    log = write(colleague, held)
    held.relationship.programme.coordinator_reads_meeting_logs = True
    held.relationship.programme.save()
    for person in [*outsiders.values(), coordinator]:
        with pytest.raises(PermissionDenied):
            log_confirm(by=person.user, log=log)
        with pytest.raises(PermissionDenied):
            log_correct(by=person.user, log=log, correction="No")
    assert MeetingLog.objects.get().status == "awaiting"


def test_a_correction_says_what_to_correct(held, colleague, staff_member):
    log = write(colleague, held)
    with pytest.raises(ValidationError) as refused:
        log_correct(by=staff_member.user, log=log, correction="   ")
    assert "Say what should be corrected." in refused.value.message_dict["correction"]
    assert MeetingLog.objects.get().status == "awaiting"
    log_correct(by=staff_member.user, log=log, correction="We also talked about budgets.")
    log.refresh_from_db()
    assert (log.status, log.correction) == ("correction", "We also talked about budgets.")
    assert entries(action="correct") == [("correct", "meeting log", staff_member.user.pk)]


def test_a_log_awaiting_its_correction_is_not_confirmed_meanwhile(held, colleague, staff_member):
    log = write(colleague, held)
    log_correct(by=staff_member.user, log=log, correction="Add budgets.")
    with pytest.raises(ValidationError, match="waits for Chris Taylor"):
        log_confirm(by=staff_member.user, log=log)


def test_a_version_changed_since_it_was_read_is_not_confirmed(held, colleague, staff_member):
    read = write(colleague, held)
    write(colleague, held, topics="Changed meanwhile")
    with pytest.raises(ValidationError, match="changed while you were reading"):
        log_confirm(by=staff_member.user, log=read)
    assert MeetingLog.objects.get().status == "awaiting"


def test_the_audit_never_holds_what_was_written(held, colleague, staff_member):
    marker = "CANARY-7f3a"
    log = write(colleague, held, [row(marker, staff_member)], topics=marker, achieved=marker)
    log_correct(by=staff_member.user, log=log, correction=marker)
    private_note_save(by=staff_member.user, meeting=held, text=marker)
    assert about_mentoring().count() == 3
    for entry in about_mentoring():
        assert marker not in f"{entry.who} {entry.kind} {entry.note}"


# Action items


def test_the_owner_or_the_other_person_moves_an_action_along(held, colleague, staff_member):
    write(colleague, held, [row("Book the course", staff_member)])
    action = ActionItem.objects.get()
    action_set_status(by=staff_member.user, action=action, status="in_progress")
    action_set_status(by=colleague.user, action=action, status="done")
    action.refresh_from_db()
    assert action.status == "done" and action.done_at is not None
    action_set_status(by=staff_member.user, action=action, status="to_do")
    action.refresh_from_db()
    assert (action.status, action.done_at) == ("to_do", None)
    changes = AuditEntry.objects.filter(action="change", kind="meeting log", object_id=action.pk)
    assert changes.count() == 3


def test_actions_of_a_confirmed_log_still_move_along(held, colleague, staff_member):
    log = write(colleague, held, [row("Book the course", staff_member)])
    log_confirm(by=staff_member.user, log=log)
    action_set_status(by=staff_member.user, action=log.actions.get(), status="dropped")
    assert ActionItem.objects.get().get_status_display() == "No longer needed"


def test_goal_actions_are_moved_along_the_same_way_and_audited_as_the_plan(
    relationship, staff_member
):
    plan = ActionPlan.objects.create(
        mentee=relationship.members.get(person=staff_member), long_term_goal="Lead a team."
    )
    goal = Goal.objects.create(plan=plan, specific="Chair a meeting")
    action = ActionItem.objects.create(
        relationship=relationship, goal=goal, description="Ask to chair", owner=staff_member
    )
    action_set_status(by=staff_member.user, action=action, status="done")
    assert entries() == [("change", "action plan", staff_member.user.pk)]


def test_an_unknown_status_is_refused(held, colleague, staff_member):
    write(colleague, held, [row("Book the course", staff_member)])
    with pytest.raises(ValidationError) as refused:
        action_set_status(by=staff_member.user, action=ActionItem.objects.get(), status="lost")
    assert "status" in refused.value.message_dict
    assert ActionItem.objects.get().status == "to_do"


def test_nobody_outside_moves_an_action(held, colleague, staff_member, outsiders, coordinator):
    write(colleague, held, [row("Book the course", staff_member)])
    for person in [*outsiders.values(), coordinator]:
        with pytest.raises(PermissionDenied):
            action_set_status(by=person.user, action=ActionItem.objects.get(), status="done")
    assert ActionItem.objects.get().status == "to_do"


def test_after_the_end_nobody_moves_an_action(relationship, held, colleague, staff_member):
    write(colleague, held, [row("Book the course", staff_member)])
    rematch_request(by=colleague.user, relationship=relationship, reason="time")
    action = ActionItem.objects.get()
    for person in [colleague, staff_member]:
        with pytest.raises(ValidationError, match="has ended"):
            action_set_status(by=person.user, action=action, status="done")
    assert ActionItem.objects.get().status == "to_do"


def test_outsiders_move_no_action(relationship, held, colleague, outsiders):
    write(colleague, held, [row("Book the course", colleague)])
    action = ActionItem.objects.get()
    for person in outsiders.values():
        with pytest.raises(PermissionDenied):
            action_set_status(by=person.user, action=action, status="done")


# Private notes


def test_each_person_keeps_one_private_note_per_meeting(held, colleague, staff_member):
    note = private_note_save(by=staff_member.user, meeting=held, text=" Ask about budgets. ")
    private_note_save(by=staff_member.user, meeting=held, text="Ask about budgets and rotas.")
    private_note_save(by=colleague.user, meeting=held, text="Chris's own thoughts.")
    assert PrivateNote.objects.count() == 2
    note.refresh_from_db()
    assert (note.author, note.text) == (staff_member, "Ask about budgets and rotas.")
    assert [e[:2] for e in entries(user_id=staff_member.user.pk)] == [
        ("change", "private note"),
        ("create", "private note"),
    ]


def test_a_private_note_saved_empty_is_deleted(held, staff_member):
    private_note_save(by=staff_member.user, meeting=held, text="Draft")
    assert private_note_save(by=staff_member.user, meeting=held, text="") is None
    assert not PrivateNote.objects.exists()
    assert entries(action="delete") == [("delete", "private note", staff_member.user.pk)]


def test_private_notes_are_kept_even_after_the_relationship_ends(
    relationship, held, staff_member, colleague
):
    rematch_request(by=colleague.user, relationship=relationship, reason="time")
    private_note_save(by=staff_member.user, meeting=held, text="What I learned.")
    assert PrivateNote.objects.get().text == "What I learned."


def test_nobody_outside_keeps_notes_on_the_meeting(held, outsiders, coordinator):
    for person in [*outsiders.values(), coordinator]:
        with pytest.raises(PermissionDenied):
            private_note_save(by=person.user, meeting=held, text="Mine")
    assert not PrivateNote.objects.exists()


# A meeting not arranged here


def held_data(**changes):
    return {"minutes": 50} | {k: v for k, v in LOG.items() if k != "minutes"} | changes


def test_a_meeting_not_arranged_here_is_made_with_its_log(relationship, colleague, staff_member):
    paired_a_week_ago(relationship)  # so that three hours ago is never before the pairing
    when = timezone.now() - timedelta(hours=3)
    log = meeting_held(
        by=staff_member.user,
        relationship=relationship,
        meeting=Meeting(starts_at=when, method="telephone", place="By phone"),
        data=held_data(),
        actions=[row("Call HR", staff_member, days=1)],
    )
    meeting = Meeting.objects.get()
    assert (meeting.starts_at, meeting.minutes, meeting.method) == (when, 50, "telephone")
    assert meeting.arranged_by == staff_member and log.meeting == meeting
    assert (log.minutes, log.written_by, log.status) == (50, staff_member, "awaiting")
    assert ActionItem.objects.get().meeting_log == log
    assert about_mentoring().get().note == "a meeting not arranged here"


@pytest.mark.parametrize(
    ("meeting", "data", "field", "words"),
    [
        ({"hours": 3}, {}, "starts_at", "in the past"),
        ({"hours": -24 * 40}, {}, "starts_at", "since you were paired"),
        ({"method": "pigeon"}, {}, "method", "how you met"),
        ({}, {"minutes": 500}, "minutes", "from 5 to 480"),
        ({}, {"topics": ""}, "topics", "what this meeting was about"),
    ],
)
def test_a_meeting_not_arranged_here_is_refused_whole_when_anything_is_wrong(
    relationship, staff_member, meeting, data, field, words
):
    paired_a_week_ago(relationship)
    when = timezone.now() + timedelta(hours=meeting.get("hours", -2))
    with pytest.raises(ValidationError) as refused:
        meeting_held(
            by=staff_member.user,
            relationship=relationship,
            meeting=Meeting(starts_at=when, method=meeting.get("method", "video")),
            data=held_data(**data),
            actions=[],
        )
    assert words in " ".join(refused.value.message_dict[field])
    assert not Meeting.objects.exists() and not MeetingLog.objects.exists()


def test_a_bad_action_row_leaves_no_meeting_behind(relationship, staff_member, line_manager):
    paired_a_week_ago(relationship)
    with pytest.raises(ValidationError, match="owner|action"):
        meeting_held(
            by=staff_member.user,
            relationship=relationship,
            meeting=Meeting(starts_at=timezone.now() - timedelta(hours=2), method="video"),
            data=held_data(),
            actions=[row("Tell my manager", line_manager)],
        )
    assert not Meeting.objects.exists() and not ActionItem.objects.exists()


def test_nobody_outside_logs_a_meeting_not_arranged_here(relationship, outsiders, coordinator):
    for person in [*outsiders.values(), coordinator]:
        with pytest.raises(PermissionDenied):
            meeting_held(
                by=person.user,
                relationship=relationship,
                meeting=Meeting(starts_at=timezone.now() - timedelta(hours=2), method="video"),
                data=held_data(),
                actions=[],
            )
    assert not Meeting.objects.exists()


def test_a_log_still_waiting_at_the_end_may_yet_be_confirmed_but_not_corrected(
    client, relationship, held, colleague, staff_member
):
    log = write(colleague, held)
    rematch_request(by=colleague.user, relationship=relationship, reason="time")
    with pytest.raises(ValidationError, match="has ended"):
        log_correct(by=staff_member.user, log=log, correction="Not quite.")
    client.force_login(staff_member.user)
    page = client.get(log.get_absolute_url())
    assert "you can still confirm it" in page.text
    assert "Suggest a correction" not in page.text
    log_confirm(by=staff_member.user, log=log)
    log.refresh_from_db()
    assert log.status == "confirmed"


def paired_a_week_ago(relationship):
    relationship.created_at = timezone.now() - timedelta(days=7)
    relationship.save(update_fields=["created_at"])
