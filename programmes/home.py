"""On the home page, as cards: a coordinator's programmes (each current one, its status and
its dashboard) and a person's own applications (where each stands, in plain words)."""

from django.urls import reverse

from .models import Application, Programme

# The colour of each application status's tag, as on My applications.
STATUS_COLOURS = {
    Application.Status.AWAITING_MANAGER: "yellow",
    Application.Status.MANAGER_DECLINED: "orange",
    Application.Status.WITH_COORDINATOR: "blue",
    Application.Status.WAITING_LIST: "purple",
    Application.Status.ACCEPTED: "green",
    Application.Status.DECLINED: "red",
}


def my_programmes(person) -> list[dict]:
    """One query, whatever the number of programmes."""
    mine = Programme.objects.current().filter(coordinators=person).order_by("name", "pk")
    return [
        {
            "title": programme.name,
            "link": reverse("evaluations:programme_dashboard", args=[programme.pk]),
            "caption": "You coordinate it",
            "status": programme.get_status_display(),
            "colour": programme.tag_colour,
        }
        for programme in mine
    ]


def my_applications(person) -> list[dict]:
    """The person's applications to current programmes but those they withdrew: one query."""
    mine = (
        Application.objects.filter(applicant=person, programme__archived_at__isnull=True)
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("programme")
        .order_by("-created_at", "pk")
    )
    return [
        {
            "title": application.programme.name,
            "link": reverse("programmes:my_applications"),
            "caption": f"Your application to be a {application.get_role_display().lower()}",
            "status": _status_words(application),
            "colour": STATUS_COLOURS[application.status],
        }
        for application in mine
    ]


def _status_words(application):
    if application.status == Application.Status.WAITING_LIST:
        return "You are on the waiting list"
    return application.get_status_display()


CARDS = [("Your programmes", my_programmes), ("Your applications", my_applications)]
