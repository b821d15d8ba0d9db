"""Finding what is due and telling people once (REM-1). Each app says what is due in its own
`reminders.py` (a list `RULES` of functions of the time now, each one kind of reminder); the
sweep runs them all and records each occasion once."""

from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from .models import Notification

EMAIL_WITHIN = timedelta(days=2)  # a notification not emailed by then stays in the list only


@dataclass(frozen=True)
class Occasion:
    """Something due for one person: what kind, about which record, on which occasion, in
    plain words that carry nothing confidential, and the page to open."""

    person_id: int
    kind: str
    about: int
    occasion: str
    message: str
    link: str


def rules():
    """Every app's reminder rules, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.reminders")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.reminders":
                raise
            continue
        yield from module.RULES


def reminders_sweep(*, now=None):
    """Record every occasion due now, each once, and have those not yet emailed sent once the
    records are committed. A fixed number of queries for each kind of reminder, whatever the
    number of relationships: each rule looks only at a short window of dates."""
    from .tasks import notification_email

    now = now or timezone.now()
    for rule in rules():
        notifications_record(occasions=rule(now))
    waiting = Notification.objects.filter(
        emailed_at__isnull=True, created_at__gte=now - EMAIL_WITHIN
    ).values_list("pk", flat=True)
    for pk in waiting:
        notification_email.delay_on_commit(notification_id=pk)


def notifications_record(*, occasions):
    """Keep these occasions; one already kept is skipped by the database's unique key, so two
    sweeps at once record each occasion once."""
    Notification.objects.bulk_create(
        [
            Notification(
                person_id=o.person_id,
                kind=o.kind,
                about=o.about,
                occasion=o.occasion,
                message=o.message,
                link=o.link,
            )
            for o in occasions
        ],
        ignore_conflicts=True,
    )


def notification_read(*, by, notification):
    """The person marks one of their notifications as read."""
    Notification.objects.filter(pk=notification.pk, person__user=by, read_at=None).update(
        read_at=timezone.now()
    )


def notifications_read_all(*, by):
    Notification.objects.filter(person__user=by, read_at=None).update(read_at=timezone.now())
