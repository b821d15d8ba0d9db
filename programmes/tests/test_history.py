from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.people.staff_import import staff_import
from programmes.models import Application, TrainingSession
from programmes.services.applications import application_submit, application_withdraw
from programmes.services.training import attendance_record, booking_make
from tests.csv_files import person, staff_csv
from tests.factories import StaffMemberFactory

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


def test_a_line_manager_reads_their_reports_participation_but_nothing_written(
    client, line_manager, history
):
    client.force_login(line_manager.user)
    response = client.get(reverse("programmes:history", args=[history.pk]))
    assert response.status_code == 200
    assert f"Participation history: {history.full_name}" in response.text
    assert "Cleveland mentoring" in response.text and "Withdrawn" in response.text
    assert "Mentee" in response.text and "Grow." not in response.text
    # Training outside the programmes the manager knows of could tell of another.
    assert "Mentee induction" not in response.text and "Training completed" not in response.text


def test_a_line_manager_does_not_learn_of_an_application_reviewed_in_confidence(
    client, line_manager, history
):
    Application.objects.filter(applicant=history).update(confidential_review=True)
    client.force_login(line_manager.user)
    response = client.get(reverse("programmes:history", args=[history.pk]))
    assert "Cleveland mentoring" not in response.text


def test_a_former_line_manager_finds_no_history_once_an_import_moves_the_person(
    client, line_manager, colleague, history
):
    moved = person(history.work_email, manager=colleague.work_email, first_name="Jo")
    staff_import(file=staff_csv(moved | {"last_name": "Evans"}))
    client.force_login(line_manager.user)
    assert client.get(reverse("programmes:history", args=[history.pk])).status_code == 404
    client.force_login(colleague.user)
    assert client.get(reverse("programmes:history", args=[history.pk])).status_code == 200


@pytest.fixture
def other_manager(db):
    """A line manager of someone else."""
    manager = StaffMemberFactory()
    StaffMemberFactory(line_manager=manager)
    return manager


@pytest.mark.parametrize("who", ["colleague", "sponsor", "director", "other_manager"])
def test_nobody_else_finds_a_persons_history(client, request, who, history):
    """Colleagues, sponsors, a manager further up who is not the line manager, and the line
    manager of someone else."""
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(reverse("programmes:history", args=[history.pk])).status_code == 404


def test_the_training_done_is_named_as_the_sessions_name_it(client, coordinator, staff_member):
    session = TrainingSession.objects.create(
        kind="joint_reverse",
        starts_at=timezone.now() + timedelta(days=1),
        place="Online",
        capacity=5,
    )
    booking = booking_make(by=staff_member.user, session=session)
    TrainingSession.objects.filter(pk=session.pk).update(starts_at=timezone.now())
    attendance_record(by=coordinator.user, booking=booking, attended=True)
    client.force_login(staff_member.user)
    response = client.get(reverse("programmes:my_history"))
    assert response.context["training"] == ["Joint reverse-mentoring training"]
