"""Line managers asked to approve an application, for the reminder sweep (REM-1): told when it
arrives, and nudged once if it is still waiting some days later."""

from datetime import timedelta

from django.urls import reverse

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion

from .models import Application

ASKED_WINDOW = timedelta(days=30)  # older requests are the coordinator's to chase
NUDGE_AFTER = timedelta(days=5)


def approvals_pending(now):
    waiting = (
        Application.objects.filter(
            status=Application.Status.AWAITING_MANAGER,
            manager__is_active=True,
            created_at__gte=now - ASKED_WINDOW,
        )
        .select_related("applicant", "programme")
        .only(
            "pk",
            "manager_id",
            "created_at",
            "applicant__first_name",
            "applicant__last_name",
            "programme__name",
        )
    )
    occasions = []
    for application in waiting:
        occasions.append(_occasion(application, "asked", "is waiting for your approval"))
        if application.created_at < now - NUDGE_AFTER:
            occasions.append(_occasion(application, "nudge", "is still waiting for your approval"))
    return occasions


def _occasion(application, occasion, words):
    who = f"{application.applicant.first_name} {application.applicant.last_name}"
    return Occasion(
        person_id=application.manager_id,
        kind=Kind.APPROVAL_PENDING,
        about=application.pk,
        occasion=occasion,
        message=f"{who}'s application to {application.programme.name} {words}.",
        link=reverse("programmes:approval", args=[application.pk]),
    )


RULES = [approvals_pending]
