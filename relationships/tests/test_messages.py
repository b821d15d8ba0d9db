"""Messages between the people in a relationship (issue 23): one conversation, written by
those live in it, changed by their author for five minutes, read by nobody else, and told of
by email without the text, once until read."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.notifications.models import Notification, Preference
from mentoring.notifications.services import digests_send
from relationships.models import Member, Message, Relationship
from relationships.services.lifecycle import relationship_end
from relationships.services.messages import conversation_seen, message_edit, message_send
from relationships.services.pairing import rematch_request
from relationships.services.retention import content_erase
from relationships.tests import test_logs
from relationships.tests.test_leavers import all_go_ahead, group_of_three

SECRET = "MESSAGE-CANARY-5f1a"
relationship = test_logs.relationship  # Chris mentors Jo, proposed


def send(person, relationship, text=SECRET):
    return message_send(by=person.user, relationship=relationship, text=text)


def test_someone_in_the_relationship_writes_to_it(relationship, colleague):
    message = send(colleague, relationship)
    assert (message.author, message.text, message.relationship) == (colleague, SECRET, relationship)
    assert Message.objects.count() == 1


def test_writing_is_audited_without_the_text(relationship, colleague):
    send(colleague, relationship)
    entry = AuditEntry.objects.get(kind="message")
    assert entry.action == "create" and SECRET not in entry.note


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_a_blank_message_is_refused(relationship, colleague, text):
    with pytest.raises(ValidationError) as refused:
        send(colleague, relationship, text)
    assert refused.value.message_dict == {"text": ["Write your message."]}
    assert not Message.objects.exists()


def test_a_message_past_5000_characters_is_refused_even_without_a_form(relationship, colleague):
    with pytest.raises(ValidationError) as refused:
        send(colleague, relationship, "x" * 5_001)
    assert "text" in refused.value.message_dict
    assert not Message.objects.exists()
    assert send(colleague, relationship, "x" * 5_000).text == "x" * 5_000


@pytest.mark.parametrize("who", ["line_manager", "sponsor", "coordinator"])
def test_nobody_outside_the_relationship_writes_to_it(relationship, request, who):
    with pytest.raises(PermissionDenied):
        send(request.getfixturevalue(who), relationship)
    assert not Message.objects.exists()


def test_the_author_changes_their_message_within_five_minutes(relationship, colleague):
    message = send(colleague, relationship)
    with time_machine.travel(timezone.now() + timedelta(minutes=4, seconds=50)):
        changed = message_edit(by=colleague.user, message=message, text="Better words.")
    assert changed.text == "Better words." and changed.edited_at is not None


def test_after_five_minutes_the_change_is_refused_with_a_clear_message(relationship, colleague):
    message = send(colleague, relationship)
    later = time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1))
    with later, pytest.raises(ValidationError) as refused:
        message_edit(by=colleague.user, message=message, text="Too late.")
    assert refused.value.message_dict["text"] == [
        "You can change a message only in the first five minutes after you send it."
    ]
    assert Message.objects.get().text == SECRET


def test_nobody_changes_someone_elses_message(relationship, colleague, staff_member):
    message = send(colleague, relationship)
    with pytest.raises(PermissionDenied):
        message_edit(by=staff_member.user, message=message, text="Not mine.")
    assert Message.objects.get().text == SECRET


def test_once_it_has_ended_nobody_writes_or_changes_a_message(
    relationship,
    colleague,
    staff_member,
):
    message = send(colleague, relationship)
    relationship.status, relationship.started_at = "active", timezone.now() - timedelta(days=30)
    relationship.save()
    relationship_end(
        by=staff_member.user,
        relationship=relationship,
        reason="goals_achieved",
        learned="To listen.",
        next_steps="Lead a team.",
    )
    for person in (colleague, staff_member):
        with pytest.raises(ValidationError, match="ended"):
            send(person, relationship)
    with pytest.raises(ValidationError, match="ended"):
        message_edit(by=colleague.user, message=message, text="Changed.")
    assert list(Message.objects.values_list("text", flat=True)) == [SECRET]


@pytest.fixture
def group(coordinator, colleague, staff_member):
    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    return group


def test_someone_who_left_a_group_no_longer_writes_to_it(group, staff_member):
    rematch_request(by=staff_member.user, relationship=group, reason="time")
    with pytest.raises(ValidationError, match="left"):
        send(staff_member, group)
    assert not Message.objects.exists()


def test_a_leaver_of_the_organisation_no_longer_writes(relationship, staff_member):
    staff_member.is_active = False
    staff_member.save()
    with pytest.raises(ValidationError, match="left"):
        send(staff_member, relationship)


# Telling people


def test_the_others_are_told_who_wrote_never_what(
    relationship,
    colleague,
    staff_member,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(colleague, relationship)
    told = Notification.objects.get(kind="new_message")
    assert told.person == staff_member
    assert told.message.startswith("You have a new message from Chris Taylor")
    assert told.link == f"/mentoring/{relationship.pk}/messages/"
    (email,) = mail.outbox
    assert email.to == [staff_member.work_email]
    assert email.subject == "You have a new message"
    assert "Chris Taylor" in email.body and told.link in email.body
    for part in [email.subject, email.body, *(html for html, _ in email.alternatives)]:
        assert SECRET not in part


def test_a_burst_of_ten_messages_is_one_email_until_it_is_read(
    client,
    relationship,
    colleague,
    staff_member,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            send(colleague, relationship, f"Message {n}")
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(person=staff_member, kind="new_message").count() == 1
    client.force_login(staff_member.user)
    client.get(f"/mentoring/{relationship.pk}/messages/")
    assert Notification.objects.get(person=staff_member, kind="new_message").read_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        send(colleague, relationship, "After you read.")
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(person=staff_member, kind="new_message").count() == 2


def test_a_message_come_while_the_page_was_loading_keeps_its_notice_unread(
    relationship, colleague, staff_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        shown = send(colleague, relationship, "Shown on the page.")
        send(colleague, relationship, "Came meanwhile.")  # told by the same notice
    member = Member.objects.get(relationship=relationship, person=staff_member)
    conversation_seen(member=member, up_to=shown.pk)
    assert Notification.objects.get(person=staff_member, kind="new_message").read_at is None
    conversation_seen(member=Member.objects.get(pk=member.pk), up_to=shown.pk + 1)
    assert Notification.objects.get(person=staff_member, kind="new_message").read_at is not None


def test_the_sender_is_never_told_of_their_own_message(relationship, colleague):
    send(colleague, relationship)
    assert not Notification.objects.filter(person=colleague, kind="new_message").exists()


def test_in_a_group_everyone_still_in_it_is_told_but_not_who_left(
    group, colleague, staff_member, django_capture_on_commit_callbacks
):
    rematch_request(by=staff_member.user, relationship=group, reason="time")
    with django_capture_on_commit_callbacks(execute=True):
        send(colleague, group)
    told = set(Notification.objects.filter(kind="new_message").values_list("person", flat=True))
    stayed = set(
        group.members.filter(is_live=True)
        .exclude(person=colleague)
        .values_list("person", flat=True)
    )
    assert told == stayed and len(stayed) == 2
    assert staff_member.pk not in told


def test_someone_who_chose_the_digest_reads_of_it_there_once_a_day(
    relationship,
    colleague,
    staff_member,
    django_capture_on_commit_callbacks,
):
    Preference.objects.create(person=staff_member, kind="new_message", how="daily_digest")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(colleague, relationship)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    (digest,) = mail.outbox
    assert "You have a new message from Chris Taylor" in digest.body
    assert SECRET not in digest.body
    assert all(SECRET not in html for html, _ in digest.alternatives)


def test_a_message_read_in_the_portal_is_left_out_of_the_digest(
    client,
    relationship,
    colleague,
    staff_member,
    django_capture_on_commit_callbacks,
):
    Preference.objects.create(person=staff_member, kind="new_message", how="daily_digest")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(colleague, relationship)
    client.force_login(staff_member.user)
    assert client.get(f"/mentoring/{relationship.pk}/messages/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    assert mail.outbox == []
    assert Notification.objects.get(person=staff_member, kind="new_message").emailed_at is None


def test_the_digest_tells_of_the_message_written_after_the_one_read(
    client,
    relationship,
    colleague,
    staff_member,
    django_capture_on_commit_callbacks,
):
    Preference.objects.create(person=staff_member, kind="new_message", how="daily_digest")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(colleague, relationship, "Read in the portal.")
    client.force_login(staff_member.user)
    client.get(f"/mentoring/{relationship.pk}/messages/")
    with django_capture_on_commit_callbacks(execute=True):
        send(colleague, relationship, "Not read yet.")
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    (digest,) = mail.outbox
    assert digest.body.count("You have a new message from Chris Taylor") == 1


# Retention


def test_retention_erases_the_conversation(relationship, colleague):
    send(colleague, relationship)
    long_ago = timezone.now() - timedelta(days=3650)
    Relationship.objects.filter(pk=relationship.pk).update(
        status="ended", ended_at=long_ago, ending="completed"
    )
    content_erase()
    assert not Message.objects.exists()
    assert Member.objects.filter(relationship=relationship).count() == 2
