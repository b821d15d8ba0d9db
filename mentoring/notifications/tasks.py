from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 8}


@shared_task
def reminders_sweep():
    """Every few minutes (the beat schedule): find what is due and tell people once."""
    from .services import reminders_sweep as sweep

    return sweep()


@shared_task(**RETRY)
def notification_email(*, notification_id):
    """Email one notification, once: the row stays locked while the email goes, and is marked
    sent in the same transaction, so a second task for it finds it sent or busy and does
    nothing, and a failure leaves it to be tried again."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("person")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.person.work_email:
            return
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
        email.send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
