"""Your mentoring on the home page: a card for each relationship you are in, with the others
in it, its programme and its one status."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.todo import Task

from .models import Member, Relationship, ReviewAnswer

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


def reviews_coming_up(person, now) -> list[Task]:
    """The next review of each active relationship the person is in, while still ahead (one
    overdue is a task already): two queries, whatever the number of relationships."""
    today = timezone.localdate(now)
    active = Relationship.objects.filter(
        members__person=person, members__is_live=True, status=Relationship.Status.ACTIVE
    ).select_related("programme")
    answered = defaultdict(set)
    mine = ReviewAnswer.objects.filter(person=person, review__relationship__in=active)
    for relationship_id, due_on in mine.values_list("review__relationship", "review__due_on"):
        answered[relationship_id].add(due_on)
    tasks = []
    for relationship in active:
        due = relationship.next_review_on(today, answered[relationship.pk])
        if due and due >= today:
            words = f"Review of your mentoring in {relationship.programme.name} on {due:%-d %B %Y}"
            link = reverse("relationships:review", args=[relationship.pk])
            tasks.append(Task(words, link, due, about=relationship.pk))
    return tasks


CARDS = [("Your mentoring", my_mentoring)]
COMING_UP = [reviews_coming_up]
