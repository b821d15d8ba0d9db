"""Private notes are only ever their author's, and a meeting log only the pair's (and the
coordinator's where the programme allows): a marker planted in them never shows elsewhere
(DATA-1)."""

import pytest
from django.urls import reverse

from relationships.services.logs import private_note_save
from relationships.tests import test_logs
from relationships.tests.test_logs import row, write

# The shared people and meeting of test_logs, as fixtures here too.
held = test_logs.held
outsiders = test_logs.outsiders
relationship = test_logs.relationship


NOTE = "NOTE-CANARY-41c9"
LOG_TEXT = "LOG-CANARY-8d2e"


@pytest.fixture
def planted(held, colleague, staff_member):
    """Jo's private note and Chris's log of the same meeting, each carrying its marker."""
    write(colleague, held, [row(LOG_TEXT, staff_member)], topics=LOG_TEXT, achieved=LOG_TEXT)
    private_note_save(by=staff_member.user, meeting=held, text=NOTE)
    return held


def every_response(client, meeting):
    """Every page showing this meeting, its log, its notes or its relationship."""
    relationship = meeting.relationship
    pages = [
        reverse("relationships:log", args=[meeting.pk]),
        reverse("relationships:log_write", args=[meeting.pk]),
        reverse("relationships:private_note", args=[meeting.pk]),
        reverse("relationships:meeting_held", args=[relationship.pk]),
        reverse("relationships:detail", args=[relationship.pk]),
        reverse("relationships:mine"),
        reverse("audit:search"),
    ]
    return {page: client.get(page, follow=True) for page in pages}


def test_a_private_note_is_read_by_its_author(client, planted, staff_member):
    client.force_login(staff_member.user)
    page = client.get(reverse("relationships:private_note", args=[planted.pk]))
    assert NOTE in page.text


@pytest.mark.parametrize("coordinator_reads_logs", [False, True])
def test_nobody_else_ever_reads_a_private_note(
    client, planted, colleague, coordinator, outsiders, coordinator_reads_logs
):
    programme = planted.relationship.programme
    programme.coordinator_reads_meeting_logs = coordinator_reads_logs
    programme.save()
    others = {"the other participant": colleague, "coordinator": coordinator} | outsiders
    for role, person in others.items():
        client.force_login(person.user)
        for page, response in every_response(client, planted).items():
            assert NOTE not in response.content.decode(), (role, page)


def test_the_log_is_never_shown_outside_the_pair(client, planted, coordinator, outsiders):
    for role, person in ({"coordinator": coordinator} | outsiders).items():
        client.force_login(person.user)
        for page, response in every_response(client, planted).items():
            assert LOG_TEXT not in response.content.decode(), (role, page)


def test_the_other_participant_reads_the_log_but_not_the_note(client, planted, colleague):
    client.force_login(colleague.user)
    page = client.get(reverse("relationships:log", args=[planted.pk]))
    assert LOG_TEXT in page.text and NOTE not in page.text
    own = client.get(reverse("relationships:private_note", args=[planted.pk]))
    assert own.status_code == 200 and NOTE not in own.text  # Chris's own (empty) notes
