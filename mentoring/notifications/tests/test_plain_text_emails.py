"""Plain-text emails read as written: a name with an apostrophe or an ampersand is not turned
into HTML entities, in the subject or the body, while the HTML part stays escaped."""

import pytest
from django.core import mail

from mentoring.notifications.models import Preference
from mentoring.notifications.services import digests_send
from mentoring.notifications.tests.sweeping import sweep
from mentoring.people.services import password_link_send
from programmes.models import Application
from tests.matching import accepted, programme_for_matching

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_for_support(coordinator, staff_member, line_manager):
    staff_member.first_name, staff_member.last_name = "Ben", "O'Rahman & Sons"
    staff_member.save()
    application = accepted(programme_for_matching(coordinator), staff_member, "mentee")
    Application.objects.filter(pk=application.pk).update(
        status="awaiting_manager", manager=line_manager
    )
    return application


def test_a_notification_email_keeps_apostrophes_and_ampersands_as_they_are(
    waiting_for_support, django_capture_on_commit_callbacks
):
    sweep(django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert "Ben O'Rahman & Sons's application" in email.body
    assert "&#x27;" not in email.body + email.subject and "&amp;" not in email.body
    html, _ = email.alternatives[0]
    assert "O&#x27;Rahman &amp; Sons" in html


def test_a_digest_keeps_apostrophes_and_ampersands_as_they_are(
    waiting_for_support, line_manager, django_capture_on_commit_callbacks
):
    Preference.objects.create(person=line_manager, kind="approval_pending", how="daily_digest")
    sweep(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    [digest] = mail.outbox
    assert "Ben O'Rahman & Sons's application" in digest.body
    assert "&#x27;" not in digest.body and "&amp;" not in digest.body
    assert "O&#x27;Rahman &amp; Sons" in digest.alternatives[0][0]


def test_a_password_email_keeps_the_address_as_it_is(staff_member):
    staff_member.user.email = "o'brien&co@example.org"
    staff_member.user.save()
    password_link_send(user=staff_member.user, domain="portal.example", use_https=True)
    [email] = mail.outbox
    assert "for o'brien&co@example.org on" in email.body
    assert "&#x27;" not in email.body + email.subject and "&amp;" not in email.body
