"""Reminders about programmes (REM-1): decisions waiting for coordinators, policy reviews, and
training booked or given from the waiting list, each told once."""

from datetime import timedelta

import pytest
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
