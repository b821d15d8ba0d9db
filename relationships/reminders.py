"""What is due in relationships, for the reminder sweep (REM-1). Each rule is one query over a
short window of dates, so a sweep costs the same whatever the number of relationships; the
occasion is the date something falls due, so each is told once. Messages say what is due and
when, never what anyone wrote."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion

from .models import ActionItem, Member, Relationship

ACTION_NOTICE = timedelta(days=2)  # told this long before an action falls due
OVERDUE_WINDOW = timedelta(days=7)  # an overdue action is told about once, within a week


def actions_due(now):
    today = timezone.localdate(now)
    return [
        _action_occasion(action, Kind.ACTION_DUE, "is due on")
        for action in _open_actions(today, today + ACTION_NOTICE)
    ]


def actions_overdue(now):
    today = timezone.localdate(now)
    return [
        _action_occasion(action, Kind.ACTION_OVERDUE, "was due on")
        for action in _open_actions(today - OVERDUE_WINDOW, today - timedelta(days=1))
    ]


def _open_actions(first, last):
    """Open actions falling due between these days, in active relationships, whose owner is
    still in the relationship and still works here."""
    owner_in_it = Member.objects.filter(
        relationship=OuterRef("relationship"), person=OuterRef("owner"), is_live=True
    )
    return ActionItem.objects.filter(
        Exists(owner_in_it),
        status__in=ActionItem.OPEN,
        due_on__range=(first, last),
        relationship__status=Relationship.Status.ACTIVE,
        owner__is_active=True,
    ).only("pk", "owner_id", "relationship_id", "due_on")


def _action_occasion(action, kind, when):
    return Occasion(
        person_id=action.owner_id,
        kind=kind,
        about=action.pk,
        occasion=action.due_on.isoformat(),
        message=f"An action you own in your mentoring {when} {action.due_on:%-d %B %Y}.",
        link=reverse("relationships:detail", args=[action.relationship_id]),
    )


RULES = [actions_due, actions_overdue]
