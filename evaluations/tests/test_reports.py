import csv
import io
import json
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from evaluations.models import MonitoringReport
from evaluations.reports import financial_year
from evaluations.services.reports import report_request

from .cohorts import cohort, declare


def build(coordinator, programme, capture):
    with capture(execute=True):
        report = report_request(
            by=coordinator.user,
            programme=programme,
            year_start=financial_year(timezone.localdate())[0],
        )
    report.refresh_from_db()
    assert report.status == "ready" and report.progress == 100
    return report


def table(report, title):
    for section in report.content["sections"]:
        for found in section["tables"]:
            if found["title"] == title:
                return found
    raise AssertionError(f"no table {title!r}")


@pytest.fixture
def two_programmes(coordinator):
    big, _ = cohort(coordinator, name="Big programme", completed=12, ended_early=3, active=11)
    small, _ = cohort(coordinator, name="Small programme", completed=2, active=12)
    return big, small


def test_a_programme_report_counts_and_suppresses_small_numbers(
    coordinator, two_programmes, django_capture_on_commit_callbacks
):
    big, _ = two_programmes
    report = build(coordinator, big, django_capture_on_commit_callbacks)
    outcomes = table(report, "Relationships under way in the year")
    assert outcomes["columns"] == [
        "Completed",
        "Ended early",
        "Still active at the end of the year",
    ]
    [row] = outcomes["rows"]
    # 3 ended early is below 10; the others would give it away from the total, so one more goes.
    assert row["label"] == "Big programme"
    assert row["cells"][1] is None
    assert row["cells"].count(None) >= 2 or row["total"] is None
    assert outcomes["totals"] is None  # one programme's report shows its own row only


def test_the_all_programmes_report_agrees_with_each_programme_report(
    coordinator, two_programmes, django_capture_on_commit_callbacks
):
    big, small = two_programmes
    everything = build(coordinator, None, django_capture_on_commit_callbacks)
    for programme in [big, small]:
        alone = build(coordinator, programme, django_capture_on_commit_callbacks)
        for section in alone.content["sections"]:
            for mine in section["tables"]:
                if mine["rows"]:
                    [theirs] = [
                        r
                        for r in table(everything, mine["title"])["rows"]
                        if r["label"] == programme.name
                    ]
                    assert mine["rows"] == [theirs]


def test_no_one_is_named_anywhere_in_the_report(
    client, coordinator, two_programmes, django_capture_on_commit_callbacks
):
    report = build(coordinator, None, django_capture_on_commit_callbacks)
    client.force_login(coordinator.user)
    page = client.get(report.get_absolute_url()).text
    csv_text = client.get(reverse("evaluations:report_csv", args=[report.pk])).content.decode()
    pdf = client.get(reverse("evaluations:report_pdf", args=[report.pk])).content
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for text in [json.dumps(report.content), page, csv_text, pdf_text]:
        assert "Menteename" not in text and "Mentorname" not in text
    assert "Relationships under way in the year" in pdf_text
    assert "suppressed" in pdf_text and "Big programme" in pdf_text


def test_the_report_draws_a_chart_beside_a_table_of_the_same_numbers(
    client, coordinator, django_capture_on_commit_callbacks
):
    programme, _ = cohort(coordinator, name="Charted", completed=12, ended_early=10, active=11)
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    client.force_login(coordinator.user)
    page = client.get(report.get_absolute_url()).text
    assert 'aria-label="Relationships under way in the year: Charted' in page
    pdf = client.get(reverse("evaluations:report_pdf", args=[report.pk])).content
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    # the chart's bar and its number (the table's line has its share too)
    assert re.search(r"Still active at the end of the year\s11\n", pdf_text)


def test_the_pdf_is_rendered_once_when_the_report_is_built(
    client, coordinator, django_capture_on_commit_callbacks
):
    programme, _ = cohort(coordinator, name="Kept", completed=12)
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    kept = bytes(MonitoringReport.objects.get(pk=report.pk).pdf)
    assert kept.startswith(b"%PDF")
    client.force_login(coordinator.user)
    response = client.get(reverse("evaluations:report_pdf", args=[report.pk]))
    assert response.content == kept  # served as built, not rendered again
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="monitoring-report-{report.pk}.pdf"'
    )


