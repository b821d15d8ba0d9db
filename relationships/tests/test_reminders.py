"""Reminders about relationships (REM-1): meetings, cadence, reviews, end dates, agreements and
requests, each told once to the people still in the relationship. The sweep itself, and
actions, are tested in mentoring/notifications/tests."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mentoring.notifications.models import Notification
from mentoring.notifications.tests.sweeping import matched, sweep, told
from relationships.models import Meeting, MeetingLog, MentorRequest, Relationship
from relationships.tasks import check_relationships
from relationships.tests.test_agreements import sign, write
from relationships.tests.test_logs import LOG
from tests.matching import accepted, paired, programme_for_matching, went_ahead

DAY = timedelta(days=1)


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(
        coordinator, agreement_required=False, meeting_interval_weeks=4, review_interval_months=3
    )


@pytest.fixture
def active(programme, colleague, staff_member):
    return matched(
        went_ahead(
            paired(
                accepted(programme, colleague, "mentor"),
                accepted(programme, staff_member, "mentee"),
            )
        )
    )


def both(kind, occasion, colleague, staff_member):
    return sorted([(p.work_email, kind, occasion) for p in [colleague, staff_member]])


def meeting(relationship, starts_at, **fields):
    return Meeting.objects.create(
        relationship=relationship, starts_at=starts_at, minutes=60, method="video", **fields
    )


def test_both_are_told_of_a_meeting_tomorrow_once_with_the_calendar_file(
    active, colleague, staff_member, django_capture_on_commit_callbacks
):
    tomorrow = timezone.now() + DAY
    arranged = meeting(active, tomorrow)
    meeting(active, tomorrow + 2 * DAY)
    meeting(active, tomorrow, cancelled_at=timezone.now())
    sweep(django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    day = timezone.localdate(tomorrow).isoformat()
    assert told() == both("meeting_tomorrow", day, colleague, staff_member)
    assert set(
        Notification.objects.filter(kind="meeting_tomorrow").values_list("about", flat=True)
    ) == {arranged.pk}
    assert len(mail.outbox) == 2
    name, content, kind = mail.outbox[0].attachments[0]
    assert (name, kind) == ("meeting.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content and "Mentoring meeting" in content


def test_a_meeting_held_but_not_logged_is_told_once_a_day_after(
    active, colleague, staff_member, django_capture_on_commit_callbacks
):
    held = meeting(active, timezone.now() - 2 * DAY)
    logged = meeting(active, timezone.now() - 3 * DAY)
    MeetingLog.objects.create(meeting=logged, written_by=staff_member, **LOG)
    meeting(active, timezone.now() - timedelta(hours=3))  # not a day yet
    sweep(django_capture_on_commit_callbacks)
    assert told() == both("meeting_not_logged", "held", colleague, staff_member)
    day = f"{timezone.localdate(held.starts_at):%-d %B %Y}"
    assert f"Your mentoring meeting on {day} has not been logged yet." in mail.outbox[0].body


def test_no_meeting_and_a_review_due_are_told_then_again_as_often_as_the_programme_says(
    programme, active, colleague, staff_member, django_capture_on_commit_callbacks
):
    first = timezone.now() + 13 * 7 * DAY + 2 * DAY
    with time_machine.travel(first):
        check_relationships()
        sweep(django_capture_on_commit_callbacks)
        sweep(django_capture_on_commit_callbacks)
        day = timezone.localdate().isoformat()
    assert told("no_meeting") == both("no_meeting", day, colleague, staff_member)
    assert told("review_due") == both("review_due", day, colleague, staff_member)
    with time_machine.travel(first + 6 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told()) == 4 and len(mail.outbox) == 4
    programme.nudge_every_days = 5
    programme.save()
    with time_machine.travel(first + 6 * DAY):
        sweep(django_capture_on_commit_callbacks)
        sweep(django_capture_on_commit_callbacks)
    assert len(told("no_meeting")) == 4 and len(mail.outbox) == 8


def test_the_end_date_is_told_with_the_notice_the_programme_gives_once(
    programme, active, colleague, staff_member, django_capture_on_commit_callbacks
):
    end = timezone.localdate() + 10 * DAY
    Relationship.objects.filter(pk=active.pk).update(planned_end_on=end)
    sweep(django_capture_on_commit_callbacks)
    assert told("end_approaching") == both(
        "end_approaching", end.isoformat(), colleague, staff_member
    )
    Relationship.objects.filter(pk=active.pk).update(planned_end_on=end + 30 * DAY)
    sweep(django_capture_on_commit_callbacks)
    assert len(told("end_approaching")) == 2  # the old ones stay; no new one yet
    programme.end_notice_days = 60
    programme.save()
    sweep(django_capture_on_commit_callbacks)
    assert len(told("end_approaching")) == 4


def test_only_those_yet_to_sign_the_current_agreement_are_told(
    coordinator, colleague, staff_member, django_capture_on_commit_callbacks
):
    programme = programme_for_matching(coordinator, agreement_required=True)
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    first = write(staff_member, relationship)
    sign(colleague, first)
    sweep(django_capture_on_commit_callbacks)
    assert told() == [(staff_member.work_email, "agreement_to_sign", "version 1")]
    write(staff_member, relationship, aims="Something new.")
    sweep(django_capture_on_commit_callbacks)
    assert told("agreement_to_sign") == sorted(
        [
            (colleague.work_email, "agreement_to_sign", "version 2"),
            (staff_member.work_email, "agreement_to_sign", "version 1"),
            (staff_member.work_email, "agreement_to_sign", "version 2"),
        ]
    )
    with time_machine.travel(timezone.now() + 8 * DAY):  # a week on, still unsigned
        sweep(django_capture_on_commit_callbacks)
        again = f"version 2 again {timezone.localdate().isoformat()}"
    assert [o for *_, o in told("agreement_to_sign") if "again" in o] == [again, again]
    with time_machine.travel(timezone.now() + 15 * DAY):  # then the dashboard flags it
        sweep(django_capture_on_commit_callbacks)
    assert len(told("agreement_to_sign")) == 5


def test_a_mentor_asked_in_the_directory_is_told_once(
    programme, colleague, staff_member, django_capture_on_commit_callbacks
):
    MentorRequest.objects.create(
        mentee_application=accepted(programme, staff_member, "mentee"),
        mentor_application=accepted(programme, colleague, "mentor"),
        expires_at=timezone.now() + 7 * DAY,
    )
    sweep(django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    assert told() == [(colleague.work_email, "match_proposed", "asked")]
    assert "asked you to be their mentor" in mail.outbox[0].body


def test_nobody_who_has_left_the_relationship_is_told(
    active, staff_member, colleague, django_capture_on_commit_callbacks
):
    active.members.filter(person=staff_member).update(is_live=False)
    meeting(active, timezone.now() + DAY)
    sweep(django_capture_on_commit_callbacks)
    assert [email for email, *_ in told()] == [colleague.work_email]
