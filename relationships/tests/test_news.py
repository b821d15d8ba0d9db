"""What people are told as it happens (REM-1: match proposed awaiting an answer; and a concern,
an ending, a shared summary): kept in their notification list and emailed once, under the same
key the sweep uses, so nothing is told twice and nothing is lost if the broker is down."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mentoring.notifications.models import Notification
from mentoring.notifications.services import reminders_sweep
from mentoring.notifications.tests.sweeping import sweep
from mentoring.people.services import role_grant
from relationships.services.care import concern_raise
from relationships.services.pairing import introduction_answer
from tests.matching import accepted, paired, programme_for_matching, went_ahead

DAY = timedelta(days=1)
WORRY = "My mentor keeps cancelling"


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, agreement_required=False, nudge_every_days=3)


def pair(programme, colleague, staff_member):
    return paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )


def test_being_matched_is_told_at_once_then_again_until_each_answers(
    programme, colleague, staff_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        relationship = pair(programme, colleague, staff_member)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [colleague.work_email, staff_member.work_email]
    )
    assert "arrange an introduction" in mail.outbox[0].subject
    sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2  # the sweep finds them told already
    introduction_answer(by=colleague.user, relationship=relationship, goes_ahead=True)
    with time_machine.travel(timezone.now() + 4 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox[2:]] == [[staff_member.work_email]]  # only who has not
    assert "say in the portal whether" in mail.outbox[2].body


def test_a_match_told_while_the_broker_was_down_is_sent_by_the_next_sweep(
    programme, colleague, staff_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker never had the tasks
        pair(programme, colleague, staff_member)
    assert mail.outbox == [] and Notification.objects.filter(emailed_at=None).count() == 2
    sweep(django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_a_concern_is_told_to_the_coordinators_outside_the_relationship_without_its_words(
    programme, coordinator, colleague, staff_member, django_capture_on_commit_callbacks
):
    role_grant(user=colleague.user, role="coordinator")
    programme.coordinators.add(colleague)  # a coordinator who is also the mentor
    with django_capture_on_commit_callbacks(execute=True):
        relationship = went_ahead(pair(programme, colleague, staff_member))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        concern_raise(by=staff_member.user, relationship=relationship, text=WORRY)
    [email] = mail.outbox
    assert email.to == [coordinator.work_email]
    assert WORRY not in email.body + email.alternatives[0][0]
    told = Notification.objects.filter(kind="concern_raised")
    assert list(told.values_list("person", flat=True)) == [coordinator.pk]
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    assert len(mail.outbox) == 1
