"""Cancelling a meeting tells the others at it at once, by notification and email, in plain
words: who cancelled, when it was, the new time if moved, and the relationship's page; never
the place or anything written. Until calendar cancellations come (issue 23)."""

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


def test_cancelling_tells_the_other_person_once_by_notification_and_email(
    relationship, mentor, mentee, django_capture_on_commit_callbacks
):
    meeting = arrange(mentor, relationship, hours=72)
    cancel(mentor, meeting, django_capture_on_commit_callbacks)
    told = Notification.objects.get(kind=Kind.MEETING_CANCELLED)
    words = f"{mentor.applicant.full_name} cancelled the meeting of {when(meeting.starts_at)}."
    assert told.person_id == mentee.applicant_id and told.message == words
    assert told.link == relationship.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[mentee.applicant.work_email]]
    assert words in mail.outbox[0].body and PLACE not in mail.outbox[0].body


def test_moving_a_meeting_gives_the_new_time(
    relationship, mentor, mentee, django_capture_on_commit_callbacks
):
    meeting = arrange(mentee, relationship, hours=20)
    new = timezone.now() + timedelta(days=3)
    cancel(mentee, meeting, django_capture_on_commit_callbacks, new_starts_at=new)
    told = Notification.objects.get(kind=Kind.MEETING_CANCELLED)
    assert told.person_id == mentor.applicant_id
    assert told.message.endswith(f"It is moved to {when(new)}.")
    assert len(mail.outbox) == 1 and PLACE not in told.message
