"""The evaluation pages on a 390 px phone (issue 19): the dashboard, questionnaires, answers,
the reports and a form to complete fit the screen without sideways scrolling and pass axe's
WCAG 2.2 AA rules, for the coordinator, a mentee and the sponsor; sending a survey asks first,
saying how many people it emails, and sends nothing until confirmed; a questionnaire's results
(a chart per question) and the dashboard's month-by-month charts read on a phone (issue 20)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Answer, Question, Response, Survey
from evaluations.reports import financial_year
from evaluations.services.questionnaires import questionnaire_from_template
from evaluations.services.reports import report_request
from evaluations.services.responses import survey_send
from evaluations.tests.cohorts import cohort
from tests.browser.conftest import fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evaluated(coordinator):
    """A programme with an end form and a survey sent to everyone taking part, and this
    year's report across all programmes."""
    programme, mentees = cohort(coordinator, name="Housing mentors", completed=12, active=3)
    questionnaire_from_template(by=coordinator.user, programme=programme, key="000")
    survey = questionnaire_from_template(by=coordinator.user, programme=programme, key="004")
    due = timezone.localdate() + timedelta(days=14)
    survey_send(by=coordinator.user, questionnaire=survey, due_on=due)
    year = financial_year(timezone.localdate())[0]
    report = report_request(by=coordinator.user, programme=None, year_start=year)
    return {"programme": programme, "survey": survey, "mentee": mentees[0], "report": report}


def fits_and_passes(page, check_page, path):
    response = page.goto(path)
    assert response.status == 200, path
    fits(page)
    check_page(page)


def test_every_evaluation_page_fits_a_phone(phone, check_page, evaluated, coordinator, sponsor):
    programme, survey, report = evaluated["programme"], evaluated["survey"], evaluated["report"]
    sign_in(phone, coordinator.work_email)
    for path in [
        reverse("evaluations:dashboard"),
        reverse("evaluations:programme_dashboard", args=[programme.pk]),
        reverse("evaluations:questionnaires"),
        reverse("evaluations:questionnaire_list", args=[programme.pk]),
        reverse("evaluations:questionnaire", args=[survey.pk]),
        reverse("evaluations:answers", args=[survey.pk]),
        reverse("evaluations:answers_by_person", args=[survey.pk]),
        reverse("evaluations:survey_send", args=[survey.pk]),
        reverse("evaluations:reports"),
        report.get_absolute_url(),
    ]:
        fits_and_passes(phone, check_page, path)

    phone.context.clear_cookies()
    mentee = evaluated["mentee"]
    sign_in(phone, mentee.work_email)
    fits_and_passes(phone, check_page, reverse("evaluations:to_complete"))
    mine = Response.objects.get(person=mentee, questionnaire=survey)
    fits_and_passes(phone, check_page, reverse("evaluations:response", args=[mine.pk]))

    phone.context.clear_cookies()
    sign_in(phone, sponsor.work_email)
    fits_and_passes(phone, check_page, report.get_absolute_url())


def test_sending_a_survey_asks_first_on_a_phone(phone, check_page, evaluated, coordinator):
    survey = evaluated["survey"]
    told = Response.objects.filter(questionnaire=survey).count()
    sign_in(phone, coordinator.work_email)
    phone.goto(reverse("evaluations:questionnaire", args=[survey.pk]))
    phone.get_by_role("link", name="Send it as a survey").click()
    due = timezone.localdate() + timedelta(days=30)
    phone.get_by_label("Complete by").fill(due.isoformat())
    phone.get_by_role("button", name="Continue").click()
    heading = phone.get_by_role("heading", level=1)
    assert heading.inner_text() == f"Send “{survey.title}” to {told} people?"
    assert f"This emails {told} people" in phone.content()
    fits(phone)
    check_page(phone)
    assert Survey.objects.filter(questionnaire=survey).count() == 1  # only the first round

    phone.get_by_role("button", name=f"Send it to {told} people").click()
    phone.get_by_text(f"Sent to {told} people.").wait_for()
    assert Survey.objects.filter(questionnaire=survey).count() == 2


def answered_by_some(survey, count):
    """The first `count` copies of the survey submitted, every question answered with its
    last option (or, for a written one, a few words)."""
    questions = list(
        Question.objects.filter(section__questionnaire=survey).select_related("section")
    )
    for response in Response.objects.filter(questionnaire=survey)[:count]:
        for question in questions:
            if not question.section.is_for(response.role):
                continue
            Answer.objects.create(response=response, question=question, **_last(question))
        Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now())


def _last(question):
    if question.kind == "rating":
        return {"number": len(question.choices)}
    if question.kind == "yes_no":
        return {"number": 1}
    if question.kind in ("single", "multiple"):
        return {"choice": question.choices[-1]}
    return {"text": "Meeting monthly worked well for both of us."}


def test_the_results_and_the_trends_read_on_a_phone(phone, check_page, evaluated, coordinator):
    survey = evaluated["survey"]
    answered_by_some(survey, 5)
    sign_in(phone, coordinator.work_email)
    fits_and_passes(phone, check_page, reverse("evaluations:questionnaire", args=[survey.pk]))
    with phone.expect_navigation():
        phone.get_by_role("link", name="See the answers").first.click()
    fits(phone)
    check_page(phone)
    charts = phone.locator("figure.app-chart svg[role=img]")
    assert (
        charts.count()
        == Question.objects.filter(
            section__questionnaire=survey, kind__in=["rating", "yes_no", "single", "multiple"]
        ).count()
    )
    assert "100% (5)" in charts.first.inner_html()
    phone.get_by_role("link", name="Each person's answers").click()
    check_page(phone)

    fits_and_passes(phone, check_page, reverse("evaluations:dashboard"))
    for title in ["Relationships started", "Relationships ended", "Meetings held"]:
        assert phone.get_by_role("img", name=f"{title}, by month").is_visible()
