from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 8}


@shared_task(**RETRY)
def notify_form_sent(*, response_id):
    """Tell one person a form is waiting for them: the programme, the due date and a link,
    never anyone's answers. Nothing is sent once it has been answered."""
    from .models import Response

    response = (
        Response.objects.select_related("person", "questionnaire__programme")
        .filter(pk=response_id, submitted_at__isnull=True)
        .first()
    )
    if response is None:
        return
    context = {
        "person": response.person,
        "response": response,
        "programme": response.questionnaire.programme,
        "link": settings.SITE_URL + reverse("evaluations:response", args=[response.pk]),
    }
    body = render_to_string("evaluations/email/form_sent.txt", context)
    subject = "A mentoring evaluation form for you to complete"
    send_mail(subject, body, None, [response.person.work_email])


@shared_task(acks_late=True)
def build_monitoring_report(*, report_id):
    """Build one monitoring report in the background (MON-2)."""
    from .services.reports import report_build

    report_build(report_id)
