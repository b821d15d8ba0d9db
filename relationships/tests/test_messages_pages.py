"""The conversation page: the people in the relationship read and write it; everyone else,
whatever their role, finds no such page; reads are audited once a page; its queries do not
grow with the conversation."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from relationships.models import Message
from relationships.services.messages import message_send
from relationships.services.pairing import rematch_request
from relationships.tests import test_logs
from relationships.tests.test_leavers import all_go_ahead, group_of_three

SECRET = "MESSAGE-CANARY-77b0"
relationship = test_logs.relationship  # Chris (colleague) mentors Jo (staff_member)
outsiders = test_logs.outsiders


def page(relationship, **query):
    url = reverse("relationships:messages", args=[relationship.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def send(person, relationship, text=SECRET):
    return message_send(by=person.user, relationship=relationship, text=text)


def test_the_mentee_reads_the_mentors_message_with_his_name_and_when(
    client, relationship, colleague, staff_member
):
    with time_machine.travel(
        timezone.make_aware(timezone.datetime(2026, 12, 6, 9, 30)), tick=False
    ):
        send(colleague, relationship)
    client.force_login(staff_member.user)
    response = client.get(page(relationship))
    assert response.status_code == 200
    assert SECRET in response.text
    assert "Chris Taylor" in response.text
    assert "6 December 2026 at 9:30am" in response.text


def test_the_newest_message_is_at_the_bottom(client, relationship, colleague, staff_member):
    for n in range(3):
        send(colleague if n % 2 else staff_member, relationship, f"Number {n}")
    client.force_login(staff_member.user)
    text = client.get(page(relationship)).text
    assert text.index("Number 0") < text.index("Number 1") < text.index("Number 2")


@pytest.mark.parametrize(
    "role",
    [
        "line manager",
        "sponsor",
        "another mentor",
        "another mentee",
        "coordinator of another programme",
    ],
)
def test_nobody_outside_finds_the_conversation(client, relationship, colleague, outsiders, role):
    send(colleague, relationship)
    client.force_login(outsiders[role].user)
    assert client.get(page(relationship)).status_code == 404
    assert SECRET not in client.get(relationship.get_absolute_url()).text
    assert client.post(page(relationship), {"text": "Intruding."}).status_code == 404
    assert Message.objects.count() == 1


@pytest.mark.parametrize("reads_logs", [False, True])
def test_the_coordinator_never_reads_messages_even_where_they_read_logs(
    client, relationship, colleague, coordinator, reads_logs
):
    programme = relationship.programme
    programme.coordinator_reads_meeting_logs = reads_logs
    programme.save()
    send(colleague, relationship)
    client.force_login(coordinator.user)
    assert client.get(page(relationship)).status_code == 404
    detail = client.get(relationship.get_absolute_url())
    assert detail.status_code == 200
    assert SECRET not in detail.text and "Read the messages" not in detail.text
    assert client.post(page(relationship), {"text": "Hello."}).status_code == 404


def test_the_site_administrator_outside_it_finds_no_conversation(
    client, relationship, colleague, director
):
    director.user.is_staff = director.user.is_superuser = True
    director.user.save()
    send(colleague, relationship)
    client.force_login(director.user)
    assert client.get(page(relationship)).status_code == 404


def test_writing_on_the_page_sends_and_comes_back_to_the_newest(client, relationship, staff_member):
    client.force_login(staff_member.user)
    response = client.post(page(relationship), {"text": "  Thank you.  "})
    assert response.status_code == 302 and response.url.endswith("#newest")
    assert Message.objects.get().text == "Thank you."


@pytest.mark.parametrize(
    "text, said",
    [("", "Write your message."), ("x" * 5_001, "Your message must be 5,000 characters or fewer.")],
)
def test_a_blank_or_too_long_message_is_refused_beside_the_field(
    client, relationship, staff_member, text, said
):
    client.force_login(staff_member.user)
    response = client.post(page(relationship), {"text": text})
    assert response.status_code == 200
    assert said in response.text
    assert 'id="id_text-error"' in response.text or "govuk-error-message" in response.text
    assert not Message.objects.exists()


@pytest.mark.parametrize("query", [{"page": "abc"}, {"page": "0"}, {"page": "99"}, {"page": "-1"}])
def test_a_page_number_that_is_not_one_is_not_found(client, relationship, staff_member, query):
    client.force_login(staff_member.user)
    assert client.get(page(relationship, **query)).status_code == 404


def test_the_author_sees_change_for_five_minutes_and_then_not(client, relationship, colleague):
    message = send(colleague, relationship)
    change = reverse("relationships:message_change", args=[message.pk])
    client.force_login(colleague.user)
    assert change in client.get(page(relationship)).text
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert change not in client.get(page(relationship)).text
        response = client.get(change, follow=True)
        assert "only in the first five minutes" in response.text
        client.post(change, {"text": "Too late."})
    assert Message.objects.get().text == SECRET


def test_the_author_changes_their_message_on_its_page(client, relationship, colleague):
    message = send(colleague, relationship)
    client.force_login(colleague.user)
    change = reverse("relationships:message_change", args=[message.pk])
    assert SECRET in client.get(change).text
    response = client.post(change, {"text": "Better."})
    assert response.status_code == 302
    assert Message.objects.get().text == "Better."
    assert "(changed)" in client.get(page(relationship)).text


def test_nobody_changes_anyone_elses_message(client, relationship, colleague, staff_member):
    message = send(colleague, relationship)
    client.force_login(staff_member.user)
    change = reverse("relationships:message_change", args=[message.pk])
    assert client.get(change).status_code == 403
    assert client.post(change, {"text": "Mine now."}).status_code == 403
    assert change not in client.get(page(relationship)).text
    assert Message.objects.get().text == SECRET


# Audit


def test_reading_the_others_messages_is_audited_once_for_the_page(
    client, relationship, colleague, staff_member
):
    for n in range(12):
        send(colleague, relationship, f"Message {n}")
    client.force_login(staff_member.user)
    before = AuditEntry.objects.filter(action="read").count()
    client.get(page(relationship))
    reads = AuditEntry.objects.filter(action="read").order_by("pk")[before:]
    assert [(e.kind, e.relationship_id) for e in reads] == [("message", relationship.pk)]
    assert "12 messages" in reads[0].note and "Message" not in reads[0].note.replace("messages", "")


def test_reading_only_ones_own_messages_is_not_audited(client, relationship, colleague):
    send(colleague, relationship)
    client.force_login(colleague.user)
    client.get(page(relationship))
    assert not AuditEntry.objects.filter(action="read").exists()


# Constant queries


QUERIES = 22  # the same at both lengths: a page of 30 messages, counted once


@pytest.mark.parametrize("count", [3, 70])
def test_the_page_takes_the_same_queries_whatever_the_conversations_length(
    client, relationship, colleague, staff_member, count, django_assert_num_queries
):
    for n in range(count):
        send(colleague if n % 2 else staff_member, relationship, f"Message {n}")
    client.force_login(staff_member.user)
    client.get(page(relationship))  # reads what is there, so both runs do the same writes
    send(colleague, relationship, "One more.")
    with django_assert_num_queries(QUERIES):
        response = client.get(page(relationship))
    assert response.status_code == 200
    assert response.text.count('id="message-') == min(count + 1, 30)


# Leavers and endings


@pytest.fixture
def group(coordinator, colleague, staff_member):
    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    return group


def test_everyone_in_a_group_reads_the_one_conversation(client, group, colleague):
    send(colleague, group)
    for member in group.members.exclude(person=colleague).select_related("person__user"):
        client.force_login(member.person.user)
        assert SECRET in client.get(page(group)).text


@pytest.fixture
def left_group(group, colleague, staff_member):
    """Chris wrote to the group, then Jo left it for a new match, then Chris wrote again."""
    send(colleague, group, "WHILE-IN hello")
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        rematch_request(by=staff_member.user, relationship=group, reason="time")
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        send(colleague, group, "AFTER-LEAVING news")
    return group


def test_someone_who_left_a_group_reads_only_what_was_written_while_they_were_in_it(
    client, left_group, staff_member
):
    group = left_group
    client.force_login(staff_member.user)
    text = client.get(page(group)).text
    assert "WHILE-IN hello" in text and "AFTER-LEAVING" not in text
    assert 'name="text"' not in text and "You have left this relationship" in text
    assert client.post(page(group), {"text": "Still here?"}).status_code == 200
    assert not Message.objects.filter(author=staff_member).exists()


def test_the_relationship_page_counts_the_unread_messages(
    client, relationship, colleague, staff_member
):
    for n in range(3):
        send(colleague, relationship, f"Message {n}")
    client.force_login(staff_member.user)
    assert "3 unread" in client.get(relationship.get_absolute_url()).text
    client.get(page(relationship))
    assert "unread</strong>" not in client.get(relationship.get_absolute_url()).text


def test_the_data_download_holds_the_messages_written_and_received(
    client, relationship, colleague, staff_member, line_manager
):
    send(colleague, relationship, "FROM-CHRIS hello")
    send(staff_member, relationship, "FROM-JO thanks")
    client.force_login(staff_member.user)
    text = client.get(reverse("my_data_json")).content.decode()
    assert "FROM-CHRIS hello" in text and "FROM-JO thanks" in text
    client.force_login(line_manager.user)
    assert "FROM-" not in client.get(reverse("my_data_json")).content.decode()


def test_a_leavers_data_download_holds_only_messages_from_while_they_were_in_it(
    client, left_group, staff_member
):
    client.force_login(staff_member.user)
    text = client.get(reverse("my_data_json")).content.decode()
    assert "WHILE-IN hello" in text and "AFTER-LEAVING" not in text


def test_the_card_on_my_mentoring_counts_the_unread_messages(
    client, relationship, colleague, staff_member
):
    for n in range(2):
        send(colleague, relationship, f"Message {n}")
    client.force_login(staff_member.user)
    assert "2 unread messages" in client.get(reverse("relationships:mine")).text
    client.get(page(relationship))
    assert "unread message" not in client.get(reverse("relationships:mine")).text
    client.force_login(colleague.user)
    assert "unread message" not in client.get(reverse("relationships:mine")).text


def test_a_leaver_is_counted_the_unread_messages_from_while_they_were_in_it_and_no_others(
    client, left_group, staff_member
):
    client.force_login(staff_member.user)
    card = client.get(reverse("relationships:mine")).text
    assert "1 unread message<" in card
    assert "1 unread</strong>" in client.get(left_group.get_absolute_url()).text
    client.get(page(left_group))
    assert "unread message" not in client.get(reverse("relationships:mine")).text
    assert "unread</strong>" not in client.get(left_group.get_absolute_url()).text


def test_those_still_in_the_group_are_counted_every_message(client, left_group, staff_member):
    stayed = left_group.members.filter(role="mentee", is_live=True).first().person
    client.force_login(stayed.user)
    assert "2 unread messages" in client.get(reverse("relationships:mine")).text
    assert "2 unread</strong>" in client.get(left_group.get_absolute_url()).text


def test_a_leaver_is_counted_nothing_for_messages_written_after_they_left(
    client, group, colleague, staff_member
):
    rematch_request(by=staff_member.user, relationship=group, reason="time")
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        send(colleague, group, "AFTER-LEAVING news")
    client.force_login(staff_member.user)
    assert "unread message" not in client.get(reverse("relationships:mine")).text
    assert "unread</strong>" not in client.get(group.get_absolute_url()).text
