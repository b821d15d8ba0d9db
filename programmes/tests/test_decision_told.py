"""Applicants are told the coordinator's decision (003 §4.2: "informed of either acceptance on
the programme or joining the waiting list"): a notification, emailed once, or in their digest
if they chose it, and in plain words on My applications and the home page."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.notifications.models import Kind, Notification, Preference
from mentoring.notifications.services import digests_send
from mentoring.notifications.tests.sweeping import sweep
from programmes.models import Application
from programmes.services.applications import (
    application_decide,
    application_manager_decide,
    application_submit,
)

pytestmark = pytest.mark.django_db
REASON = "There are no mentors in planning this year."


@pytest.fixture
def application(staff_member, line_manager, open_programme):
    application = Application(
        programme=open_programme, role="mentee", needs=["leadership"], aims="Lead a team."
    )
    application = application_submit(by=staff_member.user, application=application)
    return application_manager_decide(
        by=line_manager.user, application=application, approve=True, confirms_performance=True
    )


def decide(coordinator, application, decision, capture, reason=""):
    with capture(execute=True):
        return application_decide(
            by=coordinator.user, application=application, decision=decision, reason=reason
        )


def emails_to(person):
    return [m for m in mail.outbox if m.to == [person.work_email]]


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        ("accept", "has been accepted"),
        ("waiting_list", "you are on the waiting list"),
        ("decline", "has not been accepted"),
    ],
)
def test_the_applicant_is_emailed_the_decision_once(
    coordinator, staff_member, application, django_capture_on_commit_callbacks, decision, words
):
    mail.outbox.clear()
    decide(coordinator, application, decision, django_capture_on_commit_callbacks, REASON)
    sweep(django_capture_on_commit_callbacks)
    [email] = emails_to(staff_member)
    assert words in email.body
    [told] = Notification.objects.filter(kind=Kind.APPLICATION_DECIDED, person=staff_member)
    assert told.emailed_at is not None and told.link == reverse("programmes:my_applications")


def test_a_decline_leads_to_the_reason_without_putting_its_words_in_an_email(
    client, coordinator, staff_member, application, django_capture_on_commit_callbacks
):
    decide(coordinator, application, "decline", django_capture_on_commit_callbacks, REASON)
    [email] = emails_to(staff_member)
    assert "read the coordinator's reason" in email.body
    assert REASON not in email.body + email.alternatives[0][0]
    client.force_login(staff_member.user)
    assert REASON in client.get(reverse("programmes:my_applications")).content.decode()


def test_a_place_from_the_waiting_list_is_told_too(
    coordinator, staff_member, application, django_capture_on_commit_callbacks
):
    decide(coordinator, application, "waiting_list", django_capture_on_commit_callbacks)
    decide(coordinator, application, "accept", django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    told = Notification.objects.filter(kind=Kind.APPLICATION_DECIDED, person=staff_member)
    assert sorted(told.values_list("occasion", flat=True)) == ["accepted", "waiting_list"]
    assert len(emails_to(staff_member)) == 2


def test_someone_who_chose_the_digest_hears_of_it_there_only(
    coordinator, staff_member, application, django_capture_on_commit_callbacks
):
    Preference.objects.create(
        person=staff_member, kind=Kind.APPLICATION_DECIDED, how=Preference.How.DAILY_DIGEST
    )
    mail.outbox.clear()
    decide(coordinator, application, "accept", django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    assert emails_to(staff_member) == []
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    [digest] = emails_to(staff_member)
    assert "has been accepted" in digest.body


def test_my_applications_says_when_the_coordinator_decided(
    client, coordinator, staff_member, application, django_capture_on_commit_callbacks
):
    decide(coordinator, application, "accept", django_capture_on_commit_callbacks)
    client.force_login(staff_member.user)
    page = client.get(reverse("programmes:my_applications")).content.decode()
    assert "accepted by the coordinator on" in page


def test_home_shows_the_applicant_where_their_application_stands(
    client, coordinator, staff_member, application, django_capture_on_commit_callbacks
):
    decide(coordinator, application, "waiting_list", django_capture_on_commit_callbacks)
    client.force_login(staff_member.user)
    page = client.get(reverse("home")).content.decode()
    assert "Your applications" in page
    assert "You are on the waiting list" in page
