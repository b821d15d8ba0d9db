from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification, Preference
from .services import attachment, not_emailed, preferring, still_due

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 8}


@shared_task
def reminders_sweep():
    """Every few minutes (the beat schedule): find what is due and tell people once."""
    from .services import reminders_sweep as sweep

    return sweep()


@shared_task
def digests_send():
    """Every morning (the beat schedule): the daily digests."""
    from .services import digests_send as send

    send()


@shared_task(**RETRY)
def digest_email(*, person_id):
    """One email with everything new this person asked to hear of in a digest, once: the
    rows stay locked while it goes and are marked sent in the same transaction."""
    with transaction.atomic():
        notifications = still_due(
            not_emailed(timezone.now())
            .filter(preferring(Preference.How.DAILY_DIGEST), person=person_id)
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
            body=render_to_string("notifications/email/digest.txt", context),
            to=[person.work_email],
        )
        email.attach_alternative(
            render_to_string("notifications/email/digest.html", context), "text/html"
        )
        email.send()
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )


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
    nothing, and a failure leaves it to be tried again. One no longer due is withdrawn."""
    with transaction.atomic():
        found = still_due(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("person")
            .filter(pk=notification_id, emailed_at__isnull=True)
        )
        if not found:
            return
        notification = found[0]
        context = {
            "notification": notification,
            "person": notification.person,
            "link": settings.SITE_URL + notification.link,
        }
        email = EmailMultiAlternatives(
            subject=notification.get_kind_display(),
            body=render_to_string("notifications/email/notification.txt", context),
            to=[notification.person.work_email],
        )
        email.attach_alternative(
            render_to_string("notifications/email/notification.html", context), "text/html"
        )
        if file := attachment(notification):
            email.attach(*file)
        email.send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
