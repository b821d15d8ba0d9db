"""Rules found in review: what the manager may still see, who may decide, stuck and archived
applications, and fairness of the training waiting list."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.models import Application, Booking, Programme, TrainingSession
from programmes.services.applications import (
    application_decide,
    application_manager_decide,
    application_request_review,
    application_submit,
)
from programmes.services.programmes import programme_archive, programme_set_status
from programmes.services.training import booking_cancel, booking_make, booking_prioritise
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def mentee_application(person, programme):
    return application_submit(
        by=person.user,
        application=Application(programme=programme, role="mentee", needs=["advice"], aims="Grow."),
    )


def test_the_manager_never_learns_of_a_confidential_review(
    client, staff_member, line_manager, open_programme
):
    application = mentee_application(staff_member, open_programme)
    application_manager_decide(
        by=line_manager.user, application=application, approve=False, reason="Not now."
    )
    application_request_review(by=staff_member.user, application=application)
    client.force_login(line_manager.user)
    for url in [
        reverse("programmes:approvals"),
        reverse("programmes:approval", args=[application.pk]),
    ]:
        text = client.get(url).text
        assert "you did not support it on" in text.lower()
        assert "Waiting for the coordinator".lower() not in text.lower()


def test_an_account_without_a_staff_record_has_no_approvals(client, director, open_programme):
    mentee_application(director, open_programme)  # no manager: straight to the coordinator
    client.force_login(get_user_model().objects.create_user("it.support@example.org"))
    response = client.get(reverse("programmes:approvals"))
    assert director.full_name not in response.text


def test_a_coordinator_cannot_decide_their_own_application(coordinator, open_programme):
    open_programme.mentee_manager_approval = False
    open_programme.save()
    application = mentee_application(coordinator, open_programme)
    with pytest.raises(PermissionDenied, match="Another coordinator"):
        application_decide(by=coordinator.user, application=application, decision="accept")


def test_nothing_changes_in_an_archived_programme(coordinator, director, open_programme):
    application = mentee_application(director, open_programme)
    programme_set_status(by=coordinator.user, programme=open_programme, status="closed")
    programme_archive(by=coordinator.user, programme=open_programme)
    with pytest.raises(ValidationError, match="archived"):
        application_decide(by=coordinator.user, application=application, decision="accept")
    assert Application.objects.get().status == "with_coordinator"


def test_an_application_whose_manager_left_can_go_to_the_coordinator(
    client, staff_member, line_manager, open_programme
):
    application = mentee_application(staff_member, open_programme)
    with pytest.raises(ValidationError):
        application_request_review(by=staff_member.user, application=application)
    line_manager.is_active = False
    line_manager.save()
    client.force_login(staff_member.user)
    assert "Send it to the coordinator" in client.get(reverse("programmes:my_applications")).text
    application_request_review(by=staff_member.user, application=application)
    assert Application.objects.get().status == "with_coordinator"


def test_a_new_booking_does_not_jump_the_waiting_list(coordinator):
    session = TrainingSession.objects.create(
        kind="refresher", capacity=1, place="Online", starts_at=timezone.now() + timedelta(days=2)
    )
    first, waiting, late = StaffMemberFactory.create_batch(3)
    placed = booking_make(by=first.user, session=session)
    queued = booking_make(by=waiting.user, session=session)
    booking_prioritise(by=coordinator.user, booking=queued)
    booking_cancel(by=first.user, booking=placed)
    assert booking_make(by=late.user, session=session).status == Booking.Status.WAITING


def test_training_for_a_draft_programme_is_hidden_from_staff(client, staff_member, open_programme):
    Programme.objects.filter(pk=open_programme.pk).update(status="draft")
    session = TrainingSession.objects.create(
        programme=open_programme,
        kind="mentor_training",
        capacity=5,
        place="Room 1",
        starts_at=timezone.now() + timedelta(days=2),
    )
    client.force_login(staff_member.user)
    assert "Room 1" not in client.get(reverse("programmes:training")).text
    assert client.get(reverse("programmes:training_detail", args=[session.pk])).status_code == 404
    assert client.post(reverse("programmes:training_book", args=[session.pk])).status_code == 404
    with pytest.raises(ValidationError, match="not open for booking"):
        booking_make(by=staff_member.user, session=session)
    assert not Booking.objects.exists()
