"""Running the reminder sweep in tests, and reading what it recorded."""

from mentoring.notifications.models import Notification
from mentoring.notifications.services import reminders_sweep


def sweep(capture):
    """A sweep, with its emails sent once it commits, as the worker would."""
    with capture(execute=True):
        reminders_sweep()


def told(kind=None):
    notifications = Notification.objects.order_by("person__work_email", "occasion")
    if kind:
        notifications = notifications.filter(kind=kind)
    return list(notifications.values_list("person__work_email", "kind", "occasion"))
