"""Invitations that calendars understand (issue 23): arranging a meeting emails everyone at it
an iTIP REQUEST (RFC 5546) with a stable UID; a change sends an update with SEQUENCE raised; a
cancellation a CANCEL. Sent through a real SMTP server and read back from what it received,
parsed with `icalendar`; the tasks run in the test process (tests/test_invitations_live.py
sends them through a real worker)."""

from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentoring.notifications.models import Kind, Notification, Preference
from mentoring.notifications.services import digests_send, reminders_sweep
from mentoring.notifications.tests.sweeping import matched
from mentoring.notifications.tests.test_refused_emails import mail_server  # noqa: F401
from relationships.calendar import event_uid
from relationships.models import Meeting
from relationships.reminders import meeting_file
from relationships.services.meetings import meeting_arrange, meeting_cancel, meeting_change
from relationships.services.pairing import rematch_request
from relationships.tests.test_leavers import all_go_ahead, group_of_three
from tests.matching import accepted, paired

pytestmark = pytest.mark.django_db
AIMS = "AIMS-CANARY to speak up at the board"
TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"
PLACE = "Room 4, Endeavour House"


@pytest.fixture
def relationship(chooser, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member), whose application says her aims."""
    mentor = accepted(chooser, colleague, "mentor", capacity=1)
    mentee = accepted(chooser, staff_member, "mentee", aims=AIMS)
    return matched(paired(mentor, mentee))


@pytest.fixture
def sent(mail_server, django_capture_on_commit_callbacks):  # noqa: F811
    """Runs an action and returns the calendar messages the mail server received for it."""

    def run(action, *args, **kwargs):
        before = len(mail_server.messages)
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        run.result = result
        return [Invitation(m) for m in mail_server.messages[before:]]

    return run


class Invitation:
    """One email as the server received it, with its calendar part parsed."""

    def __init__(self, message):
        self.message = message
        self.to = message["To"]
        self.raw = message.as_string()
        parts = [
            part
            for alternative in message.walk()
            if alternative.get_content_type() == "multipart/alternative"
            for part in alternative.get_payload()
            if part.get_content_type() == "text/calendar"
        ]
        if not parts:  # an email of another kind
            return
        assert len(parts) == 1, "one calendar part, an alternative to the text"
        self.part = parts[0]
        self.calendar = Calendar.from_ical(self.part.get_payload(decode=True))
        [self.event] = self.calendar.walk("VEVENT")
        files = [p for p in message.walk() if p.get_filename() == "invite.ics"]
        assert [f.get_content_type() for f in files] == ["application/ics"]
        assert Calendar.from_ical(files[0].get_payload(decode=True)) == self.calendar

    @property
    def method(self):
        return str(self.calendar["method"])

    @property
    def attendees(self):
        found = self.event["attendee"]
        found = found if isinstance(found, list) else [found]  # one attendee is not a list
        return sorted((str(a), str(a.params["CN"])) for a in found)


def arrange(by, relationship, *, days=3, **fields):
    meeting = Meeting(
        starts_at=timezone.now() + timedelta(days=days),
        minutes=60,
        method="video",
        **({"place": PLACE, "online_link": TEAMS} | fields),
    )
    return meeting_arrange(by=by.user, relationship=relationship, meeting=meeting)


def mailto(person):
    return f"mailto:{person.work_email}"


def test_arranging_emails_everyone_at_it_a_request_their_calendar_understands(
    relationship, colleague, staff_member, sent
):
    invitations = sent(arrange, colleague, relationship)
    meeting = sent.result
    assert sorted(i.to for i in invitations) == sorted(
        [colleague.work_email, staff_member.work_email]
    )
    for invitation in invitations:
        part, event = invitation.part, invitation.event
        assert part.get_params()[1:] == [("method", "REQUEST"), ("charset", "utf-8")]
        assert invitation.method == "REQUEST"
        assert str(event["uid"]) == event_uid("meeting", meeting.pk)
        assert event["sequence"] == 0
        organiser = event["organizer"]
        assert str(organiser) == f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"
        assert organiser.params["CN"] == "Chris Taylor (via the mentoring portal)"
        assert invitation.attendees == sorted(
            [(mailto(colleague), "Chris Taylor"), (mailto(staff_member), "Jo Evans")]
        )
        for attendee in event["attendee"]:
            assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
            assert attendee.params["RSVP"] == "FALSE"
        assert event["dtstart"].params["TZID"] == "Europe/London"
        assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
        zones = invitation.calendar.walk("VTIMEZONE")
        assert [str(z["tzid"]) for z in zones] == ["Europe/London"]
        assert str(event["location"]) == PLACE and str(event["conference"]) == TEAMS
        assert AIMS not in invitation.raw and "AIMS-CANARY" not in invitation.raw


def test_the_one_who_arranged_it_is_told_so_and_the_others_by_name(
    relationship, colleague, staff_member, sent
):
    sent(arrange, colleague, relationship)
    told = dict(
        Notification.objects.filter(kind=Kind.MEETING_INVITED).values_list("person", "message")
    )
    assert told[colleague.pk].startswith("You arranged a mentoring meeting on ")
    assert told[staff_member.pk].startswith("Chris Taylor arranged a mentoring meeting on ")
    assert all(PLACE not in words for words in told.values())


def test_a_change_sends_an_update_with_the_same_uid_and_sequence_raised(
    relationship, colleague, staff_member, sent
):
    [first, _] = sent(arrange, colleague, relationship)
    meeting = sent.result
    later = meeting.starts_at + timedelta(hours=2)
    updates = sent(
        meeting_change, by=staff_member.user, meeting=meeting, starts_at=later, minutes=45
    )
    assert len(updates) == 2
    for update in updates:
        assert update.method == "REQUEST"
        assert update.event["uid"] == first.event["uid"]
        assert update.event["sequence"] == 1
        assert update.event.decoded("dtstart") == later.replace(microsecond=0)
        assert update.event.decoded("dtend") - update.event.decoded("dtstart") == timedelta(
            minutes=45
        )
        assert update.message["Subject"] == "A mentoring meeting has changed"
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.minutes) == (1, 45)


def test_a_change_that_changes_nothing_sends_nothing(relationship, colleague, sent):
    sent(arrange, colleague, relationship)
    meeting = sent.result
    again = sent(meeting_change, by=colleague.user, meeting=meeting, minutes=60, place=PLACE)
    assert again == []
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_cancelling_sends_a_cancel_with_the_same_uid_to_everyone_at_it(
    relationship, colleague, staff_member, sent
):
    [first, _] = sent(arrange, colleague, relationship, days=5)
    meeting = sent.result
    cancels = sent(meeting_cancel, by=staff_member.user, meeting=meeting)
    assert sorted(c.to for c in cancels) == sorted([colleague.work_email, staff_member.work_email])
    for cancel in cancels:
        assert cancel.part.get_param("method") == "CANCEL"
        assert cancel.method == "CANCEL"
        assert cancel.event["uid"] == first.event["uid"]
        assert cancel.event["sequence"] == 1
        assert str(cancel.event["status"]) == "CANCELLED"
        assert cancel.message["Subject"] == "A meeting has been cancelled"


def test_moving_a_meeting_cancels_the_old_one_and_invites_to_the_new(
    relationship, colleague, staff_member, sent
):
    sent(arrange, colleague, relationship, days=0.5)
    meeting = sent.result
    new_time = timezone.now() + timedelta(days=4)
    emails = sent(meeting_cancel, by=colleague.user, meeting=meeting, new_starts_at=new_time)
    replacement = sent.result
    by_method = sorted((e.method, str(e.event["uid"]), e.to) for e in emails)
    old, new = event_uid("meeting", meeting.pk), event_uid("meeting", replacement.pk)
    assert by_method == sorted(
        [("CANCEL", old, p.work_email) for p in (colleague, staff_member)]
        + [("REQUEST", new, p.work_email) for p in (colleague, staff_member)]
    )


def test_each_calendar_email_goes_once_however_often_the_sweep_runs(relationship, colleague, sent):
    sent(arrange, colleague, relationship)
    assert sent(reminders_sweep) == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_someone_who_takes_a_digest_still_gets_invitations_at_once(
    relationship, colleague, staff_member, sent
):
    for kind in [Kind.MEETING_INVITED, Kind.MEETING_CANCELLED]:
        Preference.objects.create(person=staff_member, kind=kind, how="daily_digest")
    invitations = sent(arrange, colleague, relationship)
    assert staff_member.work_email in [i.to for i in invitations]
    cancels = sent(meeting_cancel, by=colleague.user, meeting=sent.result)
    assert staff_member.work_email in [c.to for c in cancels]
    assert sent(digests_send) == []


def test_a_group_invites_everyone_live_in_it(coordinator, colleague, staff_member, sent):
    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    group = matched(group)
    people = sorted(m.person.work_email for m in group.members.select_related("person"))
    invitations = sent(arrange, staff_member, group)
    assert sorted(i.to for i in invitations) == people
    assert sorted(a for a, _ in invitations[0].attendees) == [f"mailto:{p}" for p in people]


def test_a_session_outside_a_group_invites_only_its_two_and_its_cancel_after_leaving_goes_to_the_mentor(  # noqa: E501
    coordinator, colleague, staff_member, sent
):
    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    group = matched(group)
    jo = group.members.get(person=staff_member)
    invitations = sent(arrange, colleague, group, with_member=jo)
    two = sorted([colleague.work_email, staff_member.work_email])
    assert sorted(i.to for i in invitations) == two
    assert sorted(a for a, _ in invitations[0].attendees) == [f"mailto:{p}" for p in two]
    session = sent.result

    emails = sent(rematch_request, by=staff_member.user, relationship=group, reason="time")
    cancels = [e for e in emails if e.message["Subject"] == "A meeting has been cancelled"]
    assert sorted((c.to, c.method, str(c.event["uid"])) for c in cancels) == sorted(
        (person, "CANCEL", event_uid("meeting", session.pk)) for person in two
    )


def test_a_mentee_leaving_a_group_is_sent_the_cancellation_of_its_meetings_to_come(
    coordinator, colleague, staff_member, sent
):
    """The group meets on without her: her calendar drops its meetings (a CANCEL to her alone,
    SEQUENCE raised), and the others' calendars are not touched."""
    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    group = matched(group)
    [invitation, *_] = sent(arrange, colleague, group)
    meeting = sent.result
    emails = sent(rematch_request, by=staff_member.user, relationship=group, reason="time")
    calendars = [e for e in emails if getattr(e, "part", None) is not None]
    assert [(c.to, c.method, c.event["uid"]) for c in calendars] == [
        (staff_member.work_email, "CANCEL", invitation.event["uid"])
    ]
    [cancel] = calendars
    assert str(cancel.event["status"]) == "CANCELLED"
    assert cancel.event["sequence"] > invitation.event["sequence"]
    assert [a for a, _ in cancel.attendees] == [mailto(staff_member)]
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_the_meeting_tomorrow_file_is_the_same_invitation(relationship, colleague, sent):
    [invitation, _] = sent(arrange, colleague, relationship)
    name, content, mimetype = meeting_file(sent.result.pk, colleague.pk)
    tomorrow = Calendar.from_ical(content)
    assert (name, mimetype, str(tomorrow["method"])) == ("meeting.ics", "text/calendar", "REQUEST")
    [event] = tomorrow.walk("VEVENT")
    assert (event["uid"], event["sequence"]) == (invitation.event["uid"], 0)


