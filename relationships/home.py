"""Your mentoring on the home page: a card for each relationship you are in, with the others
in it, its programme and its one status."""

from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import Member, Relationship

ENDED_SHOWN_FOR = timedelta(days=60)  # then it is in the history on "My mentoring"


def my_mentoring(person) -> list[dict]:
    """Two queries, whatever the number of relationships."""
    others = Member.objects.filter(is_live=True).exclude(person=person).select_related("person")
    mine = (
        Relationship.objects.filter(members__person=person)
        .filter(~Q(status=Relationship.Status.ENDED) | Q(ended_at__gte=_lately()))
        .select_related("programme")
        .prefetch_related(Prefetch("members", others, to_attr="others"))
        .order_by("status", "-created_at", "pk")
        .distinct()
    )
    return [_card(relationship) for relationship in mine]


def _lately():
    return timezone.now() - ENDED_SHOWN_FOR


def _card(relationship):
    names = ", ".join(member.person.full_name for member in relationship.others)
    return {
        "title": names or "Your mentoring",
        "link": relationship.get_absolute_url(),
        "caption": relationship.programme.name,
        "status": relationship.tag.words,
        "colour": relationship.tag.colour,
    }


CARDS = [("Your mentoring", my_mentoring)]
