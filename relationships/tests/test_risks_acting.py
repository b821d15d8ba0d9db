"""What a coordinator does about a relationship at risk (MON-1): a check-in to the pair, a
private note for the programme's coordinators, and a reason set aside until a date."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.notifications.models import Kind, Notification
from mentoring.notifications.services import notifications_send
from mentoring.people.services import role_grant
from relationships import news
from relationships.models import ActionItem, CheckIn, CoordinatorNote, SetAside
from relationships.permissions import Content, Reader
from relationships.services.care import (
    CHECK_IN_MESSAGE,
    check_in_send,
    coordinator_note_add,
    risk_set_aside,
    risk_set_aside_end,
)
from relationships.services.risks import risks_check_one
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

TODAY = timezone.localdate


@pytest.fixture
def active(coordinator, colleague, staff_member):
    """Colleague mentors staff_member; an action of theirs is a week overdue."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    relationship = went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )
    ActionItem.objects.create(
        relationship=relationship,
        description="Book the course",
        owner=staff_member,
        due_on=TODAY() - timedelta(days=7),
    )
    risks_check_one(relationship=relationship)
    relationship.refresh_from_db()
    assert relationship.actions_overdue
    mail.outbox.clear()
    return relationship


@pytest.fixture
def refused(colleague, staff_member, line_manager, sponsor):
    """Everyone who may not act on it: the pair, the mentee's line manager, the sponsor and a
    coordinator of another programme."""
    other = StaffMemberFactory()
    role_grant(user=other.user, role="coordinator")
    programme_for_matching(other)
    return [colleague, staff_member, line_manager, sponsor, other]


def test_a_check_in_reaches_each_of_the_pair_once_and_records_who_when_and_to_whom(
    active, coordinator, colleague, staff_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        check_in = check_in_send(by=coordinator.user, relationship=active, message=CHECK_IN_MESSAGE)
    assert check_in.sent_by == coordinator
    assert check_in.sent_at is not None
    assert set(check_in.sent_to.all()) == {colleague, staff_member}
    told = Notification.objects.filter(kind=Kind.CHECK_IN, about=check_in.pk)
    assert sorted(told.values_list("person", flat=True)) == sorted([colleague.pk, staff_member.pk])
    assert all(CHECK_IN_MESSAGE in n.message for n in told)
    emailed = sorted(m.to[0] for m in mail.outbox)
    assert emailed == sorted([colleague.user.email, staff_member.user.email])
    with django_capture_on_commit_callbacks(execute=True):  # sent again
        notifications_send(occasions=[news.check_in(check_in, colleague.pk)])
    assert told.count() == 2
    assert len(mail.outbox) == 2


def test_pressing_send_twice_sends_the_check_in_once(active, coordinator):
    check_in_send(by=coordinator.user, relationship=active, message=CHECK_IN_MESSAGE)
    with pytest.raises(ValidationError):
        check_in_send(by=coordinator.user, relationship=active, message=CHECK_IN_MESSAGE)
    assert CheckIn.objects.count() == 1
    assert Notification.objects.filter(kind=Kind.CHECK_IN).count() == 2
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        check_in_send(by=coordinator.user, relationship=active, message=CHECK_IN_MESSAGE)
    assert CheckIn.objects.count() == 2


def test_a_check_in_may_be_reworded_and_must_say_something(active, coordinator):
    check_in = check_in_send(by=coordinator.user, relationship=active, message=" Shall we talk? ")
    assert check_in.message == "Shall we talk?"
    with pytest.raises(ValidationError) as refusal:
        check_in_send(by=coordinator.user, relationship=active, message="  ")
    assert "message" in refusal.value.message_dict
    with pytest.raises(ValidationError):
        check_in_send(by=coordinator.user, relationship=active, message="x" * 281)
    assert CheckIn.objects.count() == 1


def test_nobody_but_a_coordinator_of_the_programme_sends_a_check_in(active, refused):
    for person in refused:
        with pytest.raises(PermissionDenied):
            check_in_send(by=person.user, relationship=active, message=CHECK_IN_MESSAGE)
    assert not CheckIn.objects.exists()
    assert not Notification.objects.filter(kind=Kind.CHECK_IN).exists()


def test_a_coordinator_in_the_relationship_does_not_check_in_on_it(active, colleague):
    role_grant(user=colleague.user, role="coordinator")
    active.programme.coordinators.add(colleague)
    with pytest.raises(PermissionDenied):
        check_in_send(by=colleague.user, relationship=active, message=CHECK_IN_MESSAGE)


def test_a_coordinator_note_is_read_only_by_the_programmes_coordinators_and_audited(
    active, coordinator, colleague, staff_member, line_manager, sponsor
):
    note = coordinator_note_add(by=coordinator.user, relationship=active, text=" Call Jo. ")
    assert note.text == "Call Jo." and note.written_by == coordinator
    assert AuditEntry.objects.filter(
        action="create", kind="coordinator note", object_id=note.pk
    ).exists()
    assert Reader(coordinator.user, active).can_read_record(note)
    for person in [colleague, staff_member, line_manager, sponsor]:
        assert not Reader(person.user, active).can_read(Content.COORDINATOR_NOTE)


def test_nobody_else_adds_a_note_and_an_empty_note_is_refused(active, coordinator, refused):
    for person in refused:
        with pytest.raises(PermissionDenied):
            coordinator_note_add(by=person.user, relationship=active, text="Mine.")
    with pytest.raises(ValidationError):
        coordinator_note_add(by=coordinator.user, relationship=active, text=" ")
    assert not CoordinatorNote.objects.exists()


def test_a_reason_set_aside_stops_showing_until_its_date_and_comes_back_that_day(
    active, coordinator
):
    until = TODAY() + timedelta(days=14)
    set_aside = risk_set_aside(
        by=coordinator.user,
        relationship=active,
        reason="actions_overdue",
        until=until,
        why="Jo is on leave.",
    )
    active.refresh_from_db()
    assert not active.actions_overdue and active.reasons_at_risk == 0
    assert set_aside.set_by == coordinator
    assert AuditEntry.objects.filter(kind="coordinator note", object_id=set_aside.pk).exists()
    with time_machine.travel(timezone.now() + timedelta(days=13), tick=False):
        risks_check_one(relationship=active)
        active.refresh_from_db()
        assert not active.actions_overdue
    with time_machine.travel(timezone.now() + timedelta(days=14), tick=False):
        risks_check_one(relationship=active)
        active.refresh_from_db()
        assert active.actions_overdue and active.reasons_at_risk == 1


def test_setting_aside_another_reason_leaves_the_others_flagged(active, coordinator):
    active.review_needed = "A new line-management link."
    active.save()
    risks_check_one(relationship=active)
    risk_set_aside(
        by=coordinator.user,
        relationship=active,
        reason="actions_overdue",
        until=TODAY() + timedelta(days=7),
        why="On leave.",
    )
    active.refresh_from_db()
    assert active.line_management and active.reasons_at_risk == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"reason": "no_meeting"}, "reason"),  # does not apply now
        ({"reason": "concern"}, "reason"),  # dealt with, not set aside
        ({"until": 0}, "until"),
        ({"until": -1}, "until"),
        ({"until": 184}, "until"),
        ({"until": None}, "until"),
        ({"why": "  "}, "why"),
    ],
)
def test_a_set_aside_needs_a_reason_that_applies_a_date_to_come_and_why(
    active, coordinator, change, field
):
    data = {"reason": "actions_overdue", "until": TODAY() + timedelta(days=7), "why": "Leave."}
    if "until" in change and change["until"] is not None:
        change = {"until": TODAY() + timedelta(days=change["until"])}
    with pytest.raises(ValidationError) as refusal:
        risk_set_aside(by=coordinator.user, relationship=active, **(data | change))
    assert field in refusal.value.message_dict
    assert not SetAside.objects.exists()
    active.refresh_from_db()
    assert active.actions_overdue