def test_a_report_built_before_pdfs_were_kept_is_rendered_when_downloaded(
    client, coordinator, django_capture_on_commit_callbacks
):
    programme, _ = cohort(coordinator, name="Older", completed=12)
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    MonitoringReport.objects.filter(pk=report.pk).update(pdf=b"")
    client.force_login(coordinator.user)
    pdf = client.get(reverse("evaluations:report_pdf", args=[report.pk])).content
    assert "Older" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_equality_breakdowns_only_for_a_big_enough_cohort(
    coordinator, django_capture_on_commit_callbacks, settings
):
    settings.REPORT_MINIMUM_COHORT = 20
    big, mentees = cohort(coordinator, name="Big", completed=11, waiting=10)
    declare(mentees[:12], sex="female", ethnicity="other", ethnicity_other="CANARY-WORDS")
    declare(mentees[12:], sex="male")
    small, few = cohort(coordinator, name="Small", completed=5)
    declare(few, sex="female")
    report = build(coordinator, big, django_capture_on_commit_callbacks)
    sex = table(report, "Sex: people who applied")
    assert sex["columns"] == ["Female", "Male", "Prefer not to say", "Not answered"]
    # 12 mentees said female, 9 male, and the mentor (who also applied) gave no answer.
    assert sex["rows"][0]["cells"][:2] == [12, None]
    assert sex["rows"][0]["total"] == 22
    assert "CANARY-WORDS" not in json.dumps(report.content)
    small_report = build(coordinator, small, django_capture_on_commit_callbacks)
    equality = [s for s in small_report.content["sections"] if s["title"] == "Equality monitoring"]
    assert equality[0]["tables"] == []
    assert "at least 20 applicants" in equality[0]["notes"][0]


