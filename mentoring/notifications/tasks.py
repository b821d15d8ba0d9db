import smtplib
import time

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mentoring.emails import plain_text
from mentoring.operations.models import Heartbeat
from mentoring.operations.services import heartbeat_record, job_failure_record

from .models import Notification
from .services import attachment, for_digest, not_sent_yet, still_due

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 8}


@shared_task
def reminders_sweep():
    """Every few minutes (the beat schedule): find what is due and tell people once; when it
    ran and how long it took are kept for the metrics."""
    from .services import reminders_sweep as sweep

    started = time.monotonic()
    failed = sweep()
    heartbeat_record(process=Heartbeat.Process.SWEEP, seconds=time.monotonic() - started)
    return failed


@shared_task
def digests_send():
    """Every morning (the beat schedule): the daily digests."""
    from .services import digests_send as send

    send()


@shared_task(**RETRY)
def digest_email(*, person_id):
    """One email with everything new this person asked to hear of in a digest and has not
    read in the portal meanwhile, once: the rows stay locked while it goes and are marked sent
    (or refused for good) in the same transaction."""
    with transaction.atomic():
        notifications = still_due(
            for_digest(timezone.now())
            .filter(person=person_id)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("person")
            .order_by("created_at", "pk")
        )
        if not notifications:
            return
        person = notifications[0].person
        context = {"person": person, "notifications": notifications, "site": settings.SITE_URL}
        email = EmailMultiAlternatives(
            subject="Your mentoring notifications",
            body=plain_text("notifications/email/digest.txt", context),
            to=[person.work_email],
        )
        email.attach_alternative(
            render_to_string("notifications/email/digest.html", context), "text/html"
        )
        refused = send_or_refusal(email)
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            **{"email_failed_at" if refused else "emailed_at": timezone.now()},
            email_refused_code=refused,
        )
    if refused:
        _keep_refusal(f"daily digest of person {person_id}", refused)


@shared_task(**RETRY)
def notification_emails(*, notification_ids):
    """Email each of these notifications, once each: one task for many, so that the sweep
    hands a few hundred tasks to the broker rather than one for every notification. A retry
    after a failure finds those already sent marked and goes on with the rest."""
    for notification_id in notification_ids:
        notification_email_send(notification_id)


@shared_task(**RETRY)
def notification_email(*, notification_id):
    notification_email_send(notification_id)


def notification_email_send(notification_id):
    """Email one notification, once: the row stays locked while the email goes, and is marked
    sent in the same transaction, so a second task for it finds it sent or busy and does
    nothing, and a failure leaves it to be tried again. One no longer due is withdrawn; one
    whose address the mail server refuses for good is marked so, and never tried again."""
    with transaction.atomic():
        found = still_due(
            not_sent_yet()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("person")
            .filter(pk=notification_id)
        )
        if not found:
            return
        notification = found[0]
        refused = send_or_refusal(_email_for(notification))
        notification.email_refused_code = refused
        setattr(notification, "email_failed_at" if refused else "emailed_at", timezone.now())
        notification.save(update_fields=["emailed_at", "email_failed_at", "email_refused_code"])
    if refused:
        _keep_refusal(f"notification {notification_id}", refused)


def _email_for(notification):
    context = {
        "notification": notification,
        "person": notification.person,
        "link": settings.SITE_URL + notification.link,
    }
    email = EmailMultiAlternatives(
        subject=notification.get_kind_display(),
        body=plain_text("notifications/email/notification.txt", context),
        to=[notification.person.work_email],
    )
    email.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    if file := attachment(notification):
        _attach(email, *file)
    return email


def _attach(email, name, content, mimetype):
    """A calendar message (iMIP, RFC 6047) goes as the `text/calendar; method=...` alternative
    to the text, the part Outlook and Gmail act on (Accept, Decline, the calendar updated), and
    again as a file for mail programs that only offer files; any other file as a file."""
    if mimetype.startswith("text/calendar; method="):
        email.attach_alternative(content, mimetype)  # Django adds charset="utf-8"
        email.attach(name, content, "application/ics")
    else:
        email.attach(name, content, mimetype)


class EmailRefused(Exception):
    """What is kept of a permanent refusal: the SMTP code, never the address it names."""


def send_or_refusal(email):
    """Send the email; None once sent, or the SMTP code of a refusal that trying again will
    not change: a 5xx for the address (to RCPT TO) or for this message (after DATA). Anything
    else (a 4xx, the server down or slow, a 5xx for the sender or the sign-in, which would
    refuse every email alike) is raised, for the task to retry."""
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = {code for code, _ in exc.recipients.values()}
        if not codes or any(code < 500 for code in codes):
            raise
        return max(codes)
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code < 500:
            raise
        return exc.smtp_code
    return None


def _keep_refusal(about, code):
    error = EmailRefused(f"the mail server refused it for good (SMTP {code})")
    job_failure_record(job="Emails", about=about, error=error)