def test_the_calendar_time_zone_is_a_setting(relationship, colleague, sent, settings):
    settings.CALENDAR_TIME_ZONE = "America/New_York"
    [invitation, _] = sent(arrange, colleague, relationship)
    assert invitation.event["dtstart"].params["TZID"] == "America/New_York"
    assert [str(z["tzid"]) for z in invitation.calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_the_choices_page_offers_no_digest_for_calendar_emails(client, staff_member):
    client.force_login(staff_member.user)
    page = client.get(reverse("notifications:preferences")).text
    assert "Meeting tomorrow" in page
    for kind in [Kind.MEETING_INVITED, Kind.MEETING_CHANGED, Kind.MEETING_CANCELLED]:
        assert kind.label not in page


def test_a_relationship_ending_cancels_its_meetings_to_come_in_everyones_calendar(
    relationship, colleague, staff_member, sent
):
    from relationships.models import Relationship
    from relationships.services.pairing import end

    [first, _] = sent(arrange, colleague, relationship, days=5)
    meeting = sent.result
    cancels = sent(
        end, relationship=relationship, ending=Relationship.Ending.ENDED_EARLY, reason="time"
    )
    cancels = [c for c in cancels if getattr(c, "part", None) is not None]
    assert sorted(c.to for c in cancels) == sorted([colleague.work_email, staff_member.work_email])
    for cancel in cancels:
        assert cancel.method == "CANCEL" and cancel.event["uid"] == first.event["uid"]
        assert cancel.event["sequence"] == 1
    meeting.refresh_from_db()
    assert meeting.is_cancelled
