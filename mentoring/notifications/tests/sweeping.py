"""Running the reminder sweep in tests, and reading what it recorded."""

from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from mentoring.notifications.services import reminders_sweep


def sweep(capture):
    """A sweep, with its emails sent once it commits, as the worker would."""
    with capture(execute=True):
        reminders_sweep()


def told(kind=None):
    """What the sweep recorded, or what it recorded of one kind. Being matched is told as it
    happens, when the tests pair people, so it counts only when asked for."""
    notifications = Notification.objects.order_by("person__work_email", "occasion")
    if kind:
        notifications = notifications.filter(kind=kind)
    else:
        notifications = notifications.exclude(kind=Kind.PAIRED)
    return list(notifications.values_list("person__work_email", "kind", "occasion"))


def matched(relationship):
    """The relationship, its people having read the email that told them of their match when
    they were paired, so that only the sweep's reminders remain to be seen."""
    now = timezone.now()
    told_of_it = Notification.objects.filter(kind=Kind.PAIRED, about=relationship.pk)
    told_of_it.update(emailed_at=now, read_at=now)
    return relationship
