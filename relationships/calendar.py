"""Meetings as calendar events (RFC 5545), the one place they are written: the file to
download, the invitations emailed (RFC 5546) and the personal feed all take their events
from here. An event says when and where, never what mentoring is about. The feed's due dates
and training sessions are written here too."""

from datetime import datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vDuration, vUri

PRODUCT = "-//Mentoring//Meetings//EN"


def calendar_zone():
    return ZoneInfo(getattr(settings, "CALENDAR_TIME_ZONE", settings.TIME_ZONE))


def event_uid(kind, pk):
    """Stable for the life of what it names, so calendars replace an event rather than add one."""
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname}"


def meeting_event(meeting):
    """A meeting as an event, its times in the calendar's own time zone (with TZID)."""
    zone = calendar_zone()
    event = Event()
    event.add("uid", event_uid("meeting", meeting.pk))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", f"Mentoring meeting ({meeting.relationship.programme.name})")
    page = settings.SITE_URL + meeting.relationship.get_absolute_url()
    event.add("location", meeting.place or meeting.online_link or meeting.get_method_display())
    event.add("url", page)
    event.add("description", _description(meeting.online_link, page))
    if meeting.online_link:
        _online(event, meeting.online_link)
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def due_event(*, kind, about, title, day, url):
    """A date something is due, as an all-day event (DTSTART;VALUE=DATE) titled in plain
    words (`title`): never what is due, which is what someone wrote."""
    event = Event()
    event.add("uid", event_uid(f"{kind.replace(' ', '-')}-due", about))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", title)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a due date leaves the day free
    return event


def training_event(session, *, booking, url):
    """A training or support session the person is booked on (`booking` "booked"), waiting
    for ("waiting") or invited to (None), titled as the training pages show it, with its
    programme. Never its place, which may be a joining link, nor its notes: the session's page
    has both, for those signed in."""
    event = Event()
    event.add("uid", event_uid("training", session.pk))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(calendar_zone()))
    where = session.programme.name if session.programme else "every programme"
    event.add("summary", f"{session.get_kind_display()} ({where}){TRAINING_STANDING[booking]}")
    event.add("url", url)
    event.add("status", "CONFIRMED" if booking == "booked" else "TENTATIVE")
    if booking is None:
        event.add("transp", "TRANSPARENT")  # an invitation leaves the time free until booked
    return event


TRAINING_STANDING = {
    "booked": "",
    "waiting": ": on the waiting list",
    None: ": invited, not booked",
}


def _description(link, page):
    """What every calendar shows in the event's text, links made clickable: Outlook and Google
    show neither CONFERENCE nor URL, so the joining link and the portal page are written here."""
    joining = f"Join online: {link}\n\n" if link else ""
    return f"{joining}The meeting in the mentoring portal: {page}"


TEAMS_HOSTS = ("teams.microsoft.com", "teams.live.com")


def _online(event, link):
    """The joining link as RFC 7986 says (CONFERENCE, for Apple and Thunderbird) and, for a
    Teams link, as Outlook writes its own (it then shows its Join button)."""
    event.add(
        "conference",
        vUri(link),
        parameters={"value": "URI", "feature": "VIDEO", "label": "Join online"},
    )
    if (urlsplit(link).hostname or "").endswith(TEAMS_HOSTS):
        event.add("x-microsoft-skypeteamsmeetingurl", link)


def calendar_of(events, *, method=None, name=None, refresh=None):
    """A calendar holding `events`, with a VTIMEZONE for each time zone they use (trimmed to
    the years they fall in, so the file stays small). `method` is iTIP's (RFC 5546): PUBLISH,
    REQUEST or CANCEL; a feed has none, but a `name` and how often to `refresh` (RFC 7986)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    if refresh:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))
    starts = []
    for event in events:
        calendar.add_component(event)
        start = event.decoded("dtstart")
        starts.append(start.date() if isinstance(start, datetime) else start)
    if starts:
        first = min(starts) - timedelta(days=366)
        last = max(starts) + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def meeting_calendar(meeting):
    """The .ics file to download: PUBLISH for a meeting, CANCEL once it is cancelled."""
    method = "CANCEL" if meeting.is_cancelled else "PUBLISH"
    return calendar_of([meeting_event(meeting)], method=method)


def meeting_invitation(meeting, *, people, cancel=False):
    """The iTIP message (RFC 5546) emailed to the people at a meeting: REQUEST, again with
    SEQUENCE raised for each change, then CANCEL; `cancel` also for a meeting that goes on
    without `people` (someone who left a group: RFC 5546 §3.2.5 removes an attendee so). The
    organiser is the portal's own address (named for who arranged it), so that no one is sent
    an invitation from themselves, which Outlook would take for their own meeting and offer no
    Accept or Decline. Answers would go to that address, which nobody reads: RSVP=FALSE says
    no answer is asked for."""
    event = meeting_event(meeting)
    event.add("organizer", _organiser(meeting.arranged_by))
    for person in people:
        event.add("attendee", _attendee(person))
    cancel = cancel or meeting.is_cancelled
    if cancel:
        event["status"] = "CANCELLED"
    return calendar_of([event], method="CANCEL" if cancel else "REQUEST")


def _organiser(arranger):
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organiser = vCalAddress(f"mailto:{address}")
    organiser.params["CN"] = (
        f"{arranger.full_name} (via the mentoring portal)" if arranger else name or "Mentoring"
    )
    return organiser


def _attendee(person):
    attendee = vCalAddress(f"mailto:{person.work_email}")
    attendee.params.update(
        {
            "CN": person.full_name,
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "NEEDS-ACTION",
            "RSVP": "FALSE",
        }
    )
    return attendee
