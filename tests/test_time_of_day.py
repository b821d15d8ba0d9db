"""Times read the house way: 9:30am, 2pm, in the portal's time zone."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.template import Context, Template


@pytest.mark.parametrize(
    ("at", "seconds", "words"),
    [
        (datetime(2026, 12, 6, 9, 30, tzinfo=UTC), False, "9:30am"),
        (datetime(2026, 12, 6, 14, 0, tzinfo=UTC), False, "2pm"),
        (datetime(2026, 12, 6, 0, 5, tzinfo=UTC), False, "12:05am"),
        (datetime(2026, 12, 6, 12, 0, 7, tzinfo=UTC), True, "12:00:07pm"),
        (datetime(2026, 7, 6, 9, 30, tzinfo=UTC), False, "10:30am"),  # British Summer Time
    ],
)
def test_a_time_reads_as_people_write_it(at, seconds, words):
    source = '{{ at|time_of_day:"seconds" }}' if seconds else "{{ at|time_of_day }}"
    assert Template(source).render(Context({"at": at})) == words


def test_no_time_reads_as_nothing():
    assert Template("{{ at|time_of_day }}").render(Context({"at": None})) == ""


ROOT = Path(__file__).resolve().parent.parent
# A 24-hour clock written for people: Django's `H:i` or Python's `%H:%M`, except in the value
# a date-and-time box is filled with, which browsers require.
TWENTY_FOUR_HOURS = re.compile(r"\bH:i\b|%H:%M")


def test_no_page_email_or_document_writes_a_twenty_four_hour_clock():
    sources = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("templates/**/*.txt")]
    sources += [
        path
        for app in ("mentoring", "programmes", "relationships", "evaluations")
        for path in (ROOT / app).glob("**/*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if TWENTY_FOUR_HOURS.search(line) and "%Y-%m-%dT%H:%M" not in line
    ]
    assert found == []
