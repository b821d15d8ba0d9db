"""Finding what is due and telling people once (REM-1). Each app says what is due in its own
`reminders.py` (a list `RULES` of functions of the time now, each one kind of reminder); the
sweep runs them all and records each occasion once."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from mentoring.discovery import app_modules
from mentoring.people.permissions import staff_member_of

from .models import Notification, Preference

EMAIL_WITHIN = timedelta(days=2)  # a notification not emailed by then stays in the list only
LOOK_BACK = timedelta(days=62)  # longer than the longest interval a programme may set
EMAILS_PER_TASK = 200
IDS_PER_STATEMENT = 5000  # well within SQLite's and PostgreSQL's limits


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


def and_again(now, firsts):
    """Each first occasion of something that waits, given as (occasion, every_days, words),
    and a reminder again today for those whose person was last told of it at least
    `every_days` ago, in `words`. One query, over the notifications of these kinds in the
    last two months: counting from when they were last told, a change to the programme's
    interval takes effect at once, and a sweep that was stopped for a while sends one
    reminder, not a backlog."""
    if not firsts:
        return []
    last_told = _last_told({o.kind for o, _, _ in firsts}, now)
    today = timezone.localdate(now).isoformat()
    occasions = []
    for first, every_days, words in firsts:
        occasions.append(first)
        told = last_told.get((first.kind, first.about, first.person_id))
        if told and now - told >= timedelta(days=every_days):
            again = f"{first.occasion} again {today}"
            occasions.append(replace(first, occasion=again, message=words))
    return occasions


def _last_told(kinds, now):
    told = Notification.objects.filter(kind__in=kinds, created_at__gte=now - LOOK_BACK)
    return {
        (kind, about, person): last
        for kind, about, person, last in told.values("kind", "about", "person")
        .annotate(last=Max("created_at"))
        .values_list("kind", "about", "person", "last")
    }


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


def still_due(notifications):
    """Those of these notifications whose record still calls for them; the others (an action
    done, a form answered, a summary withdrawn since) are withdrawn from the person's list
    rather than emailed. Each app says, by kind, which of its records are still due."""
    checks = {}
    for module in app_modules("reminders"):
        checks |= getattr(module, "STILL_DUE", {})
    by_kind = defaultdict(list)
    for notification in notifications:
        by_kind[notification.kind].append(notification)
    due, gone = [], []
    for kind, found in by_kind.items():
        check = checks.get(kind)
        current = check([n.about for n in found]) if check else {n.about for n in found}
        for notification in found:
            (due if notification.about in current else gone).append(notification)
    Notification.objects.filter(pk__in=[n.pk for n in gone]).delete()
    return due


def still_where(model, **state):
    """A check for STILL_DUE: which of these records of `model` are still in `state`."""
    return lambda ids: set(model.objects.filter(pk__in=ids, **state).values_list("pk", flat=True))


def reminders_sweep(*, now=None):
    """Record every occasion due now, each once, and have those not yet emailed sent once the
    records are committed. A fixed number of queries for each kind of reminder, whatever the
    number of relationships: each rule looks only at a short window of dates."""

    now = now or timezone.now()
    for rule in rules():
        notifications_record(occasions=rule(now))
    waiting = (
        not_emailed(now)
        .exclude(preferring(Preference.How.DAILY_DIGEST))
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - _queue_again_after()))
    )
    emails_queue(ids=list(waiting.values_list("pk", flat=True)))


def _queue_again_after():
    """An email not sent this long after it was queued (lost with a Redis that restarted
    empty, or the worker or the mail server down) is queued again; its task's own retries go
    on meanwhile."""
    return timedelta(seconds=settings.NOTIFICATIONS_QUEUE_AGAIN_SECONDS)


def emails_queue(*, ids):
    """Once the transaction commits, give these notifications' emails to the worker and note
    when, so that the sweep leaves them alone for a while. Any the broker does not take stay
    unqueued, for the next sweep."""
    transaction.on_commit(partial(_queue_now, ids))


def _queue_now(ids):
    from .tasks import notification_emails

    queued = []
    for some in _chunks(ids, EMAILS_PER_TASK):
        if not notification_emails.enqueue(notification_ids=some):
            break
        queued += some
    for some in _chunks(queued, IDS_PER_STATEMENT):
        Notification.objects.filter(pk__in=some).update(queued_at=timezone.now())


def _chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


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
    """Keep these occasions. Those kept in the last two months are left out first, so a sweep
    re-offering everything still due writes only what is new; the database's unique key
    skips any other already kept, so two sweeps at once record each occasion once."""
    if not occasions:
        return
    kept = _kept(occasions)
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
            if (o.kind, o.about, o.occasion, o.person_id) not in kept
        ],
        ignore_conflicts=True,
    )


def _kept(occasions):
    kinds = {o.kind for o in occasions}
    recent = Notification.objects.filter(kind__in=kinds, created_at__gte=timezone.now() - LOOK_BACK)
    kept = set()
    for abouts in _chunks(sorted({o.about for o in occasions}), IDS_PER_STATEMENT):
        kept |= set(
            recent.filter(about__in=abouts).values_list("kind", "about", "occasion", "person")
        )
    return kept


def notifications_send(*, occasions):
    """Tell people now of something that just happened, as a reminder would: kept under the
    same key, so the sweep that finds it later tells no one twice, and emailed once this
    transaction commits (or in the person's digest). Kept in the database first, so a broker
    that is down loses nothing: the sweep sends what is still unsent."""
    notifications_record(occasions=occasions)
    keys = {(o.kind, o.about, o.occasion, o.person_id) for o in occasions}
    kept = Notification.objects.filter(
        kind__in={o.kind for o in occasions},
        about__in={o.about for o in occasions},
        emailed_at__isnull=True,
    ).exclude(preferring(Preference.How.DAILY_DIGEST))
    emails_queue(
        ids=[
            pk
            for pk, *key in kept.values_list("pk", "kind", "about", "occasion", "person")
            if tuple(key) in keys
        ]
    )


def notification_read(*, by, notification):
    """The person marks one of their notifications as read."""
    Notification.objects.filter(pk=notification.pk, person__user=by, read_at=None).update(
        read_at=timezone.now()
    )


def notifications_read_all(*, by):
    Notification.objects.filter(person__user=by, read_at=None).update(read_at=timezone.now())
