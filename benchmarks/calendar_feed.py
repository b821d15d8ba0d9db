"""Time a calendar app's fetch of a busy person's calendar feed: a mentor of many mentees, with
their meetings, actions and evaluation forms over the feed's window (a meeting a week with each).

    .venv/bin/python benchmarks/calendar_feed.py [mentees]

Runs against a throw-away SQLite file, or the database in DATABASE_URL when set (use an empty
one: the benchmark creates its tables). Prints one RESULT line per measurement.
"""

import sys
import time
from datetime import timedelta

from _start import PAGES, django_started

django_started(**PAGES)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from mentoring.people.calendar_feeds import calendar_feed_start  # noqa: E402
from mentoring.people.services import role_grant  # noqa: E402
from relationships.models import ActionItem, Meeting  # noqa: E402
from tests.factories import StaffMemberFactory  # noqa: E402
from tests.matching import accepted, paired, programme_for_matching, went_ahead  # noqa: E402

WEEK = timedelta(days=7)


def busy_mentor(mentees):
    coordinator = StaffMemberFactory()
    role_grant(user=coordinator.user, role="coordinator")
    programme = programme_for_matching(
        coordinator, agreement_required=False, mentor_capacity=mentees
    )
    mentor = StaffMemberFactory()
    application = accepted(programme, mentor, "mentor", capacity=mentees)
    now, today = timezone.now(), timezone.localdate()
    for _ in range(mentees):
        relationship = went_ahead(
            paired(application, accepted(programme, StaffMemberFactory(), "mentee"))
        )
        Meeting.objects.bulk_create(
            Meeting(relationship=relationship, starts_at=now + k * WEEK, minutes=60, method="video")
            for k in range(-12, 52)
        )
        ActionItem.objects.bulk_create(
            ActionItem(
                relationship=relationship, owner=mentor, due_on=today + k * WEEK, description="Do"
            )
            for k in range(0, 52, 4)
        )
    return mentor


def main(mentees):
    call_command("migrate", verbosity=0)
    mentor = busy_mentor(mentees)
    url = reverse("relationships:calendar_feed", args=[calendar_feed_start(by=mentor.user)])
    client = Client()
    client.get(url)  # its first use is noted
    print(f"Calendar feed benchmark: a mentor of {mentees} on {connection.vendor}")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    events = response.content.count(b"BEGIN:VEVENT")
    print(
        f"RESULT calendar_feed_seconds={seconds:.3f} queries={len(queries)} events={events} "
        f"bytes={len(response.content)} status={response.status_code}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
