"""The dashboard's trends (issue 20): relationships started and ended, and meetings held, in
each of the last twelve months, as charts with their tables; counts only, of the
coordinator's own programmes, in a fixed number of queries."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations.dashboard import trends
from relationships.models import Relationship

from . import test_dashboard
from .dashboard_records import NOW, meeting, programme_run_by, relationship_in, relationships_in
from .test_dashboard import QUERIES, busy, dashboard_page

other_coordinator = test_dashboard.other_coordinator

MONTHS = [
    "July 2024",
    "August 2024",
    "September 2024",
    "October 2024",
    "November 2024",
    "December 2024",
    "January 2025",
    "February 2025",
    "March 2025",
    "April 2025",
    "May 2025",
    "June 2025",
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def programme(coordinator):
    return programme_run_by(coordinator)


def at(year, month, day=15, hour=12):
    return timezone.make_aware(datetime(year, month, day, hour))


def started_on(relationships, when):
    Relationship.objects.filter(pk__in=[r.pk for r in relationships]).update(started_at=when)


def ended_on(relationship, when):
    Relationship.objects.filter(pk=relationship.pk).update(
        status="ended", ended_at=when, ending="completed"
    )


def by_month(page, key):
    return dict(page.context["trends"][key].rows)


def test_the_months_are_the_last_twelve_ending_with_this_one(client, coordinator, programme):
    page = dashboard_page(client, coordinator)
    for key in ["started", "ended", "meetings"]:
        assert [label for label, _ in page.context["trends"][key].rows] == MONTHS


def test_it_counts_relationships_started_in_each_month(client, coordinator, programme):
    started_on(relationships_in(programme, 3), at(2025, 3, 1, 0))  # midnight, local time
    started_on(relationships_in(programme, 2), at(2025, 6, 2))
    started_on(relationships_in(programme, 4), at(2024, 6, 30))  # thirteen months ago
    relationship_in(programme, status="proposed")  # not started
    months = by_month(dashboard_page(client, coordinator), "started")
    assert months["March 2025"] == 3
    assert months["June 2025"] == 2
    assert months["February 2025"] == 0
    assert sum(months.values()) == 5


def test_it_counts_relationships_ended_in_each_month_that_had_started(
    client, coordinator, programme
):
    ended_on(relationship_in(programme, started=timedelta(weeks=20)), at(2025, 5, 31, 23))
    ended_on(relationship_in(programme, started=timedelta(weeks=20)), at(2025, 1, 10))
    never_started = relationship_in(programme, status="proposed")
    Relationship.objects.filter(pk=never_started.pk).update(
        status="ended", ended_at=at(2025, 5, 3), ending="not_going_ahead"
    )
    months = by_month(dashboard_page(client, coordinator), "ended")
    assert months["May 2025"] == 1 and months["January 2025"] == 1
    assert sum(months.values()) == 2


def test_it_counts_meetings_held_in_each_month(client, coordinator, programme):
    relationship = relationship_in(programme, started=timedelta(weeks=40))
    meeting(relationship, NOW - at(2025, 4, 3))
    meeting(relationship, NOW - at(2025, 4, 20))
    meeting(relationship, NOW - at(2025, 4, 21), cancelled=True)
    meeting(relationship, timedelta(hours=1))  # earlier today
    meeting(relationship, -timedelta(days=3))  # still to come
    meeting(relationship, NOW - at(2024, 5, 20))  # before the twelve months
    months = by_month(dashboard_page(client, coordinator), "meetings")
    assert months["April 2025"] == 2
    assert months["June 2025"] == 1
    assert sum(months.values()) == 3


def test_only_the_coordinators_own_programmes_count(
    client, coordinator, programme, other_coordinator
):
    theirs = programme_run_by(other_coordinator)
    relationship = relationship_in(theirs, started=timedelta(days=30))
    meeting(relationship, timedelta(days=2))
    ended_on(relationship_in(theirs, started=timedelta(days=60)), at(2025, 6, 1))
    mine = dashboard_page(client, coordinator)
    for key in ["started", "ended", "meetings"]:
        assert sum(by_month(mine, key).values()) == 0, key
    theirs_page = dashboard_page(client, other_coordinator)
    assert sum(by_month(theirs_page, "started").values()) == 2


def test_a_programmes_dashboard_counts_only_that_programme(client, coordinator, programme):
    other = programme_run_by(coordinator, meeting_interval_weeks=6)
    relationship_in(programme, started=timedelta(days=3))
    relationship_in(other, started=timedelta(days=3))
    page = dashboard_page(client, coordinator, programme)
    assert by_month(page, "started")["June 2025"] == 1
    assert by_month(dashboard_page(client, coordinator), "started")["June 2025"] == 2


def test_the_trends_show_as_charts_with_their_tables_and_no_content(client, coordinator, programme):
    relationship = relationship_in(programme, started=timedelta(days=40))
    held = meeting(relationship, timedelta(days=2), log_text="Talked about the restructure.")
    held.place = "The café by the river"
    held.save()
    html = dashboard_page(client, coordinator).text
    section = html[html.index('id="trends-heading"') :]
    section = section[: section.index("</section>")]
    for title in [
        "Relationships started, by month",
        "Relationships ended, by month",
        "Meetings held, by month",
    ]:
        chart = section.index(f'aria-label="{title}"')
        assert chart < section.index(f"{title}: the numbers", chart)
    assert "June 2025" in section and "Jun" in section
    assert "restructure" not in html and "café" not in html


def test_the_trends_are_read_in_two_queries_whatever_the_data(programme, django_assert_num_queries):
    for n in range(5):
        relationship = relationship_in(programme, started=timedelta(days=30 * n + 1))
        meeting(relationship, timedelta(days=30 * n))
        ended_on(relationship, at(2025, 6 - n, 2))
    with django_assert_num_queries(2):
        found = trends([programme.pk], now=timezone.now())
    assert sum(n for _, n in found["meetings"]) == 5


@pytest.mark.parametrize("size", [3, 40])
def test_the_dashboard_keeps_its_queries_with_trends_whatever_their_size(
    client, coordinator, programme, django_assert_num_queries, size
):
    busy(programme, size)
    already = sum(n for _, n in trends([programme.pk], now=timezone.now())["meetings"])
    for n, relationship in enumerate(relationships_in(programme, size)):
        started_on([relationship], at(2024 + (n % 12 + 6) // 12, (n % 12 + 6) % 12 + 1, 3))
        meeting(relationship, timedelta(days=n * 9 % 330))
    client.force_login(coordinator.user)
    with django_assert_num_queries(QUERIES["all"]):
        page = client.get(reverse("evaluations:dashboard"))
    assert sum(by_month(page, "meetings").values()) == already + size
