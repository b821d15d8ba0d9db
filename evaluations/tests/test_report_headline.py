"""The report's headline and how it reads (issue 20): the programme's health in numbers
beside the period before, every one of them a number the report's tables publish, and
tables with nothing to show left out in one line."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from evaluations.models import MonitoringReport
from evaluations.report_reading import reading
from evaluations.reports import financial_year, report_content
from programmes.models import Application
from relationships.models import Meeting, Relationship

from .cohorts import cohort

YEAR = timedelta(days=365)


def a_year_earlier(programme, into):
    """Move everything of `programme` a year back, into the programme `into`."""
    Application.objects.filter(programme=programme).update(
        created_at=F("created_at") - YEAR, programme=into
    )
    Meeting.objects.filter(relationship__programme=programme).update(
        starts_at=F("starts_at") - YEAR
    )
    Relationship.objects.filter(programme=programme).update(
        created_at=F("created_at") - YEAR,
        started_at=F("started_at") - YEAR,
        ended_at=F("ended_at") - YEAR,
        programme=into,
    )


def built(programme, start=None):
    start = start or financial_year(timezone.localdate())[0]
    report = MonitoringReport(
        programme=programme, period_start=start, period_end=financial_year(start)[1], threshold=10
    )
    report.content = report_content(report)
    return report


def table(content, title):
    return next(t for s in content["sections"] for t in s["tables"] if t["title"] == title)


def headline(report):
    return {item["label"]: item for item in report.content["headline"]}


def two_years(coordinator):
    programme, _ = cohort(coordinator, name="Housing", completed=12, ended_early=10, active=11)
    last_year, _ = cohort(coordinator, name="Last year", completed=15, ended_early=10)
    a_year_earlier(last_year, into=programme)
    return programme


def test_the_headline_gives_the_year_s_numbers_beside_the_year_before(coordinator):
    report = built(two_years(coordinator))
    numbers = headline(report)
    assert numbers["Paired"]["value"] == 33 and numbers["Paired"]["previous"] == 25
    assert numbers["Meetings held"]["value"] == 33
    assert numbers["Meetings held"]["previous"] == 25
    assert numbers["Completed"]["value"] == 12
    assert [item["label"] for item in report.content["headline"]][:3] == [
        "Applied",
        "Mentees accepted",
        "Paired",
    ]
    read = {item["label"]: item for item in reading(report)["headline"]["shown"]}
    assert read["Paired"]["change"] == "Up 8 on the period before"
    assert read["Meetings held"]["change"] == "Up 8 on the period before"


def test_every_headline_number_is_one_the_tables_publish_for_either_year(coordinator):
    programme = two_years(coordinator)
    report = built(programme)
    before = built(programme, start=financial_year(timezone.localdate())[0].replace(year=2025))
    for year, key in [(report, "value"), (before, "previous")]:
        numbers = {label: item[key] for label, item in headline(report).items()}
        pairings = table(year.content, "Pairings")["rows"][0]
        outcomes = table(year.content, "Relationships under way in the year")
        cells = dict(zip(outcomes["columns"], outcomes["rows"][0]["cells"], strict=True))
        meetings = table(year.content, "Meetings held, by how people met")["rows"][0]
        assert numbers["Paired"] == pairings["total"]
        assert numbers["Completed"] == cells.get("Completed")
        assert numbers["Active at the end of the period"] == cells.get(
            "Still active at the end of the year"
        )
        assert numbers["Meetings held"] == meetings["total"]


def test_a_headline_number_the_tables_suppress_is_not_shown(coordinator):
    programme, _ = cohort(coordinator, name="Tiny", completed=3, active=2)
    report = built(programme)
    assert table(report.content, "Pairings")["rows"][0]["total"] is None
    assert headline(report)["Paired"]["value"] is None
    read = reading(report)["headline"]
    assert "paired" in read["too_few"]
    assert "Paired" not in {item["label"] for item in read["shown"]}


def test_a_table_with_nothing_to_show_is_left_out_in_one_line(coordinator):
    programme, _ = cohort(coordinator, name="Tiny", completed=3, active=2)
    sections = {s["title"]: s for s in reading(built(programme))["sections"]}
    relationships = sections["Relationships"]
    assert "Why relationships ended" not in [t["title"] for t in relationships["tables"]]
    assert relationships["left_out"].startswith("Not shown, every number being fewer than 10")
    assert "Why relationships ended" in relationships["left_out"]


def test_small_categories_are_counted_together_and_said_so(coordinator):
    programme, _ = cohort(coordinator, name="Housing", completed=12, ended_early=3, active=11)
    Relationship.objects.filter(programme=programme, ending="ended_early").update(
        ending="completed"
    )
    outcomes = table(built(programme).content, "Why relationships ended")
    assert "Smaller groups" in outcomes["columns"] or len(outcomes["columns"]) < 11
    assert "counted together" in outcomes["note"]
