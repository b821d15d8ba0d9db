"""Invitations for real (issue 23, "Proving it"): a meeting arranged, changed and cancelled in
separate processes, each email sent by a real Celery worker taking its task from a real Redis
server, as the reminders are (tests/test_reminders_live.py, whose database, Redis and
processes this borrows). Each person gets each calendar message once, read back from what the
mail path wrote and parsed with `icalendar`: the REQUEST, its update and the CANCEL under one
UID, SEQUENCE raised each time, times in Europe/London with their VTIMEZONE."""

from collections import Counter

from icalendar import Calendar

from tests import test_reminders_live as live
from tests.test_reminders_live import (
    MENTEE,
    MENTOR,
    all_emailed,
    assert_each_notification_emailed_once,
    mailbox,
    shell,
)

# The live reminders' fixtures: a migrated database with Chris mentoring Jo, a Redis server,
# and the worker processes.
template_database = live.template_database
redis_server = live.redis_server
environment = live.environment
processes = live.processes

TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_live%40thread.v2/0"
ARRANGE = f"""
from datetime import timedelta
from django.utils import timezone
from mentoring.people.models import StaffMember
from relationships.models import Meeting, Relationship
from relationships.services.meetings import meeting_arrange
chris = StaffMember.objects.get(work_email="{MENTOR}")
meeting = Meeting(
    starts_at=timezone.now() + timedelta(days=3), minutes=60, method="video",
    online_link="{TEAMS}",
)
meeting_arrange(by=chris.user, relationship=Relationship.objects.get(), meeting=meeting)
"""
CHANGE = f"""
from mentoring.people.models import StaffMember
from relationships.models import Meeting
from relationships.services.meetings import meeting_change
jo = StaffMember.objects.get(work_email="{MENTEE}")
meeting_change(by=jo.user, meeting=Meeting.objects.get(), minutes=45)
"""
CANCEL = f"""
from mentoring.people.models import StaffMember
from relationships.models import Meeting
from relationships.services.meetings import meeting_cancel
chris = StaffMember.objects.get(work_email="{MENTOR}")
meeting_cancel(by=chris.user, meeting=Meeting.objects.get())
"""


def calendar_part(message):
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part, Calendar.from_ical(part.get_payload(decode=True))


def test_a_meeting_arranged_changed_and_cancelled_reaches_each_calendar_once_through_the_worker(
    environment,
    processes,
    tmp_path,
):
    worker = processes.worker(environment)
    for step, script in enumerate([ARRANGE, CHANGE, CANCEL], start=1):
        shell(environment, script)
        processes.wait_for(lambda n=step: all_emailed(environment, 2 * n), f"step {step} emailed")
    processes.settle(environment, worker)

    messages = mailbox(tmp_path)
    assert_each_notification_emailed_once(environment, messages)
    seen = []
    for message in messages:
        part, calendar = calendar_part(message)
        [event] = calendar.walk("VEVENT")
        assert part.get_param("method") == str(calendar["method"])
        assert event["dtstart"].params["TZID"] == "Europe/London"
        assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/London"]
        assert sorted(str(a) for a in event["attendee"]) == sorted(
            [f"mailto:{MENTOR}", f"mailto:{MENTEE}"]
        )
        assert str(event["location"]) == TEAMS
        seen.append((message["To"], str(calendar["method"]), int(event["sequence"])))
        assert str(event["uid"]).startswith("meeting-")
    assert len({str(calendar_part(m)[1].walk("VEVENT")[0]["uid"]) for m in messages}) == 1
    assert Counter(seen) == Counter(
        (person, method, sequence)
        for person in (MENTOR, MENTEE)
        for method, sequence in [("REQUEST", 0), ("REQUEST", 1), ("CANCEL", 2)]
    )