def test_nobody_else_sets_a_reason_aside(active, refused):
    for person in refused:
        with pytest.raises(PermissionDenied):
            risk_set_aside(
                by=person.user,
                relationship=active,
                reason="actions_overdue",
                until=TODAY() + timedelta(days=7),
                why="Mine.",
            )
    assert not SetAside.objects.exists()


def set_aside_for_a_fortnight(active, coordinator):
    return risk_set_aside(
        by=coordinator.user,
        relationship=active,
        reason="actions_overdue",
        until=TODAY() + timedelta(days=14),
        why="Jo is on leave.",
    )


def test_a_reason_set_aside_can_be_brought_back_before_its_date(active, coordinator):
    set_aside = set_aside_for_a_fortnight(active, coordinator)
    risk_set_aside_end(by=coordinator.user, set_aside=set_aside)
    set_aside.refresh_from_db()
    assert set_aside.until == TODAY()
    active.refresh_from_db()
    assert active.actions_overdue and active.reasons_at_risk == 1
    assert AuditEntry.objects.filter(
        kind="coordinator note", object_id=set_aside.pk, note__contains="brought back"
    ).exists()


def test_a_set_aside_already_over_cannot_be_brought_back_again(active, coordinator):
    set_aside = set_aside_for_a_fortnight(active, coordinator)
    risk_set_aside_end(by=coordinator.user, set_aside=set_aside)
    with pytest.raises(ValidationError):
        risk_set_aside_end(by=coordinator.user, set_aside=set_aside)


def test_nobody_else_brings_a_reason_back(active, coordinator, refused):
    set_aside = set_aside_for_a_fortnight(active, coordinator)
    for person in refused:
        with pytest.raises(PermissionDenied):
            risk_set_aside_end(by=person.user, set_aside=set_aside)
    set_aside.refresh_from_db()
    assert set_aside.until == TODAY() + timedelta(days=14)


def test_nothing_is_done_to_an_ended_relationship(active, coordinator):
    active.status, active.ended_at, active.ending = "ended", timezone.now(), "completed"
    active.save()
    with pytest.raises(ValidationError):
        check_in_send(by=coordinator.user, relationship=active, message=CHECK_IN_MESSAGE)
    assert not CheckIn.objects.exists()


def test_each_downloads_what_they_wrote_and_the_pair_never_the_coordinators_notes(
    active, coordinator, staff_member
):
    from mentoring.people.export import personal_data_json

    check_in_send(by=coordinator.user, relationship=active, message="How is it going?")
    coordinator_note_add(by=coordinator.user, relationship=active, text="Call Jo.")
    risk_set_aside(
        by=coordinator.user,
        relationship=active,
        reason="actions_overdue",
        until=TODAY() + timedelta(days=7),
        why="Jo is on leave.",
    )
    theirs = personal_data_json(coordinator)
    assert "Call Jo." in theirs and "Jo is on leave." in theirs
    jos = personal_data_json(staff_member)
    assert "How is it going?" in jos
    assert "Call Jo." not in jos and "Jo is on leave." not in jos
