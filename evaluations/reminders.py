"""Evaluation forms due and overdue, for the reminder sweep (REM-1): a query or two each, over
a short window of due dates; the notice and how often to remind again are the programme's."""

from datetime import timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion, and_again, link_to, still_where
from programmes.models import per_programme

from .models import Response

OVERDUE_WINDOW = timedelta(days=28)  # after that, the coordinator's dashboard shows it
PROGRAMME = ["relationship__programme", "survey__programme"]  # a form belongs to one of them


def evaluations_due(now):
    today = timezone.localdate(now)
    soon = per_programme(
        "notice_days",
        lambda days: Q(due_on__range=(today, today + timedelta(days=days))),
        *PROGRAMME,
    )
    return [
        _occasion(response, Kind.EVALUATION_DUE, due.isoformat(), due)
        for response, due, _ in _not_submitted(soon)
    ]


def evaluations_overdue(now):
    today = timezone.localdate(now)
    late = Q(due_on__range=(today - OVERDUE_WINDOW, today - timedelta(days=1)))
    firsts = []
    for response, due, every in _not_submitted(late):
        occasion = _occasion(response, Kind.EVALUATION_OVERDUE, due.isoformat(), due)
        firsts.append((occasion, every, occasion.message))
    return and_again(now, firsts)


def _not_submitted(when):
    found = Response.objects.filter(when, submitted_at__isnull=True, person__is_active=True)
    every = Coalesce(*[f"{path}__nudge_every_days" for path in PROGRAMME])
    return [
        ((pk, person), due, every)
        for pk, person, due, every in found.values_list("pk", "person_id", "due_on", every)
    ]


def _occasion(response, kind, occasion, due):
    pk, person = response
    words = {
        Kind.EVALUATION_DUE: "An evaluation form is waiting for you, due",
        Kind.EVALUATION_OVERDUE: "Your evaluation form was due",
    }[kind]
    return Occasion(
        person_id=person,
        kind=kind,
        about=pk,
        occasion=occasion,
        message=f"{words} on {due:%-d %B %Y}.",
        link=link_to("evaluations:response", pk),
    )


def form_sent(response, programme):
    """Told as it is sent: the programme, the due date and the link, never anyone's answers."""
    return Occasion(
        person_id=response.person_id,
        kind=Kind.FORM_SENT,
        about=response.pk,
        occasion="sent",
        message=f"An evaluation form for {programme.name} is waiting for you, due on "
        f"{response.due_on:%-d %B %Y}.",
        link=link_to("evaluations:response", response.pk),
    )


NOT_ANSWERED = still_where(Response, submitted_at__isnull=True)
STILL_DUE = {
    Kind.FORM_SENT: NOT_ANSWERED,
    Kind.EVALUATION_DUE: NOT_ANSWERED,
    Kind.EVALUATION_OVERDUE: NOT_ANSWERED,
}
RULES = [evaluations_due, evaluations_overdue]
