"""A person's calendar feed: the meetings they see, their own due dates and the training
sessions they are booked on or invited to, from a little before today to a year ahead, as one
calendar. The due dates come from each app's kinds of thing to do that name a `calendar` title
(mentoring.notifications.todo), so the feed reads them without knowing the apps above this one."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.todo import in_calendar
from programmes.models import TrainingSession

from .calendar import calendar_of, due_event, meeting_event, training_event
from .models import Meeting
from .permissions import sessions_seen_by

BEFORE = timedelta(days=92)  # about three months back
AHEAD = timedelta(days=366)
REFRESH = timedelta(hours=1)
NAME = "Mentoring"
# What a meeting's event keeps in the feed: when, and which programme. Where it is (the place
# or link) is what the pair wrote (Meeting.CONFIDENTIAL) and anyone with the address reads the
# feed, so it stays in the invitations and the download, which go to the people in it alone.
KEPT = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL", "SEQUENCE", "STATUS"}


def feed_meetings(person, now):
    """The meetings in the window of the relationships the person is live in, that they see
    (sees_session) and that are not cancelled: a subscribed calendar drops an event gone from
    the feed, which every client does, where few show a cancelled one as cancelled."""
    return Meeting.objects.filter(
        sessions_seen_by(person),
        relationship__members__person=person,
        relationship__members__is_live=True,
        cancelled_at__isnull=True,
        starts_at__range=(now - BEFORE, now + AHEAD),
    ).select_related("relationship__programme")


def due_dates(person, now):
    """(kind, row) for each of the person's due dates in the window, each kind one or two
    queries."""
    today = timezone.localdate(now)
    return [
        (kind, row)
        for kind in in_calendar()
        for row in kind.due_dates(person.pk, today - BEFORE, today + AHEAD, now)
    ]


def personal_calendar(person, now) -> bytes:
    events = [_kept(meeting_event(meeting)) for meeting in feed_meetings(person, now)]
    events += [
        due_event(
            kind=kind.name,
            about=row["about"],
            title=kind.calendar,
            day=row["due"],
            url=settings.SITE_URL + reverse(kind.page, args=[row["link"]]),
        )
        for kind, row in due_dates(person, now)
    ]
    events += [
        training_event(
            session,
            booking=session.booking,
            url=settings.SITE_URL + reverse("programmes:training_detail", args=[session.pk]),
        )
        for session in TrainingSession.objects.in_calendar_of(
            person.pk, now - BEFORE, now + AHEAD, now
        )
    ]
    return calendar_of(events, name=NAME, refresh=REFRESH)


def _kept(event):
    for name in list(event):
        if name not in KEPT:
            del event[name]
    return event
