"""What is due in programmes, for the reminder sweep (REM-1) and the home page: approvals and
decisions waiting, policy reviews coming, training booked and places given. Each kind's
`*_waiting(now)` is everything waiting; its rule narrows it to the notice window (one query
each); how often to remind again is each programme's setting."""

from datetime import timedelta

from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion, and_again, link_to, still_where
from mentoring.notifications.todo import COMING_UP, NO_DATE, ToDo
from mentoring.templatetags import time_of_day

from .models import Application, Booking, Policy, TrainingSession

ASKED_WINDOW = timedelta(days=30)  # older requests are the coordinator's to chase
POLICY_NOTICE = timedelta(days=30)
BOOKED_WINDOW = timedelta(days=7)


def approvals_waiting(now):
    """Applications waiting for the applicant's line manager to support them."""
    return (
        Application.objects.filter(
            status=Application.Status.AWAITING_MANAGER, manager__is_active=True
        )
        .annotate(person=F("manager"), about=F("pk"), due=NO_DATE, link=F("pk"))
        .values("person", "about", "due", "link", "applicant__first_name", "applicant__last_name")
        .annotate(programme_name=F("programme__name"))
    )


def approvals_pending(now):
    """The line manager, when an application arrives (told at once by approval_asked) and
    again every few days, as the programme sets, while it waits."""
    waiting = Application.objects.filter(
        pk__in=approvals_waiting(now).filter(created_at__gte=now - ASKED_WINDOW).values("about")
    ).only(
        "manager",
        "applicant__first_name",
        "applicant__last_name",
        "programme__name",
        "programme__nudge_every_days",
    )
    return and_again(
        now,
        [
            (
                approval_asked(application),
                application.programme.nudge_every_days,
                approval_asked(application, "is still waiting for your approval.").message,
            )
            for application in waiting.select_related("applicant", "programme")
        ],
    )


def approval_asked(application, words="is waiting for your approval."):
    who = application.applicant
    return Occasion(
        application.manager_id,
        Kind.APPROVAL_PENDING,
        application.pk,
        "asked",
        f"{who.first_name} {who.last_name}'s application to {application.programme.name} {words}",
        link_to("programmes:approval", application.pk),
    )


DECISION_WORDS = {
    Application.Status.ACCEPTED: " has been accepted.",
    Application.Status.WAITING_LIST: (
        ": you are on the waiting list, and will be told when a place comes up."
    ),
    Application.Status.DECLINED: (
        " has not been accepted. Open My applications to read the coordinator's reason."
    ),
}


def decision_told(application):
    """The applicant, of the coordinator's decision (003 §4.2). The reason for a decline stays
    in the portal: the email only leads to it."""
    return Occasion(
        application.applicant_id,
        Kind.APPLICATION_DECIDED,
        application.pk,
        application.status,
        f"Your application to be a {application.get_role_display().lower()} in "
        f"{application.programme.name}{DECISION_WORDS[application.status]}",
        reverse("programmes:my_applications"),
    )


def decisions_waiting(now):
    """Applications waiting for a decision, for each coordinator of their programme."""
    return (
        Application.objects.filter(status=Application.Status.WITH_COORDINATOR)
        .annotate(
            person=F("programme__coordinators"),
            person_is_active=F("programme__coordinators__is_active"),
        )
        .filter(person_is_active=True)
        .annotate(about=F("pk"), due=NO_DATE, link=F("programme"))
        .values("person", "about", "due", "link")
        .annotate(programme_name=F("programme__name"))
    )


def decisions_pending(now):
    """Each coordinator of the programme, when an application is ready for their decision and
    again every few days while it waits."""
    waiting = (
        decisions_waiting(now)
        .annotate(ready_at=Coalesce("manager_decided_at", "created_at"))
        .filter(ready_at__gte=now - ASKED_WINDOW)
        .values_list("about", "person", "programme_name", "programme__nudge_every_days")
    )
    return and_again(
        now,
        [
            (
                Occasion(
                    coordinator,
                    Kind.DECISION_PENDING,
                    pk,
                    "asked",
                    f"An application to {programme} is waiting for your decision.",
                    link_to("programmes:decide", pk),
                ),
                every,
                f"An application to {programme} is still waiting for your decision.",
            )
            for pk, coordinator, programme, every in waiting
        ],
    )


def policies_waiting(now):
    """Policies due for review within the notice or past it, for each coordinator of their
    current programme."""
    today = timezone.localdate(now)
    return (
        Policy.objects.filter(
            next_review_on__lte=today + POLICY_NOTICE, programme__archived_at__isnull=True
        )
        .annotate(
            person=F("programme__coordinators"),
            person_is_active=F("programme__coordinators__is_active"),
        )
        .filter(person_is_active=True)
        .annotate(about=F("pk"), due=F("next_review_on"), link=F("programme"))
        .values("person", "about", "due", "link", "title")
        .annotate(programme_name=F("programme__name"))
    )


