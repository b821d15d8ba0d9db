"""The pages for meeting logs: writing, reading, confirming, correcting, actions and notes,
and who is refused at each (MEET-2)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from relationships.models import ActionItem, Meeting, MeetingLog, PrivateNote
from relationships.services.logs import log_confirm, private_note_save
from relationships.tests import test_logs
from relationships.tests.test_logs import LOG, meeting_at, paired_a_week_ago, row, write

# The shared people and meeting of test_logs, as fixtures here too.
held = test_logs.held
outsiders = test_logs.outsiders
relationship = test_logs.relationship


def url(name, obj):
    return reverse(f"relationships:{name}", args=[obj.pk])


def log_form(actions=(), initial=0, **changes):
    """What the write page posts: the log's fields and its formset of action rows."""
    data = {k: "" if v is None else v for k, v in (LOG | changes).items()}
    data |= {"actions-TOTAL_FORMS": len(actions), "actions-INITIAL_FORMS": initial}
    for index, action in enumerate(actions):
        data |= {f"actions-{index}-{k}": "" if v is None else v for k, v in action.items()}
    return data


def day(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def state():
    return (
        list(MeetingLog.objects.values_list("pk", "status", "topics", "correction", "minutes")),
        list(ActionItem.objects.values_list("pk", "status", "description", "due_on")),
        list(PrivateNote.objects.values_list("pk", "text")),
        list(Meeting.objects.values_list("pk", "starts_at")),
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def allow_coordinator(relationship, allowed=True):
    relationship.programme.coordinator_reads_meeting_logs = allowed
    relationship.programme.save()


# Writing


def test_the_write_page_prefills_the_planned_length_and_the_next_meeting(
    client, relationship, colleague
):
    meeting = meeting_at(relationship, days=-1, minutes=75)
    following = meeting_at(relationship, days=13)
    meeting_at(relationship, days=6, cancelled_at=timezone.now())
    client.force_login(colleague.user)
    response = client.get(url("log_write", meeting))
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["minutes"] == 75
    assert initial["next_meeting_on"] == timezone.localdate(following.starts_at)
    assert "Actions for the mentee or mentor before the next meeting" in response.text
    owners = [label for value, label in response.context["formset"].forms[0]["owner"].field.choices]
    assert owners == ["Choose who", "Jo Evans", "Chris Taylor"]


def test_logging_from_the_page_makes_the_log_and_its_action_items(
    client, held, colleague, staff_member
):
    client.force_login(colleague.user)
    rows = [
        {"description": "Shadow a team meeting", "owner": staff_member.pk, "due_on": day(10)},
        {"description": "", "owner": "", "due_on": ""},
    ]
    response = client.post(url("log_write", held), log_form(rows))
    log = MeetingLog.objects.get()
    assert response.status_code == 302 and response.url == log.get_absolute_url()
    assert (log.written_by, log.topics, log.status) == (colleague, LOG["topics"], "awaiting")
    action = ActionItem.objects.get()
    assert (action.description, action.owner, action.meeting_log) == (
        "Shadow a team meeting",
        staff_member,
        log,
    )


@pytest.mark.parametrize(
    ("action", "field", "words"),
    [
        ({"owner": "line_manager"}, "owner", "one of the people in this relationship"),
        ({"due_on": day(-10)}, "due_on", "on or after the day of the meeting"),
        ({"due_on": ""}, "due_on", "due by"),
        ({"description": ""}, "description", "what the action is"),
    ],
)
def test_a_bad_action_row_is_refused_next_to_its_field_and_nothing_is_saved(
    client, held, colleague, staff_member, line_manager, action, field, words
):
    client.force_login(colleague.user)
    values = {"description": "Read", "owner": staff_member.pk, "due_on": day(3)} | action
    if values["owner"] == "line_manager":
        values["owner"] = line_manager.pk
    before = state()
    response = client.post(url("log_write", held), log_form([values]))
    assert response.status_code == 200
    assert words in " ".join(response.context["formset"].forms[0].errors[field])
    assert state() == before


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"minutes": 2}, "minutes", "greater than or equal to 5"),
        ({"topics": ""}, "topics", "required"),
        ({"next_meeting_on": day(-30)}, "next_meeting_on", "after this meeting"),
    ],
)
def test_a_bad_log_field_is_refused_next_to_it(client, held, colleague, changes, field, words):
    client.force_login(colleague.user)
    response = client.post(url("log_write", held), log_form(**changes))
    assert words in " ".join(response.context["form"].errors[field])
    assert not MeetingLog.objects.exists()


