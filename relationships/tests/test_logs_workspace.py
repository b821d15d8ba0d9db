"""What the relationship page shows of meetings held, their logs and the open actions, to
each reader, in a fixed number of queries (MEET-2)."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from relationships.models import ActionItem, Meeting, MeetingLog
from relationships.permissions import Reader
from relationships.services.logs import log_confirm, private_note_save
from relationships.tests import test_logs
from relationships.tests.test_logs import meeting_at, row, write
from relationships.views.logs import workspace_part

# The shared people and meeting of test_logs, as fixtures here too.
outsiders = test_logs.outsiders
relationship = test_logs.relationship


def reader_for(person, relationship):
    relationship = type(relationship).objects.select_related("programme").get(pk=relationship.pk)
    return Reader(person.user, relationship, members=list(relationship.members.all()))


def rendered(part, person):
    request = RequestFactory().get("/")
    request.user = person.user
    return render_to_string(
        "relationships/includes/workspace_logs.html", {"logs_part": part}, request=request
    )


@pytest.fixture
def history(relationship, colleague, staff_member):
    """Three meetings held (one confirmed, one awaiting Jo's confirmation, one not logged), one
    to come and one cancelled; actions open, done, overdue and dropped."""
    confirmed = meeting_at(relationship, days=-30)
    awaiting = meeting_at(relationship, days=-10)
    not_logged = meeting_at(relationship, days=-1)
    meeting_at(relationship, days=5)
    meeting_at(relationship, days=-3, cancelled_at=timezone.now())
    first = write(colleague, confirmed)
    log_confirm(by=staff_member.user, log=first)
    write(
        colleague,
        awaiting,
        [row("Later one", staff_member, days=20), row("Sooner one", colleague, days=2)],
    )
    today = timezone.localdate()
    ActionItem.objects.create(
        relationship=relationship,
        meeting_log=first,
        description="Overdue one",
        owner=staff_member,
        due_on=today - timedelta(days=1),
    )
    for status in ["done", "dropped"]:
        ActionItem.objects.create(
            relationship=relationship,
            description=f"Closed {status}",
            owner=colleague,
            status=status,
        )
    private_note_save(by=staff_member.user, meeting=not_logged, text="Mine")
    return {"confirmed": confirmed, "awaiting": awaiting, "not_logged": not_logged}


def test_a_participant_sees_meetings_held_their_logs_and_what_awaits_them(
    relationship, history, staff_member
):
    part = workspace_part(reader_for(staff_member, relationship))
    rows = {row["meeting"].pk: row for row in part["meetings"]}
    assert [row["meeting"] for row in part["meetings"]] == [
        history["not_logged"],
        history["awaiting"],
        history["confirmed"],
    ]
    assert rows[history["confirmed"].pk]["log"].status == "confirmed"
    assert rows[history["not_logged"].pk]["log"] is None
    assert rows[history["not_logged"].pk]["can_write"] is True  # anyone live may log it
    assert rows[history["awaiting"].pk]["can_write"] is False  # Chris wrote it
    assert rows[history["not_logged"].pk]["has_note"] is True
    assert [row["meeting"] for row in part["awaiting"]] == [history["awaiting"]]
    assert (part["held_count"], part["logged_count"], part["can_write"]) == (3, 2, True)


def test_open_actions_come_by_due_date_with_the_overdue_flagged(
    relationship, history, staff_member
):
    part = workspace_part(reader_for(staff_member, relationship))
    assert [(r["action"].description, r["overdue"]) for r in part["actions"]] == [
        ("Overdue one", True),
        ("Sooner one", False),
        ("Later one", False),
    ]
    page = rendered(part, staff_member)
    assert "Overdue" in page and "Closed done" not in page and "Closed dropped" not in page
    assert "Log a meeting that was not arranged here" in page
    assert "Waiting for you to confirm" in page


def test_the_author_is_not_asked_to_confirm_their_own_log(relationship, history, colleague):
    part = workspace_part(reader_for(colleague, relationship))
    assert part["awaiting"] == []
    assert all(row["can_write"] for row in part["meetings"] if row["log"] is None)
    awaiting = next(r for r in part["meetings"] if r["meeting"] == history["awaiting"])
    assert awaiting["can_write"] is True  # Chris may still change his own log
    confirmed = next(r for r in part["meetings"] if r["meeting"] == history["confirmed"])
    assert confirmed["can_write"] is False


def test_a_coordinator_the_programme_keeps_out_sees_only_counts(relationship, history, coordinator):
    part = workspace_part(reader_for(coordinator, relationship))
    assert part == {"can_read": False, "show_counts": True, "held_count": 3, "logged_count": 2}
    page = rendered(part, coordinator)
    assert "3 meetings held, 2 logged" in page and "Later one" not in page
    assert not AuditEntry.objects.filter(user_id=coordinator.user.pk).exists()


def test_a_coordinator_allowed_to_read_sees_logs_and_actions_but_writes_nothing(
    relationship, history, coordinator
):
    relationship.programme.coordinator_reads_meeting_logs = True
    relationship.programme.save()
    part = workspace_part(reader_for(coordinator, relationship))
    assert len(part["actions"]) == 3 and len(part["meetings"]) == 3
    assert part["awaiting"] == [] and part["can_write"] is False
    assert not any(r["can_write"] or r["has_note"] for r in part["meetings"])
    assert not any(r["can_update"] for r in part["actions"])
    page = rendered(part, coordinator)
    assert "Later one" in page and "private notes" not in page and "Update" not in page
    assert AuditEntry.objects.filter(action="read", user_id=coordinator.user.pk).count() == 1


def test_a_reader_who_may_not_read_sees_nothing(relationship, history, outsiders):
    part = workspace_part(reader_for(outsiders["line manager"], relationship))
    assert part == {"can_read": False, "show_counts": False}
    assert "meeting" not in rendered(part, outsiders["line manager"]).replace("Meeting logs", "")


def many(relationship, count, mentor, mentee):
    """`count` meetings held, each logged with an action, in a few queries."""
    start = timezone.now() - timedelta(days=count + 1)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            relationship=relationship,
            starts_at=start + timedelta(days=n),
            minutes=60,
            method="video",
        )
        for n in range(count)
    )
    logs = MeetingLog.objects.bulk_create(
        MeetingLog(meeting=m, minutes=60, achieved="A", topics="T", written_by=mentor)
        for m in meetings
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            relationship=relationship,
            meeting_log=log,
            description=f"Action {n}",
            owner=mentee,
            due_on=timezone.localdate() + timedelta(days=n - count // 2),
        )
        for n, log in enumerate(logs)
    )


@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize(("who", "queries"), [("mentee", 3), ("coordinator", 1)])
def test_the_workspace_part_takes_the_same_queries_whatever_the_meetings(
    relationship,
    colleague,
    staff_member,
    coordinator,
    django_assert_num_queries,
    count,
    who,
    queries,
):
    many(relationship, count, colleague, staff_member)
    person = {"mentee": staff_member, "coordinator": coordinator}[who]
    reader = reader_for(person, relationship)
    with django_assert_num_queries(queries):
        part = workspace_part(reader)
        page = rendered(part, person)
    assert part["held_count"] == count
    if who == "mentee":
        assert (
            page.count('Read<span class="govuk-visually-hidden"> the log') == count
            and len(part["actions"]) == count
        )


@pytest.mark.parametrize("count", [3, 300])
def test_a_coordinator_allowed_to_read_also_takes_the_same_queries(
    relationship, colleague, staff_member, coordinator, django_assert_num_queries, count
):
    relationship.programme.coordinator_reads_meeting_logs = True
    relationship.programme.save()
    many(relationship, count, colleague, staff_member)
    reader = reader_for(coordinator, relationship)
    with django_assert_num_queries(5):  # meetings, actions, the audited read in a savepoint
        part = workspace_part(reader)
        rendered(part, coordinator)
    assert len(part["actions"]) == count