def test_csv_neutralises_spreadsheet_formulas(
    client, coordinator, django_capture_on_commit_callbacks
):
    programme, _ = cohort(coordinator, name='=HYPERLINK("http://evil")', completed=10)
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    client.force_login(coordinator.user)
    response = client.get(reverse("evaluations:report_csv", args=[report.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    labels = {row[2] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil")' in labels
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_year_not_offered_is_refused_next_to_the_field(client, coordinator, open_programme):
    client.force_login(coordinator.user)
    response = client.post(
        reverse("evaluations:reports"), {"scope": open_programme.pk, "year": "2099-04-01"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not MonitoringReport.objects.exists()


def test_building_twice_changes_nothing(
    coordinator, two_programmes, django_capture_on_commit_callbacks
):
    from evaluations.services.reports import report_build

    report = build(coordinator, two_programmes[0], django_capture_on_commit_callbacks)
    report_build(report.pk)
    again = MonitoringReport.objects.get(pk=report.pk)
    assert again.content == report.content and again.finished_at == report.finished_at


def test_the_report_takes_the_same_queries_whatever_the_data(
    coordinator, django_capture_on_commit_callbacks, django_assert_num_queries, settings
):
    from evaluations.reports import report_content

    settings.REPORT_MINIMUM_COHORT = 1
    small, mentees = cohort(coordinator, name="Small", completed=2, active=1)
    report = MonitoringReport(
        programme=None,
        period_start=financial_year(timezone.localdate())[0],
        period_end=financial_year(timezone.localdate())[1],
        threshold=10,
    )
    with django_assert_num_queries(QUERIES):
        report_content(report)
    cohort(coordinator, name="Bigger", completed=12, ended_early=5, active=7, waiting=4)
    with django_assert_num_queries(QUERIES):
        report_content(report)


# PostgreSQL copies the equality keys in with COPY, which Django does not count as a query.
# The headline counts the period before again (16 of them).
QUERIES = 66 if connection.vendor == "sqlite" else 65


def answered_form(programme, people, *, rating, said_yes, wrote):
    from evaluations.models import Answer, Question, Questionnaire, Response, Section

    form = Questionnaire.objects.create(programme=programme, title="End review", use="end")
    section = Section.objects.create(questionnaire=form, title="All", addressed_to="both")
    scale = Question.objects.create(
        section=section,
        text="How would you rate it?",
        kind="rating",
        choices=["Poor", "Fair", "Good", "Very good", "Excellent"],
    )
    again = Question.objects.create(section=section, text="Would you do it again?", kind="yes_no")
    words = Question.objects.create(section=section, text="What went well?", kind="text")
    due = timezone.localdate()
    for i, person in enumerate(people):
        response = Response.objects.create(
            questionnaire=form,
            person=person,
            role="mentee",
            due_on=due,
            relationship=person.memberships.first().relationship,
            submitted_at=timezone.now(),
        )
        Answer.objects.create(response=response, question=scale, number=rating)
        Answer.objects.create(response=response, question=again, number=int(i < said_yes))
        Answer.objects.create(response=response, question=words, text=f"{wrote} {i}")


def test_evaluation_scores_per_question_with_written_answers_only_when_opted_in(
    coordinator, django_capture_on_commit_callbacks
):
    programme, mentees = cohort(coordinator, name="Evaluated", completed=12)
    answered_form(programme, mentees, rating=4, said_yes=9, wrote="Felt heard")
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    [section] = [s for s in report.content["sections"] if s["title"] == "Evaluations"]
    [rating] = section["figures"]
    assert rating["title"].endswith("How would you rate it?")
    # All 12 forms were completed: the 0 not completed is suppressed, so is the 12 beside it,
    # and no count of answers may say it again.
    assert [r["value"] for r in rating["rows"]] == [None, 4.0]
    [again] = [t for t in section["tables"] if t["title"].endswith("Would you do it again?")]
    assert again["rows"][0]["cells"] == [None, None] and again["rows"][0]["total"] is None
    assert section["quotes"] == [] and "Felt heard" not in json.dumps(report.content)
    programme.report_includes_free_text = True
    programme.save()
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    [section] = [s for s in report.content["sections"] if s["title"] == "Evaluations"]
    [quotes] = section["quotes"]
    assert quotes["answers"] == sorted(f"Felt heard {i}" for i in range(12))


def test_who_reads_which_report(
    client, coordinator, sponsor, staff_member, django_capture_on_commit_callbacks
):
    from mentoring.people.services import role_grant
    from tests.factories import StaffMemberFactory

    programme, _ = cohort(coordinator, name="Mine", completed=10)
    theirs = build(coordinator, programme, django_capture_on_commit_callbacks)
    everything = build(coordinator, None, django_capture_on_commit_callbacks)
    other = StaffMemberFactory()
    role_grant(user=other.user, role="coordinator")
    for person, programme_report, all_report in [
        (other, 200, 200),  # anonymised: every coordinator reads every report
        (sponsor, 200, 200),
        (staff_member, 404, 404),
    ]:
        client.force_login(person.user)
        assert client.get(theirs.get_absolute_url()).status_code == programme_report
        assert client.get(everything.get_absolute_url()).status_code == all_report


def test_a_programme_someone_else_runs_is_refused_next_to_the_field(
    client, coordinator, open_programme
):
    from mentoring.people.services import role_grant
    from tests.factories import StaffMemberFactory

    other = StaffMemberFactory()
    role_grant(user=other.user, role="coordinator")
    client.force_login(other.user)
    year = financial_year(timezone.localdate())[0].isoformat()
    response = client.post(
        reverse("evaluations:reports"), {"scope": open_programme.pk, "year": year}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not MonitoringReport.objects.exists()


@pytest.mark.parametrize("reports", [1, 6])
def test_the_list_takes_the_same_queries_whatever_the_reports(
    client, coordinator, open_programme, sponsor, django_assert_num_queries, reports
):
    start, end = financial_year(timezone.localdate())
    for n in range(reports):
        MonitoringReport.objects.create(
            programme=open_programme if n % 2 else None, period_start=start, period_end=end
        )
    client.force_login(sponsor.user)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("evaluations:reports")).status_code == 200


LIST_QUERIES = 10


def test_a_report_whose_task_was_lost_is_queued_again_and_built(
    coordinator, two_programmes, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    import time_machine

    from evaluations.services.reports import reports_requeue

    start, _ = financial_year(timezone.localdate())
    with django_capture_on_commit_callbacks(execute=False):  # the broker never got it
        report = report_request(by=coordinator.user, programme=two_programmes[0], year_start=start)
    with django_capture_on_commit_callbacks(execute=True):
        reports_requeue()
    assert MonitoringReport.objects.get(pk=report.pk).status == "queued"  # give it a while
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=11)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reports_requeue()
    assert MonitoringReport.objects.get(pk=report.pk).status == "ready"


def test_answer_counts_never_narrow_down_forms_not_completed(
    coordinator, django_capture_on_commit_callbacks
):
    """12 answers beside 14 forms sent would say that at most 2 were not completed."""
    from evaluations.models import Response

    programme, mentees = cohort(coordinator, name="Evaluated", completed=14)
    answered_form(programme, mentees[:12], rating=4, said_yes=6, wrote="Fine")
    form = programme.questionnaires.get()
    for mentee in mentees[12:]:
        Response.objects.create(
            questionnaire=form,
            person=mentee,
            role="mentee",
            due_on=timezone.localdate(),
            relationship=mentee.memberships.first().relationship,
        )
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    forms = table(report, "Evaluation forms sent in the year")
    assert forms["rows"][0]["cells"] == [None, None] and forms["rows"][0]["total"] == 14
    [section] = [s for s in report.content["sections"] if s["title"] == "Evaluations"]
    [rating] = section["figures"]
    assert [r["value"] for r in rating["rows"]] == [None, 4.0]
    [again] = [t for t in section["tables"] if t["title"].endswith("Would you do it again?")]
    assert again["rows"][0]["cells"] == [None, None] and again["rows"][0]["total"] is None


def test_the_report_counts_what_mentees_asked_for_help_with(
    coordinator, django_capture_on_commit_callbacks
):
    """000 §10.1: the nature of the issue is recorded, the parties are not."""
    from programmes.models import Application, Area

    programme, mentees = cohort(coordinator, name="Asked", waiting=16)
    confidence = Area.objects.create(name="Confidence")
    applications = Application.objects.filter(applicant__in=mentees)
    for i, application in enumerate(applications):
        application.needs = ["leadership"] + (["study"] if i < 3 else ["advice"])
        application.save(update_fields=["needs"])
        application.areas_wanted.add(confidence)
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    needs = table(report, "What mentees asked for help with")
    cells = dict(zip(needs["columns"], needs["rows"][0]["cells"], strict=True))
    assert cells["Leadership development"] == 16
    assert (
        "Academic study and study skills" not in cells
        or cells["Academic study and study skills"] is None
    )  # 3 is too few to show
    assert "could tick more than one" in needs["note"]
    areas = table(report, "Areas mentees wanted help in")
    assert dict(zip(areas["columns"], areas["rows"][0]["cells"], strict=True)) == {"Confidence": 16}
    assert "Menteename" not in json.dumps(report.content)


def test_the_csv_opens_with_the_headline(client, coordinator, django_capture_on_commit_callbacks):
    programme, _ = cohort(coordinator, name="Headlined", completed=12, active=10)
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    client.force_login(coordinator.user)
    response = client.get(reverse("evaluations:report_csv", args=[report.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    headline = [row for row in rows if row[0] == "In numbers"]
    assert rows[1:3] == headline[:2]
    assert ["In numbers", "Completed", "", "This year", "12"] in headline
    assert ["In numbers", "Completed", "", "The year before", "suppressed"] in headline
    assert any(row[1] == "Time to be paired (days)" for row in headline)
