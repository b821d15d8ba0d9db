from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Application


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def notify_line_manager(*, application_id):
    """Tell the line manager an application waits for them; the email says who and which
    programme, nothing of what the applicant wrote."""
    application = (
        Application.objects.select_related("applicant", "manager", "programme")
        .filter(pk=application_id, status=Application.Status.AWAITING_MANAGER)
        .first()
    )
    if application is None or application.manager is None:
        return
    context = {
        "application": application,
        "link": settings.SITE_URL + reverse("programmes:approval", args=[application.pk]),
    }
    body = render_to_string("programmes/email/approval_needed.txt", context)
    subject = f"Please approve {application.applicant.full_name}'s mentoring application"
    send_mail(subject, body, None, [application.manager.work_email])
