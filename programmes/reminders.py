"""What is due in programmes, for the reminder sweep (REM-1): approvals and decisions waiting,
policy reviews coming, training booked and places given. One query each; how often to remind
again is each programme's setting."""

from datetime import timedelta

from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion, and_again, link_to, still_where

from .models import Application, Booking, Policy

ASKED_WINDOW = timedelta(days=30)  # older requests are the coordinator's to chase
POLICY_NOTICE = timedelta(days=30)
BOOKED_WINDOW = timedelta(days=7)


def approvals_pending(now):
    """The line manager, when an application arrives (told at once by approval_asked) and
    again every few days, as the programme sets, while it waits."""
    waiting = Application.objects.filter(
        status=Application.Status.AWAITING_MANAGER,
        manager__is_active=True,
        created_at__gte=now - ASKED_WINDOW,
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


def decisions_pending(now):
    """Each coordinator of the programme, when an application is ready for their decision and
    again every few days while it waits."""
    waiting = (
        Application.objects.annotate(ready_at=Coalesce("manager_decided_at", "created_at"))
        .filter(
            status=Application.Status.WITH_COORDINATOR,
            ready_at__gte=now - ASKED_WINDOW,
            programme__coordinators__is_active=True,
        )
        .values_list(
            "pk", "programme__coordinators", "programme__name", "programme__nudge_every_days"
        )
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


def policy_reviews_due(now):
    today = timezone.localdate(now)
    due = Policy.objects.filter(
        next_review_on__range=(today, today + POLICY_NOTICE),
        programme__archived_at__isnull=True,
        programme__coordinators__is_active=True,
    ).values_list("pk", "programme__coordinators", "programme_id", "title", "next_review_on")
    return [
        Occasion(
            coordinator,
            Kind.POLICY_REVIEW,
            pk,
            review.isoformat(),
            f"The policy “{title}” is due for review on {review:%-d %B %Y}.",
            link_to("programmes:policy", programme),
        )
        for pk, coordinator, programme, title, review in due
    ]


def training_booked(now):
    """The person, once booked on a session to come, or given a place from the waiting list."""
    booked = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        session__starts_at__gt=now,
        booked_at__gte=now - BOOKED_WINDOW,
        person__is_active=True,
    ).values_list("pk", "person_id", "session_id", "session__starts_at", "place_given_at")
    occasions = []
    for pk, person, session, starts, given in booked:
        when = f"{timezone.localtime(starts):%-d %B %Y at %H:%M}"
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


STILL_DUE = {
    Kind.APPROVAL_PENDING: still_where(Application, status=Application.Status.AWAITING_MANAGER),
    Kind.DECISION_PENDING: still_where(Application, status=Application.Status.WITH_COORDINATOR),
    Kind.TRAINING_BOOKED: still_where(Booking, status=Booking.Status.BOOKED),
    Kind.PLACE_OFFERED: still_where(Booking, status=Booking.Status.BOOKED),
}
RULES = [approvals_pending, decisions_pending, policy_reviews_due, training_booked]
