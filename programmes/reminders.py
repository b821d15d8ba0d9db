"""What is due in programmes, for the reminder sweep (REM-1): approvals and decisions waiting,
policy reviews coming, training booked and places given. One query each."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion

from .models import Application, Booking, Policy

ASKED_WINDOW = timedelta(days=30)  # older requests are the coordinator's to chase
NUDGE_AFTER = timedelta(days=5)
POLICY_NOTICE = timedelta(days=30)
BOOKED_WINDOW = timedelta(days=7)


def approvals_pending(now):
    """The line manager, when an application arrives and once more if it still waits."""
    waiting = Application.objects.filter(
        status=Application.Status.AWAITING_MANAGER,
        manager__is_active=True,
        created_at__gte=now - ASKED_WINDOW,
    ).values_list(
        "pk",
        "manager_id",
        "created_at",
        "applicant__first_name",
        "applicant__last_name",
        "programme__name",
    )
    occasions = []
    for pk, manager, created, first, last, programme in waiting:
        application = f"{first} {last}'s application to {programme}"
        link = reverse("programmes:approval", args=[pk])
        occasions.append(
            Occasion(
                manager,
                Kind.APPROVAL_PENDING,
                pk,
                "asked",
                f"{application} is waiting for your approval.",
                link,
            )
        )
        if created < now - NUDGE_AFTER:
            occasions.append(
                Occasion(
                    manager,
                    Kind.APPROVAL_PENDING,
                    pk,
                    "nudge",
                    f"{application} is still waiting for your approval.",
                    link,
                )
            )
    return occasions


def decisions_pending(now):
    """Each coordinator of the programme, when an application is ready for their decision."""
    waiting = Application.objects.filter(
        status=Application.Status.WITH_COORDINATOR,
        created_at__gte=now - ASKED_WINDOW,
        programme__coordinators__is_active=True,
    ).values_list("pk", "programme__coordinators", "programme__name")
    return [
        Occasion(
            coordinator,
            Kind.DECISION_PENDING,
            pk,
            "asked",
            f"An application to {programme} is waiting for your decision.",
            reverse("programmes:decide", args=[pk]),
        )
        for pk, coordinator, programme in waiting
    ]


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
            reverse("programmes:policy", args=[programme]),
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
        link = reverse("programmes:training_detail", args=[session])
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


RULES = [approvals_pending, decisions_pending, policy_reviews_due, training_booked]