def test_a_meeting_to_come_cannot_be_logged_from_its_page(client, relationship, colleague):
    meeting = meeting_at(relationship, days=2)
    client.force_login(colleague.user)
    response = client.get(url("log_write", meeting), follow=True)
    assert "once it has taken place" in " ".join(messages_of(response))
    response = client.post(url("log_write", meeting), log_form())
    assert response.status_code == 302 and not MeetingLog.objects.exists()


def test_the_author_edits_rows_already_there(client, held, colleague, staff_member):
    log = write(colleague, held, [row("Read", staff_member)])
    action = log.actions.get()
    client.force_login(colleague.user)
    page = client.get(url("log_write", held))
    assert page.context["formset"].forms[0].initial["description"] == "Read"
    rows = [
        {"item": action.pk, "description": "Read two chapters", "owner": staff_member.pk},
        {"description": "Draft the email", "owner": colleague.pk, "due_on": day(2)},
    ]
    rows[0]["due_on"] = action.due_on.isoformat()
    response = client.post(url("log_write", held), log_form(rows, initial=1, topics="More"))
    assert response.status_code == 302
    assert sorted(ActionItem.objects.values_list("description", flat=True)) == [
        "Draft the email",
        "Read two chapters",
    ]
    assert MeetingLog.objects.get().topics == "More"


# Reading, confirming and correcting


def test_the_other_party_reads_the_log_and_is_asked_to_confirm_it(
    client, held, colleague, staff_member
):
    write(colleague, held, [row("Shadow a team meeting", staff_member)])
    client.force_login(staff_member.user)
    response = client.get(url("log", held))
    assert response.status_code == 200
    for words in [LOG["achieved"], LOG["topics"], "Shadow a team meeting", "Jo Evans"]:
        assert words in response.text
    assert "Confirm it as an accurate record" in response.text
    assert "Suggest a correction" in response.text
    assert "Change the log" not in response.text
    read = AuditEntry.objects.get(action="read")
    assert (read.user_id, read.kind, read.object_id) == (
        staff_member.user.pk,
        "meeting log",
        MeetingLog.objects.get().pk,
    )


def test_the_author_reads_their_own_log_unaudited_and_may_change_it(client, held, colleague):
    write(colleague, held)
    client.force_login(colleague.user)
    response = client.get(url("log", held))
    assert "Change the log" in response.text
    assert "Confirm it as an accurate record" not in response.text
    assert not AuditEntry.objects.filter(action="read").exists()


def test_where_the_programme_asks_the_log_leads_the_mentee_to_their_action_plan(
    client, held, colleague, staff_member
):
    held.relationship.programme.plan_after_each_meeting = True
    held.relationship.programme.save()
    write(colleague, held)
    client.force_login(staff_member.user)
    page = client.get(url("log", held)).text
    mentee = held.relationship.members.get(person=staff_member)
    assert "Next: the action plan" in page
    assert "asks you to complete your action plan after each meeting" in page
    assert f'href="{url("plan", mentee)}">Update your action plan' in page


def test_the_mentor_is_shown_whose_plan_the_meeting_feeds(client, held, colleague, staff_member):
    held.relationship.programme.plan_after_each_meeting = True
    held.relationship.programme.save()
    write(staff_member, held)
    client.force_login(colleague.user)
    page = client.get(url("log", held)).text
    mentee = held.relationship.members.get(person=staff_member)
    assert "asks the mentee to complete the action plan after each meeting" in page
    assert f'href="{url("plan", mentee)}">Jo Evans' in page


def test_where_the_programme_does_not_ask_the_log_still_links_the_plan_without_saying_so(
    client, held, colleague, staff_member
):
    write(colleague, held)
    client.force_login(staff_member.user)
    page = client.get(url("log", held)).text
    assert "Update your action plan" in page
    assert "after each meeting" not in page


def test_a_coordinator_reading_the_log_is_not_offered_the_plan(
    client, held, colleague, coordinator
):
    allow_coordinator(held.relationship)
    write(colleague, held)
    client.force_login(coordinator.user)
    page = client.get(url("log", held)).text
    assert "action plan" not in page


def test_a_meeting_not_logged_has_no_log_page(client, held, colleague):
    client.force_login(colleague.user)
    assert client.get(url("log", held)).status_code == 404


def test_confirming_from_the_page_locks_the_log(client, held, colleague, staff_member):
    write(colleague, held)
    client.force_login(staff_member.user)
    version = client.get(url("log", held)).context["confirm_form"].initial["version"]
    response = client.post(url("log_confirm", held), {"version": version}, follow=True)
    assert "Confirmed as an accurate record" in " ".join(messages_of(response))
    log = MeetingLog.objects.get()
    assert (log.status, log.answered_by) == ("confirmed", staff_member)
    assert "Confirm it as an accurate record" not in response.text


