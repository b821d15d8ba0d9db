from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import Application, TrainingSession
from programmes.services.applications import application_submit, application_withdraw
from programmes.services.training import attendance_record, booking_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(staff_member, coordinator, open_programme):
    application = application_submit(
        by=staff_member.user,
        application=Application(
            programme=open_programme, role="mentee", needs=["advice"], aims="Grow."
        ),
    )
    application_withdraw(by=staff_member.user, application=application)
    session = TrainingSession.objects.create(
        kind="mentee_induction",
        starts_at=timezone.now() + timedelta(days=1),
        place="Online",
        capacity=5,
    )
    booking = booking_make(by=staff_member.user, session=session)
    TrainingSession.objects.filter(pk=session.pk).update(starts_at=timezone.now())
    attendance_record(by=coordinator.user, booking=booking, attended=True)
    return staff_member


def test_a_person_sees_their_own_history_including_withdrawn_applications(client, history):
    client.force_login(history.user)
    response = client.get(reverse("programmes:my_history"))
    assert "Cleveland mentoring" in response.text and "Withdrawn" in response.text
    assert "Mentee induction" in response.text


def test_a_coordinator_sees_anyones_history(client, coordinator, history):
    client.force_login(coordinator.user)
    response = client.get(reverse("programmes:history", args=[history.pk]))
    assert f"Participation history: {history.full_name}" in response.text


def test_a_line_manager_cannot_read_their_reports_history(client, line_manager, history):
    client.force_login(line_manager.user)
    assert client.get(reverse("programmes:history", args=[history.pk])).status_code == 403
