"""The calendar feed as a real calendar server takes it (issue 23): Radicale, started for the
tests on a free port, holds the calendar; the test does what a subscribing calendar app does
(Radicale fetches no subscriptions itself): fetch the feed from the live portal, store each
event by its UID over CalDAV (replacing the one there, deleting those gone), and read back
what Radicale indexed with a calendar-query REPORT."""

from datetime import datetime, time, timedelta

import caldav
import pytest
import requests
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentoring.people.calendar_feeds import calendar_feed_revoke, calendar_feed_start
from programmes.models import TrainingSession
from programmes.services.training import booking_cancel, booking_make
from relationships.calendar import event_uid
from relationships.models import ActionItem, Meeting
from relationships.services.meetings import meeting_cancel
from tests.matching import accepted, paired, programme_for_matching, went_ahead

pytestmark = pytest.mark.django_db(transaction=True)
DAY = timedelta(days=1)


class Subscriber:
    """A calendar app subscribed to a feed, keeping its copy in a CalDAV calendar."""

    def __init__(self, server, user):
        client = caldav.DAVClient(url=server.url, username=user, password=server.password)
        self.calendar = client.principal().make_calendar(name="Mentoring")

    def sync(self, url) -> int:
        response = requests.get(url, timeout=10)
        if response.status_code != 200:
            return response.status_code  # a calendar keeps what it had, and says so
        feed = Calendar.from_ical(response.content)
        zones = {str(zone["tzid"]): zone for zone in feed.walk("VTIMEZONE")}
        uids = set()
        for event in feed.walk("VEVENT"):
            uids.add(str(event["uid"]))
            self.calendar.save_event(_alone(event, zones).to_ical().decode())
        for stored in self.calendar.events():
            if str(stored.icalendar_component["uid"]) not in uids:
                stored.delete()
        return response.status_code

    def between(self, start, end) -> dict:
        """What Radicale finds in this time range (CalDAV calendar-query), by UID."""
        found = self.calendar.search(start=start, end=end, event=True)
        return {str(e.icalendar_component["uid"]): e.icalendar_component for e in found}


def _alone(event, zones):
    """One event as a calendar object resource of its own (RFC 4791 §4.1), with the time zone
    it uses."""
    resource = Calendar()
    resource.add("prodid", "-//Tests//Subscriber//EN")
    resource.add("version", "2.0")
    zone = event["dtstart"].params.get("TZID")
    if zone:
        resource.add_component(zones[zone])
    resource.add_component(event)
    return resource


@pytest.fixture
def pair(coordinator, colleague, staff_member):
    programme = programme_for_matching(coordinator, agreement_required=False)
    mentor = accepted(programme, colleague, "mentor")
    mentee = accepted(programme, staff_member, "mentee")
    return went_ahead(paired(mentor, mentee))


def at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_radicale_holds_the_feed_and_follows_its_changes(
    live_server, radicale, pair, staff_member, colleague
):
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        relationship=pair, starts_at=at(today + 3 * DAY, 10), minutes=60, method="video"
    )
    ActionItem.objects.create(
        relationship=pair, owner=staff_member, due_on=today + 5 * DAY, description="Read"
    )
    url = live_server.url + reverse(
        "relationships:calendar_feed", args=[calendar_feed_start(by=staff_member.user)]
    )
    jo = Subscriber(radicale, "jo")
    window = (at(today, 0), at(today + 30 * DAY, 0))
    uid = event_uid("meeting", meeting.pk)

    assert jo.sync(url) == 200
    found = jo.between(*window)
    held = found[uid]
    assert held.decoded("dtstart") == at(today + 3 * DAY, 10)
    assert held["dtstart"].params["TZID"] == "Europe/London"
    (due,) = [e for e in found.values() if str(e["summary"]) == "Action due"]
    assert due.decoded("dtstart") == today + 5 * DAY

    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=at(today + 4 * DAY, 14), sequence=meeting.sequence + 1
    )
    assert jo.sync(url) == 200
    moved = jo.between(*window)[uid]
    assert moved.decoded("dtstart") == at(today + 4 * DAY, 14)
    assert moved["sequence"] > held["sequence"]

    meeting_cancel(by=colleague.user, meeting=meeting)
    assert jo.sync(url) == 200
    assert uid not in jo.between(*window)
    assert uid not in {str(e.icalendar_component["uid"]) for e in jo.calendar.events()}

    training = TrainingSession.objects.create(
        programme=pair.programme,
        kind="mentee_induction",
        starts_at=at(today + 6 * DAY, 13),
        place="Room 5",
        capacity=10,
    )
    booking = booking_make(by=staff_member.user, session=training)
    assert jo.sync(url) == 200
    booked = jo.between(*window)[event_uid("training", training.pk)]
    assert booked.decoded("dtstart") == at(today + 6 * DAY, 13)
    assert str(booked["status"]) == "CONFIRMED"
    booking_cancel(by=staff_member.user, booking=booking)
    assert jo.sync(url) == 200
    assert event_uid("training", training.pk) not in jo.between(*window)

    calendar_feed_revoke(by=staff_member.user)
    assert jo.sync(url) == 404
