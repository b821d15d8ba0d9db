"""Finding what is due and telling people once (REM-1). Each app says what is due in its own
`reminders.py` (a list `RULES` of functions of the time now, each one kind of reminder); the
sweep runs them all and records each occasion once."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from mentoring.discovery import app_modules
from mentoring.people.permissions import staff_member_of

from .models import Notification, Preference

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


def again(since, now, every_days):
    """The occasion of the latest reminder-again, one every `every_days` since `since` (dates
    or times), or None before the first. Only the latest is offered, so a sweep that was not
    running for a while sends one, not a backlog."""
    times = (now - since) // timedelta(days=every_days)
    return f"again {times}" if times >= 1 else None


def rules():
    """Every app's reminder rules, in INSTALLED_APPS order."""
    for module in app_modules("reminders"):
        yield from module.RULES


def attachment(notification):
    """A file to send with this notification's email, as (name, content, type), or None: the
    app that made it says, by kind (a calendar file for a meeting tomorrow)."""
    for module in app_modules("reminders"):
        make = getattr(module, "ATTACHMENTS", {}).get(notification.kind)
        if make:
            return make(notification.about)
    return None


def reminders_sweep(*, now=None):
    """Record every occasion due now, each once, and have those not yet emailed sent once the
    records are committed. A fixed number of queries for each kind of reminder, whatever the
    number of relationships: each rule looks only at a short window of dates."""
    from .tasks import notification_email

    now = now or timezone.now()
    for rule in rules():
        notifications_record(occasions=rule(now))
    for pk in (
        not_emailed(now)
        .exclude(preferring(Preference.How.DAILY_DIGEST))
        .values_list("pk", flat=True)
    ):
        notification_email.delay_on_commit(notification_id=pk)


def digests_send(*, now=None):
    """Once a day: one email to each person for what they asked to hear of in a digest."""
    from .tasks import digest_email

    people = not_emailed(now or timezone.now()).filter(preferring(Preference.How.DAILY_DIGEST))
    for person in people.values_list("person", flat=True).distinct():
        digest_email.delay_on_commit(person_id=person)


def not_emailed(now):
    """Notifications not yet emailed; after a couple of days they stay in the list only."""
    return Notification.objects.filter(emailed_at__isnull=True, created_at__gte=now - EMAIL_WITHIN)


def preferring(how):
    """Notifications whose person chose `how` for their kind."""
    return Exists(
        Preference.objects.filter(person=OuterRef("person"), kind=OuterRef("kind"), how=how)
    )


def preferences_save(*, by, choices):
    """Keep how the person wants to be emailed about each kind ({kind: how})."""
    me = staff_member_of(by)
    if me is None:
        raise PermissionDenied("Only staff receive notifications.")
    with transaction.atomic():
        Preference.objects.filter(person=me).delete()
        Preference.objects.bulk_create(
            Preference(person=me, kind=kind, how=how)
            for kind, how in choices.items()
            if how != Preference.How.STRAIGHT_AWAY
        )


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
                message=o.message[:300],
                link=o.link,
            )
            for o in occasions
        ],
        ignore_conflicts=True,
    )


def notify(*, occasions):
    """Tell people now of something that just happened, as a reminder would: kept under the
    same key, so the sweep that finds it later tells no one twice, and emailed once this
    transaction commits (or in the person's digest). Kept in the database first, so a broker
    that is down loses nothing: the sweep sends what is still unsent."""
    from .tasks import notification_email

    notifications_record(occasions=occasions)
    keys = {(o.kind, o.about, o.occasion, o.person_id) for o in occasions}
    kept = Notification.objects.filter(
        kind__in={o.kind for o in occasions},
        about__in={o.about for o in occasions},
        emailed_at__isnull=True,
    ).exclude(preferring(Preference.How.DAILY_DIGEST))
    for pk, *key in kept.values_list("pk", "kind", "about", "occasion", "person"):
        if tuple(key) in keys:
            notification_email.delay_on_commit(notification_id=pk)


def notification_read(*, by, notification):
    """The person marks one of their notifications as read."""
    Notification.objects.filter(pk=notification.pk, person__user=by, read_at=None).update(
        read_at=timezone.now()
    )


def notifications_read_all(*, by):
    Notification.objects.filter(person__user=by, read_at=None).update(read_at=timezone.now())
