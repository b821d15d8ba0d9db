"""Cancelling a meeting tells everyone at it at once, by notification and by an email that
carries the calendar's cancellation (tests/test_meeting_invitations.py), in plain words: who
cancelled, when it was, the new time if moved, and the relationship's page; never the place or
anything written."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from mentoring.templatetags import time_of_day
from relationships.models import Meeting
from relationships.services.meetings import meeting_arrange, meeting_cancel
from tests.matching import paired

pytestmark = pytest.mark.django_db
PLACE = "Café, Endeavour House"


@pytest.fixture
def relationship(mentor, mentee):
    return paired(mentor, mentee)


def arrange(person, relationship, hours):
    meeting = Meeting(
        starts_at=timezone.now() + timedelta(hours=hours),
        minutes=60,
        method="face_to_face",
        place=PLACE,
    )
    return meeting_arrange(by=person.applicant.user, relationship=relationship, meeting=meeting)


def when(moment):
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}, {time_of_day(moment)}"


def cancel(person, meeting, capture, new_starts_at=None):
    mail.outbox.clear()
    with capture(execute=True):
        return meeting_cancel(
            by=person.applicant.user, meeting=meeting, new_starts_at=new_starts_at
        )


def test_cancelling_tells_everyone_at_it_once_by_notification_and_email(
    relationship, mentor, mentee, django_capture_on_commit_callbacks
):
    meeting = arrange(mentor, relationship, hours=72)
    cancel(mentor, meeting, django_capture_on_commit_callbacks)
    told = dict(
        Notification.objects.filter(kind=Kind.MEETING_CANCELLED).values_list("person", "message")
    )
    when_it_was = when(meeting.starts_at)
    calendar = " This email takes it out of your calendar."
    assert told == {
        mentee.applicant_id: f"{mentor.applicant.full_name} cancelled the meeting of "
        f"{when_it_was}.{calendar}",
        mentor.applicant_id: f"You cancelled the meeting of {when_it_was}.{calendar}",
    }
    link = Notification.objects.filter(kind=Kind.MEETING_CANCELLED).values_list("link", flat=True)
    assert set(link) == {relationship.get_absolute_url()}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [mentee.applicant.work_email, mentor.applicant.work_email]
    )
    people = {p.work_email: p.pk for p in (mentor.applicant, mentee.applicant)}
    for email in mail.outbox:
        assert told[people[email.to[0]]] in email.body and PLACE not in email.body


def test_moving_a_meeting_gives_the_new_time(
    relationship, mentor, mentee, django_capture_on_commit_callbacks
):
    meeting = arrange(mentee, relationship, hours=20)
    new = timezone.now() + timedelta(days=3)
    cancel(mentee, meeting, django_capture_on_commit_callbacks, new_starts_at=new)
    told = Notification.objects.get(kind=Kind.MEETING_CANCELLED, person=mentor.applicant)
    assert f"It is moved to {when(new)}." in told.message
    subjects = sorted(m.subject for m in mail.outbox)
    assert (
        subjects == ["A meeting has been cancelled"] * 2 + ["Invitation to a mentoring meeting"] * 2
    )
    assert all(PLACE not in m.body for m in mail.outbox) and PLACE not in told.message
