"""Times read the house way: 9:30am, 2pm, in the portal's time zone."""

from datetime import UTC, datetime

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
