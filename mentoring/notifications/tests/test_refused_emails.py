"""An address the mail server refuses (issue 18): a permanent refusal is kept on its
notification, which is never tried again, and the rest of the batch goes; a temporary one
leaves what is not yet sent to the task's retry. Sent through a real SMTP server."""

import smtplib

import pytest

from mentoring.notifications.models import Kind, Notification, Preference
from mentoring.notifications.services import reminders_sweep
from mentoring.notifications.tasks import digest_email, notification_emails
from mentoring.operations.models import JobFailure
from tests.mail_server import SMTPServer


@pytest.fixture
def mail_server(settings):
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.close()


@pytest.fixture
def three(staff_member, colleague, line_manager):
    """A notification each for Jo, Chris and Sam, in that order."""
    return [
        Notification.objects.create(
            person=person,
            kind=Kind.REVIEW_DUE,
            about=number,
            occasion="2026-12-06",
            message="Your mentoring review is due.",
            link=f"/mentoring/{number}/",
        )
        for number, person in enumerate([staff_member, colleague, line_manager], start=1)
    ]


def delivered_to(server):
    return [message["To"] for message in server.messages]


def test_an_address_refused_for_good_is_marked_and_the_rest_of_the_batch_is_sent(
    mail_server, three, django_capture_on_commit_callbacks, caplog
):
    jo, chris, sam = three
    refused = chris.person.work_email
    mail_server.refuse[refused] = f"550 5.1.1 <{refused}>: Recipient address rejected"

    notification_emails.delay(notification_ids=[n.pk for n in three])

    assert delivered_to(mail_server) == [jo.person.work_email, sam.person.work_email]
    for sent in (jo, sam):
        sent.refresh_from_db()
        assert sent.emailed_at is not None and sent.email_failed_at is None
    chris.refresh_from_db()
    assert chris.emailed_at is None and chris.email_failed_at is not None
    assert chris.email_refused_code == 550
    failure = JobFailure.objects.get()
    assert (failure.job, failure.about) == ("Emails", f"notification {chris.pk}")
    assert "550" in failure.error and refused not in failure.error
    assert refused not in caplog.text

    notification_emails.delay(notification_ids=[n.pk for n in three])
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    assert mail_server.recipients.count(refused) == 1, "never tried again, nor queued again"
    assert len(mail_server.messages) == 2


def test_a_temporary_refusal_leaves_what_is_not_yet_sent_to_the_retry(mail_server, three):
    jo, chris, sam = three
    mail_server.refuse[chris.person.work_email] = "451 4.7.1 Greylisted, try again later"
    ids = [n.pk for n in three]

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        notification_emails(notification_ids=ids)
    assert delivered_to(mail_server) == [jo.person.work_email]
    assert not Notification.objects.filter(email_failed_at__isnull=False).exists()

    mail_server.refuse.clear()
    notification_emails(notification_ids=ids)  # the retry
    assert delivered_to(mail_server) == [n.person.work_email for n in three]
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 3
    assert not JobFailure.objects.exists()


def test_a_digest_to_an_address_refused_for_good_is_marked_and_not_sent_again(mail_server, three):
    _, chris, _ = three
    Preference.objects.create(person=chris.person, kind=Kind.REVIEW_DUE, how="daily_digest")
    mail_server.refuse[chris.person.work_email] = "550 5.1.1 No such mailbox"

    digest_email.delay(person_id=chris.person.pk)
    digest_email.delay(person_id=chris.person.pk)

    chris.refresh_from_db()
    assert (chris.emailed_at, chris.email_refused_code) == (None, 550)
    assert mail_server.recipients == [chris.person.work_email]
    failure = JobFailure.objects.get()
    assert failure.about == f"daily digest of person {chris.person.pk}"