def test_a_page_showing_an_earlier_version_confirms_nothing(client, held, colleague, staff_member):
    write(colleague, held)
    client.force_login(staff_member.user)
    version = client.get(url("log", held)).context["confirm_form"].initial["version"]
    write(colleague, held, topics="Changed after Jo opened it")
    response = client.post(url("log_confirm", held), {"version": version}, follow=True)
    assert "changed while you were reading it" in " ".join(messages_of(response))
    assert MeetingLog.objects.get().status == "awaiting"


def test_a_correction_without_text_is_refused_next_to_the_field(
    client, held, colleague, staff_member
):
    write(colleague, held)
    client.force_login(staff_member.user)
    before = state()
    response = client.post(url("log_correct", held), {"correction": "  "})
    assert response.status_code == 200
    assert response.context["correction_form"].errors["correction"] == [
        "Say what should be corrected."
    ]
    assert state() == before


def test_a_correction_goes_back_to_the_author_who_changes_the_log(
    client, held, colleague, staff_member
):
    write(colleague, held)
    client.force_login(staff_member.user)
    response = client.post(url("log_correct", held), {"correction": "We met for an hour."})
    assert response.status_code == 302
    assert MeetingLog.objects.get().status == "correction"
    client.force_login(colleague.user)
    page = client.get(url("log_write", held))
    assert "We met for an hour." in page.text and "Jo Evans suggested a correction" in page.text
    client.post(url("log_write", held), log_form(minutes=60))
    log = MeetingLog.objects.get()
    assert (log.status, log.correction, log.minutes) == ("awaiting", "", 60)


def test_the_author_cannot_confirm_their_own_log_by_a_direct_post(client, held, colleague):
    write(colleague, held)
    client.force_login(colleague.user)
    before = state()
    response = client.post(url("log_confirm", held), follow=True)
    assert "You wrote this log" in " ".join(messages_of(response))
    assert state() == before


def test_a_confirmed_log_cannot_be_changed_by_any_page(client, held, colleague, staff_member):
    log = write(colleague, held, [row("Read", staff_member)])
    log_confirm(by=staff_member.user, log=log)
    before = state()
    for person in [colleague, staff_member]:
        client.force_login(person.user)
        response = client.get(url("log_write", held), follow=True)
        assert "nobody can change it" in " ".join(messages_of(response))
        response = client.post(url("log_write", held), log_form(topics="Rewritten"), follow=True)
        assert "nobody can change it" in " ".join(messages_of(response))
        response = client.post(url("log_correct", held), {"correction": "No"}, follow=True)
        assert "already confirmed" in " ".join(messages_of(response))
    assert state() == before
    assert "Change the log" not in client.get(url("log", held)).text


# Actions


def test_an_action_is_moved_along_and_the_page_goes_back_where_it_was(
    client, held, colleague, staff_member
):
    write(colleague, held, [row("Read", staff_member)])
    action = ActionItem.objects.get()
    client.force_login(staff_member.user)
    response = client.post(
        url("action_status", action), {"status": "done", "next": url("log", held)}
    )
    assert response.url == url("log", held)
    action.refresh_from_db()
    assert action.status == "done" and action.done_at is not None
    response = client.post(
        url("action_status", action), {"status": "to_do", "next": "https://example.com/"}
    )
    assert response.url == held.relationship.get_absolute_url()


def test_an_action_status_missing_is_refused(client, held, colleague, staff_member):
    write(colleague, held, [row("Read", staff_member)])
    client.force_login(staff_member.user)
    response = client.post(url("action_status", ActionItem.objects.get()), {}, follow=True)
    assert "Choose a status." in " ".join(messages_of(response))
    assert ActionItem.objects.get().status == "to_do"


# Private notes


def test_a_person_keeps_private_notes_on_a_meeting(client, held, staff_member):
    client.force_login(staff_member.user)
    assert "Only you can ever read these notes" in client.get(url("private_note", held)).text
    response = client.post(url("private_note", held), {"text": "Ask about the budget."})
    assert response.status_code == 302
    assert PrivateNote.objects.get().author == staff_member
    page = client.get(url("private_note", held))
    assert page.context["form"].initial["text"] == "Ask about the budget."
    client.post(url("private_note", held), {"text": ""})
    assert not PrivateNote.objects.exists()


# A meeting not arranged here


def test_a_meeting_not_arranged_here_is_logged_from_its_page(
    client, relationship, staff_member, colleague
):
    paired_a_week_ago(relationship)  # so that 90 minutes ago is never before the pairing
    client.force_login(staff_member.user)
    assert client.get(url("meeting_held", relationship)).status_code == 200
    when = timezone.localtime() - timedelta(minutes=90)
    data = log_form(
        [{"description": "Email the notes", "owner": colleague.pk, "due_on": day(1)}],
        minutes=40,
    ) | {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "method": "face_to_face", "place": "Café"}
    response = client.post(url("meeting_held", relationship), data)
    log = MeetingLog.objects.get()
    assert response.status_code == 302 and response.url == log.get_absolute_url()
    assert (log.meeting.place, log.meeting.minutes, log.minutes) == ("Café", 40, 40)
    assert ActionItem.objects.get().owner == colleague


