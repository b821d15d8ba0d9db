"""Evaluation forms due and overdue, for the reminder sweep (REM-1): one query each, over a
short window of due dates."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion

from .models import Response

DUE_NOTICE = timedelta(days=3)
OVERDUE_WINDOW = timedelta(days=7)


def evaluations_due(now):
    today = timezone.localdate(now)
    return [
        _occasion(response, Kind.EVALUATION_DUE, "An evaluation form is waiting for you, due")
        for response in _not_submitted(today, today + DUE_NOTICE)
    ]


def evaluations_overdue(now):
    today = timezone.localdate(now)
    return [
        _occasion(response, Kind.EVALUATION_OVERDUE, "Your evaluation form was due")
        for response in _not_submitted(today - OVERDUE_WINDOW, today - timedelta(days=1))
    ]


def _not_submitted(first, last):
    return Response.objects.filter(
        submitted_at__isnull=True, due_on__range=(first, last), person__is_active=True
    ).only("pk", "person_id", "due_on")


def _occasion(response, kind, words):
    return Occasion(
        person_id=response.person_id,
        kind=kind,
        about=response.pk,
        occasion=response.due_on.isoformat(),
        message=f"{words} on {response.due_on:%-d %B %Y}.",
        link=reverse("evaluations:response", args=[response.pk]),
    )


RULES = [evaluations_due, evaluations_overdue]