def policy_reviews_due(now):
    """Each coordinator, a month before a policy's review date, on the day, and again each
    month while it is overdue (001 and 003 §9 fell due years ago): the month overdue is part
    of the occasion, so each is told once and a sweep stopped for a while sends one, not a
    backlog."""
    today = timezone.localdate(now)
    due = policies_waiting(now).values_list("about", "person", "link", "title", "due")
    return [
        Occasion(
            coordinator,
            Kind.POLICY_REVIEW,
            pk,
            _policy_occasion(review, today),
            _policy_words(title, review, today),
            link_to("programmes:policy", programme),
        )
        for pk, coordinator, programme, title, review in due
    ]


def _policy_occasion(review, today):
    if review > today:
        return review.isoformat()
    return f"{review.isoformat()} overdue {_months_between(review, today)}"


def _policy_words(title, review, today):
    when = f"{review:%-d %B %Y}"
    if review > today:
        return f"The policy “{title}” is due for review on {when}."
    if review == today:
        return f"The policy “{title}” is due for review today, {when}."
    return f"The policy “{title}” is overdue for review: it was due on {when}."


def _months_between(earlier, later):
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def training_waiting(now):
    """Places booked on training sessions to come."""
    return (
        Booking.objects.filter(
            status=Booking.Status.BOOKED, session__starts_at__gt=now, person__is_active=True
        )
        .annotate(about=F("pk"), due=F("session__starts_at"), link=F("session"))
        .values("person", "about", "due", "link")
        .annotate(session_kind=F("session__kind"))
    )


def training_booked(now):
    """The person, once booked on a session to come, or given a place from the waiting list."""
    booked = (
        training_waiting(now)
        .filter(booked_at__gte=now - BOOKED_WINDOW)
        .values_list("about", "person", "link", "due", "place_given_at")
    )
    occasions = []
    for pk, person, session, starts, given in booked:
        when = f"{timezone.localtime(starts):%-d %B %Y} at {time_of_day(starts)}"
        link = link_to("programmes:training_detail", session)
        if given:
            occasions.append(
                Occasion(
                    person,
                    Kind.PLACE_OFFERED,
                    pk,
                    "given",
                    f"You have been given a place on the training on {when}.",
                    link,
                )
            )
        else:
            occasions.append(
                Occasion(
                    person,
                    Kind.TRAINING_BOOKED,
                    pk,
                    "booked",
                    f"You are booked on the training on {when}.",
                    link,
                )
            )
    return occasions


def training_invited(session, person_id):
    """Someone in the group a session is aimed at, once, when it is added (003 §5.2)."""
    starts = timezone.localtime(session.starts_at)
    time = f"{starts:%-I:%M}{'am' if starts.hour < 12 else 'pm'}"
    return Occasion(
        person_id,
        Kind.TRAINING_INVITED,
        session.pk,
        "invited",
        f"You are invited to the {session.get_kind_display().lower()} on "
        f"{starts:%-d %B %Y} at {time}. Book a place in the portal if you can come.",
        link_to("programmes:training_detail", session.pk),
    )


STILL_DUE = {
    Kind.APPROVAL_PENDING: still_where(Application, status=Application.Status.AWAITING_MANAGER),
    Kind.DECISION_PENDING: still_where(Application, status=Application.Status.WITH_COORDINATOR),
    Kind.TRAINING_INVITED: lambda ids: set(
        TrainingSession.objects.filter(pk__in=ids, starts_at__gt=timezone.now()).values_list(
            "pk", flat=True
        )
    ),
    Kind.POLICY_REVIEW: lambda ids: set(
        policies_waiting(timezone.now()).filter(about__in=ids).values_list("about", flat=True)
    ),
    Kind.TRAINING_BOOKED: still_where(Booking, status=Booking.Status.BOOKED),
    Kind.PLACE_OFFERED: still_where(Booking, status=Booking.Status.BOOKED),
}
SESSION_KINDS = dict(TrainingSession.Kind.choices)
TO_DO = [
    ToDo(
        "approval",
        approvals_waiting,
        lambda row: (
            f"Support {row['applicant__first_name']} {row['applicant__last_name']}'s "
            f"application to {row['programme_name']}"
        ),
        "programmes:approval",
        reminded_as=(Kind.APPROVAL_PENDING,),
    ),
    ToDo(
        "decision",
        decisions_waiting,
        lambda row: f"Decide {_applications(row['n'])} to {row['programme_name']}",
        "programmes:queue",
        per_programme=True,
        reminded_as=(Kind.DECISION_PENDING,),
    ),
    ToDo(
        "policy review",
        policies_waiting,
        lambda row: f"Review {_policies(row['n'])} of {row['programme_name']}",
        "programmes:policy",
        per_programme=True,
        reminded_as=(Kind.POLICY_REVIEW,),
    ),
    ToDo(
        "training",
        training_waiting,
        lambda row: SESSION_KINDS.get(row["session_kind"], "Training"),
        "programmes:training_detail",
        due_words="on",
        section=COMING_UP,
        reminded_as=(
            Kind.TRAINING_BOOKED,
            Kind.PLACE_OFFERED,
        ),
    ),
]


def _applications(n):
    return "1 application" if n == 1 else f"{n} applications"


def _policies(n):
    return "1 policy" if n == 1 else f"{n} policies"


RULES = [approvals_pending, decisions_pending, policy_reviews_due, training_booked]
