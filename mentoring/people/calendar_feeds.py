"""Each person's private calendar feed: turned on (which shows its secret address once),
replaced, revoked, each audited; and the one look-up the feed's address goes through. Only a
hash of the secret is kept."""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record

from .models import CalendarFeed, StaffMember

KIND = "calendar feed"
SECRET = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32): 256 random bits
NOTE_USE_EVERY = timedelta(hours=1)  # calendars poll often: note the last use at most this often


def _hash(secret: str) -> str:
    # 256 random bits: a fast hash is as good as a slow one here.
    return hashlib.sha256(secret.encode()).hexdigest()


def _person(user) -> StaffMember:
    person = getattr(user, "staff_member", None)
    if person is None or not person.is_active:
        raise PermissionDenied("Only people with a staff record have a calendar feed.")
    return person


def calendar_feed_in_use(person) -> CalendarFeed | None:
    return CalendarFeed.objects.in_use().filter(person=person).first()


def calendar_feed_start(*, by) -> str:
    """Turn on the person's calendar feed, replacing any they had (whose address stops working
    at once); returns the new secret, which is never shown again."""
    person = _person(by)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic(durable=True):
        _revoke(by, person)
        feed = CalendarFeed(person=person, token_hash=_hash(secret))
        feed.full_clean()
        feed.save()
        audit_record(
            by=by, action=AuditEntry.Action.CREATE, kind=KIND, obj=feed, note="Calendar feed on"
        )
    return secret


def calendar_feed_revoke(*, by) -> bool:
    """Stop the person's calendar feed working, for good; False when none was on."""
    person = _person(by)
    with transaction.atomic(durable=True):
        return _revoke(by, person)


def _revoke(by, person) -> bool:
    feed = CalendarFeed.objects.select_for_update().in_use().filter(person=person).first()
    if feed is None:
        return False
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    note = "Calendar feed revoked"
    audit_record(by=by, action=AuditEntry.Action.REVOKE, kind=KIND, obj=feed, note=note)
    return True


def calendar_feed_owner(secret: str, *, now=None) -> StaffMember | None:
    """Whose feed in use this secret opens, while they still work here; None for anything
    else, whatever it is. Notes when it was used, at most once an hour."""
    if not SECRET.fullmatch(secret):
        return None
    feed = (
        CalendarFeed.objects.in_use()
        .filter(token_hash=_hash(secret), person__is_active=True)
        .select_related("person")
        .first()
    )
    if feed is None:
        return None
    now = now or timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= NOTE_USE_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.person


def calendar_feed_addresses(secret: str) -> dict:
    """The feed's address as calendar apps take it: webcal:// opens the app, https:// is what
    Outlook on the web and Google Calendar ask for."""
    https = settings.SITE_URL + reverse("relationships:calendar_feed", args=[secret])
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}