def test_a_meeting_not_arranged_here_in_the_future_is_refused_next_to_the_date(
    client, relationship, staff_member
):
    client.force_login(staff_member.user)
    when = timezone.localtime() + timedelta(days=2)
    data = log_form() | {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "method": "video"}
    response = client.post(url("meeting_held", relationship), data)
    assert "in the past" in " ".join(response.context["meeting_form"].errors["starts_at"])
    assert not Meeting.objects.exists() and not MeetingLog.objects.exists()


# Who is refused


def test_the_coordinator_reads_nothing_where_the_programme_keeps_logs_private(
    client, held, colleague, staff_member, coordinator
):
    log = write(colleague, held, [row("Read", staff_member)])
    private_note_save(by=staff_member.user, meeting=held, text="Mine")
    client.force_login(coordinator.user)
    before = state()
    for name in ["log", "private_note"]:
        assert client.get(url(name, held)).status_code == 404
    assert client.get(url("log_write", held)).status_code == 403
    assert client.get(url("meeting_held", held.relationship)).status_code == 403
    assert client.post(url("log_confirm", held)).status_code == 404
    assert client.post(url("log_correct", held), {"correction": "x"}).status_code == 404
    assert (
        client.post(url("action_status", log.actions.get()), {"status": "done"}).status_code == 404
    )
    assert client.post(url("private_note", held), {"text": "x"}).status_code == 404
    assert state() == before
    assert not AuditEntry.objects.filter(user_id=coordinator.user.pk).exists()


def test_a_coordinator_allowed_to_read_logs_reads_but_never_writes(
    client, held, colleague, staff_member, coordinator
):
    allow_coordinator(held.relationship)
    log = write(colleague, held, [row("Read", staff_member)])
    private_note_save(by=staff_member.user, meeting=held, text="Mine alone")
    client.force_login(coordinator.user)
    response = client.get(url("log", held))
    assert response.status_code == 200 and LOG["topics"] in response.text
    assert "Confirm it as an accurate record" not in response.text
    assert "My private notes" not in response.text
    assert AuditEntry.objects.filter(
        action="read", kind="meeting log", object_id=log.pk, user_id=coordinator.user.pk
    ).exists()
    before = state()
    assert client.get(url("log_write", held)).status_code == 403
    assert client.post(url("log_write", held), log_form(topics="Mine")).status_code == 403
    assert client.post(url("log_confirm", held)).status_code == 403
    assert client.post(url("log_correct", held), {"correction": "x"}).status_code == 403
    assert (
        client.post(url("action_status", log.actions.get()), {"status": "done"}).status_code == 403
    )
    assert client.get(url("meeting_held", held.relationship)).status_code == 403
    assert client.get(url("private_note", held)).status_code == 404
    assert client.post(url("private_note", held), {"text": "x"}).status_code == 404
    assert state() == before


def test_everyone_else_finds_nothing_at_all(client, held, colleague, staff_member, outsiders):
    log = write(colleague, held, [row("Read", staff_member)])
    action = log.actions.get()
    before = state()
    for role, person in outsiders.items():
        client.force_login(person.user)
        for name in ["log", "log_write", "private_note"]:
            assert client.get(url(name, held)).status_code == 404, (role, name)
        assert client.get(url("meeting_held", held.relationship)).status_code == 404, role
        posts = [
            (url("log_write", held), log_form(topics="Mine")),
            (url("log_confirm", held), {}),
            (url("log_correct", held), {"correction": "x"}),
            (url("action_status", action), {"status": "done"}),
            (url("private_note", held), {"text": "x"}),
            (url("meeting_held", held.relationship), log_form() | {"method": "video"}),
        ]
        for address, data in posts:
            assert client.post(address, data).status_code == 404, (role, address)
    assert state() == before
    assert not AuditEntry.objects.filter(action="read").exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_log_page_takes_the_same_queries_whatever_its_actions(
    client, held, colleague, staff_member, django_assert_num_queries, count
):
    write(colleague, held, [row(f"Action {n}", staff_member) for n in range(count)])
    client.force_login(staff_member.user)
    client.get(url("log", held))  # the session and its user, once
    with django_assert_num_queries(LOG_PAGE_QUERIES):
        response = client.get(url("log", held))
    assert response.text.count("Action ") >= count


LOG_PAGE_QUERIES = 16
