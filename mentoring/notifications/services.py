"""Finding what is due and telling people once (REM-1). Each app says what is due in its own
`reminders.py` (a list `RULES` of functions of the time now, each one kind of reminder); the
sweep runs them all and records each occasion once."""

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache, partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from mentoring.discovery import app_modules
from mentoring.operations.services import job_failure_record
from mentoring.people.permissions import staff_member_of

from .models import ON_THEIR_OWN, Notification, Preference

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


ID_MARK = "918273645546372819"  # any id: reverse() only checks it is a number


def link_to(viewname, pk):
    """The address of the page of record `pk`, as reverse() gives it: worked out once for each
    page, then the id put in place, as a sweep links tens of thousands of occasions."""
    return _address(viewname, get_urlconf(), get_script_prefix()).replace(ID_MARK, str(int(pk)))


@cache
def _address(viewname, urlconf, prefix):
    return reverse(viewname, urlconf=urlconf, args=[ID_MARK])


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
    app that made it says, by kind, from what it is about and whom it goes to (a calendar file
    for a meeting tomorrow). A calendar file
    whose type names an iTIP method ("text/calendar; method=REQUEST") is the email's calendar
    message: an invitation, its update or its cancellation."""
    for module in app_modules("reminders"):
        make = getattr(module, "ATTACHMENTS", {}).get(notification.kind)
        if make:
            return make(notification.about, notification.person_id)
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


def reminders_sweep(*, now=None) -> int:
    """Record every occasion due now, each once, and have those not yet emailed sent once the
    records are committed. A fixed number of queries for each kind of reminder, whatever the
    number of relationships: each rule looks only at a short window of dates.

    What it records is marked queued as it is written (its email given to the worker just
    after), so that the next sweep leaves it alone without rewriting every row; any the broker
    then refuses are unmarked. Each rule runs in its own transaction (a savepoint inside one),
    so one that fails, even in the database, is rolled back alone, kept for the site
    administrator, and the others record and email as usual; if the process dies mid-sweep,
    what it marked is queued again once NOTIFICATIONS_QUEUE_AGAIN_SECONDS have passed, with
    the rest the worker has not sent. Returns how many rules failed."""
    now = now or timezone.now()
    queued_at = timezone.now()
    failed = 0
    try:
        for rule in rules():
            failed += not _rule_run(rule, now, queued_at)
    finally:
        _queue_waiting(now, queued_at)
    return failed


def _rule_run(rule, now, queued_at):
    try:
        with transaction.atomic():
            notifications_record(occasions=rule(now), queued_at=queued_at)
    except Exception as exc:  # any mistake in one rule: the others still run
        job_failure_record(job="Reminder sweep", about=_in_words(rule), error=exc)
        return False
    return True


def _in_words(rule):
    return rule.__name__.replace("_", " ").capitalize()


def _queue_waiting(now, queued_at):
    waiting = waiting_to_email(now).filter(
        Q(queued_at=queued_at)
        | Q(queued_at__isnull=True)
        | Q(queued_at__lt=now - _queue_again_after())
    )
    found = list(waiting.order_by().values_list("pk", "queued_at"))
    emails_queue(ids=[pk for pk, _ in found], marked={pk for pk, at in found if at == queued_at})


def _queue_again_after():
    """An email not sent this long after it was queued (lost with a Redis that restarted
    empty, or the worker or the mail server down) is queued again; its task's own retries go
    on meanwhile."""
    return timedelta(seconds=settings.NOTIFICATIONS_QUEUE_AGAIN_SECONDS)


def emails_queue(*, ids, marked=frozenset()):
    """Once the transaction commits, give these notifications' emails to the worker and note
    when, so that the sweep leaves them alone for a while (those `marked` were noted as they
    were written). Any the broker does not take are left unmarked, for the next sweep."""
    transaction.on_commit(partial(_queue_now, ids, marked))


def _queue_now(ids, marked):
    from .tasks import notification_emails

    queued = []
    for some in _chunks(ids, EMAILS_PER_TASK):
        if not notification_emails.enqueue(notification_ids=some):
            break
        queued += some
    _mark_queued(set(queued) - marked, timezone.now())
    _mark_queued(marked - set(queued), None)


def _mark_queued(ids, when):
    for some in _chunks(sorted(ids), IDS_PER_STATEMENT):
        Notification.objects.filter(pk__in=some).update(queued_at=when)


def _chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


def digests_send(*, now=None):
    """Once a day: one email to each person for what they asked to hear of in a digest."""
    from .tasks import digest_email

    people = for_digest(now or timezone.now())
    for person in people.values_list("person", flat=True).distinct():
        digest_email.delay_on_commit(person_id=person)


def for_digest(now):
    """Notifications waiting for their person's digest: those they have not read in the portal
    meanwhile (opened in their list, or the conversation they tell of read), as a digest
    telling them of what they have seen already is noise."""
    waiting = not_emailed(now).filter(preferring(Preference.How.DAILY_DIGEST))
    return waiting.filter(read_at__isnull=True)


def not_emailed(now):
    """Notifications not yet emailed; after a couple of days they stay in the list only."""
    return not_sent_yet().filter(created_at__gte=now - EMAIL_WITHIN)


def waiting_to_email(now):
    """Notifications to be emailed on their own (not in a digest) and not emailed yet."""
    return not_emailed(now).exclude(preferring(Preference.How.DAILY_DIGEST))


def not_sent_yet():
    """Notifications whose email has neither gone nor been refused for good."""
    return Notification.objects.filter(emailed_at__isnull=True, email_failed_at__isnull=True)


def preferring(how):
    """Notifications whose person chose `how` for their kind; a calendar message is never
    in a digest, whatever was once chosen for its kind."""
    chose = Exists(
        Preference.objects.filter(person=OuterRef("person"), kind=OuterRef("kind"), how=how)
    )
    return chose & ~Q(kind__in=ON_THEIR_OWN) if how == Preference.How.DAILY_DIGEST else chose


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
            if how != Preference.How.STRAIGHT_AWAY and kind not in ON_THEIR_OWN
        )


def notifications_record(*, occasions, queued_at=None):
    """Keep these occasions, each once: the database's unique key skips any already kept, so a
    sweep re-offering everything still due writes only what is new, and two sweeps at once
    record each occasion once. With `queued_at`, those to be emailed straight away are
    written as queued then."""
    if not occasions:
        return
    in_digest = _in_digest(occasions) if queued_at else set()
    _insert(
        [
            (o.person_id, o.kind, o.about, o.occasion, o.message[:300], o.link)
            + (None if (o.person_id, o.kind) in in_digest else queued_at,)
            for o in occasions
        ]
    )


def _in_digest(occasions):
    """(person, kind) of those who take these kinds in their daily digest."""
    return set(
        Preference.objects.filter(
            kind__in={o.kind for o in occasions} - ON_THEIR_OWN, how=Preference.How.DAILY_DIGEST
        ).values_list("person", "kind")
    )


# Each row: person_id, kind, about, occasion, message, link, queued_at
NEW_FROM_ARRAYS = """INSERT INTO notifications_notification
        (person_id, kind, about, occasion, message, link, queued_at, created_at)
    SELECT new.*, %s FROM UNNEST(
        %s::bigint[], %s::varchar[], %s::bigint[], %s::varchar[], %s::varchar[], %s::varchar[],
        %s::timestamptz[]
    ) AS new (person_id, kind, about, occasion, message, link, queued_at)
    WHERE NOT EXISTS (
        SELECT FROM notifications_notification kept
        WHERE (kept.kind, kept.about, kept.occasion, kept.person_id)
            = (new.kind, new.about, new.occasion, new.person_id)
    )
    ON CONFLICT DO NOTHING"""

NEW_FROM_JSON = """INSERT INTO notifications_notification
        (person_id, kind, about, occasion, message, link, queued_at, created_at)
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
        json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'),
        json_extract(value, '$[6]'), %s
    FROM json_each(%s) AS new
    WHERE NOT EXISTS (
        SELECT 1 FROM notifications_notification kept
        WHERE (kept.kind, kept.about, kept.occasion, kept.person_id) = (
            json_extract(new.value, '$[1]'), json_extract(new.value, '$[2]'),
            json_extract(new.value, '$[3]'), json_extract(new.value, '$[0]')
        )
    )
    ON CONFLICT DO NOTHING"""


def _insert(rows):
    """Write these notifications but those already kept, in one statement whatever their
    number: the rows go as arrays (PostgreSQL) or as one JSON list (SQLite) rather than as a
    model instance each, half bulk_create()'s time for the tens of thousands a sweep writes
    after an outage, and no id is spent on what is kept."""
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(NEW_FROM_ARRAYS, [now, *map(list, zip(*rows, strict=True))])
            return
        as_stored = connection.ops.adapt_datetimefield_value
        rows = [(*row[:6], as_stored(row[6])) for row in rows]
        cursor.execute(NEW_FROM_JSON, [as_stored(now), json.dumps(rows)])


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


def notifications_read_all(*, by, up_to: int):
    """The person marks as read every notification up to the newest they were shown: one
    that came after it stays unread (and in their digest)."""
    Notification.objects.filter(person__user=by, read_at=None, pk__lte=up_to).update(
        read_at=timezone.now()
    )
