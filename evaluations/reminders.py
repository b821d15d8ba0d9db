"""Evaluation forms due and overdue, for the reminder sweep (REM-1) and the home page: a query
or two each, over a short window of due dates; the notice and how often to remind again are
the programme's. Coordinators' relationships at risk, as the dashboard counts them."""

from datetime import timedelta

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion, and_again, link_to, still_where
from mentoring.notifications.todo import NO_DATE, ToDo
from programmes.models import per_programme

from .dashboard import at_risk_for_coordinators
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
        for response, due, _ in _not_submitted(now, soon)
    ]


def evaluations_overdue(now):
    today = timezone.localdate(now)
    late = Q(due_on__range=(today - OVERDUE_WINDOW, today - timedelta(days=1)))
    firsts = []
    for response, due, every in _not_submitted(now, late):
        occasion = _occasion(response, Kind.EVALUATION_OVERDUE, due.isoformat(), due)
        firsts.append((occasion, every, occasion.message))
    return and_again(now, firsts)


def forms_waiting(now):
    """Evaluation forms and surveys not yet submitted, for the person asked."""
    found = Response.objects.filter(submitted_at__isnull=True, person__is_active=True)
    found = found.annotate(about=F("pk"), due=F("due_on"), link=F("pk"))
    programme = Coalesce(*[f"{path}__name" for path in PROGRAMME])
    return found.values("person", "about", "due", "link").annotate(programme_name=programme)


def _not_submitted(now, when):
    found = forms_waiting(now).filter(when)
    every = Coalesce(*[f"{path}__nudge_every_days" for path in PROGRAMME])
    return [
        ((pk, person), due, every)
        for pk, person, due, every in found.values_list("about", "person", "due", every)
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


def at_risk_waiting(now):
    """Relationships at risk, for each coordinator of their programme, as the dashboard shows
    them to that coordinator."""
    flagged = at_risk_for_coordinators().annotate(about=F("pk"), due=NO_DATE, link=F("programme"))
    return flagged.values("person", "about", "due", "link").annotate(
        programme_name=F("programme__name")
    )


def _plural(n, one, many):
    return f"1 {one}" if n == 1 else f"{n} {many}"


TO_DO = [
    ToDo(
        "evaluation form",
        forms_waiting,
        lambda row: f"Complete the evaluation form for {row['programme_name']}",
        "evaluations:response",
        due_words="by",
        calendar="Evaluation form due",
        reminded_as=(
            Kind.EVALUATION_DUE,
            Kind.EVALUATION_OVERDUE,
        ),
    ),
    ToDo(
        "relationships at risk",
        at_risk_waiting,
        lambda row: (
            f"Look at {_plural(row['n'], 'relationship', 'relationships')} at risk in "
            f"{row['programme_name']}"
        ),
        "evaluations:programme_dashboard",
        per_programme=True,
    ),
]
RULES = [evaluations_due, evaluations_overdue]
