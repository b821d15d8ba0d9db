"""Reminders about programmes (REM-1): decisions waiting for coordinators, policy reviews, and
training booked or given from the waiting list, each told once."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mentoring.notifications.tests.sweeping import sweep, told
from mentoring.people.services import role_grant
from programmes.models import Application, Booking, Policy, TrainingSession
from programmes.services.training import booking_give_place
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

DAY = timedelta(days=1)


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator)


def test_each_active_coordinator_is_told_of_a_decision_waiting(
    programme, coordinator, staff_member, django_capture_on_commit_callbacks
):
    away = StaffMemberFactory(is_active=False)
    role_grant(user=away.user, role="coordinator")
    programme.coordinators.add(away)
    application = accepted(programme, staff_member, "mentee")
    Application.objects.filter(pk=application.pk).update(status="with_coordinator")
    sweep(django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    assert told() == [(coordinator.work_email, "decision_pending", "asked")]


def test_coordinators_are_told_of_a_policy_review_within_a_month(
    programme, coordinator, django_capture_on_commit_callbacks
):
    review = timezone.localdate() + 20 * DAY
    Policy.objects.update_or_create(
        programme=programme, defaults={"title": "Mentoring policy", "next_review_on": review}
    )
    sweep(django_capture_on_commit_callbacks)
    assert told() == [(coordinator.work_email, "policy_review", review.isoformat())]


def test_a_place_booked_and_a_place_given_are_each_told_once(
    programme, staff_member, colleague, coordinator, django_capture_on_commit_callbacks
):
    session = TrainingSession.objects.create(
        programme=programme,
        kind="mentor_training",
        starts_at=timezone.now() + 10 * DAY,
        place="Room 4",
        capacity=2,
    )
    Booking.objects.create(session=session, person=staff_member, status="booked")
    waiting = Booking.objects.create(session=session, person=colleague, status="waiting")
    sweep(django_capture_on_commit_callbacks)
    assert told() == [(staff_member.work_email, "training_booked", "booked")]
    booking_give_place(by=coordinator.user, booking=waiting)
    sweep(django_capture_on_commit_callbacks)
    assert told("place_offered") == [(colleague.work_email, "place_offered", "given")]


@pytest.mark.parametrize(
    ("preset", "due_words"),
    [("fun-foundations", "1 April 2018"), ("cleveland-traditional", "1 April 2025")],
)
def test_a_policy_past_its_review_date_is_reminded_once_then_each_month(
    programme, coordinator, preset, due_words, django_capture_on_commit_callbacks
):
    from django.core import mail

    from programmes.presets import PRESETS

    due = PRESETS[preset]["policy"]["next_review_on"]  # 001 and 003 §9: long past
    Policy.objects.update_or_create(
        programme=programme, defaults={"title": "Mentoring policy", "next_review_on": due}
    )
    mail.outbox.clear()
    sweep(django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    assert len(told("policy_review")) == 1
    [email] = mail.outbox
    assert email.to == [coordinator.work_email]
    assert f"overdue for review: it was due on {due_words}" in email.body
    with time_machine.travel(timezone.now() + 20 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told("policy_review")) == 1
    with time_machine.travel(timezone.now() + 32 * DAY):
        sweep(django_capture_on_commit_callbacks)
        sweep(django_capture_on_commit_callbacks)
    assert len(told("policy_review")) == 2 and len(mail.outbox) == 2


def test_a_policy_is_reminded_before_on_the_day_it_falls_due_and_not_once_reviewed(
    programme, coordinator, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    policy, _ = Policy.objects.update_or_create(
        programme=programme,
        defaults={"title": "Mentoring policy", "next_review_on": today + 20 * DAY},
    )
    sweep(django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + 20 * DAY):
        sweep(django_capture_on_commit_callbacks)
        sweep(django_capture_on_commit_callbacks)
    assert len(told("policy_review")) == 2
    Policy.objects.filter(pk=policy.pk).update(next_review_on=today + 400 * DAY)
    with time_machine.travel(timezone.now() + 60 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told("policy_review")) == 2


def test_a_policy_reminder_waiting_for_the_digest_is_withdrawn_once_the_policy_is_reviewed(
    programme, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from mentoring.notifications.models import Preference
    from mentoring.notifications.services import digests_send

    Preference.objects.create(person=coordinator, kind="policy_review", how="daily_digest")
    policy, _ = Policy.objects.update_or_create(
        programme=programme,
        defaults={"title": "Mentoring policy", "next_review_on": timezone.localdate() - DAY},
    )
    sweep(django_capture_on_commit_callbacks)
    Policy.objects.filter(pk=policy.pk).update(next_review_on=timezone.localdate() + 365 * DAY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    assert mail.outbox == [] and told("policy_review") == []
