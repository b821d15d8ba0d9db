"""A coordinator's programmes on the home page, as cards: each current one, its status and
its dashboard."""

from django.urls import reverse

from .models import Programme


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


CARDS = [("Your programmes", my_programmes)]
