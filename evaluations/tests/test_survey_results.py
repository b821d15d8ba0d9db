"""The results of a questionnaire as its coordinators read them (issue 20): per question a
chart with whole-number percentages and its table, written answers grouped under their
question where the programme lets coordinators read them, each person's answers behind a
link, and "See the answers" where a coordinator looks for it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Response
from evaluations.services.answers import Share
from evaluations.services.questionnaires import questionnaire_from_template
from evaluations.tests import test_answer_privacy
from mentoring.audit.models import AuditEntry
from tests.factories import StaffMemberFactory

from .test_answer_privacy import CHRIS_WROTE, JO_WROTE, give

programme = test_answer_privacy.programme
survey = test_answer_privacy.survey
answered = test_answer_privacy.answered
other_coordinator = test_answer_privacy.other_coordinator


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator.user)
    return client


@pytest.fixture
def three_answered(survey):
    give(survey, StaffMemberFactory, rating=3, ticks=["A", "B"], yes=True, text="Great.")
    give(survey, StaffMemberFactory, rating=3, ticks=["A"], yes=False, text="Slow to start.")
    give(survey, StaffMemberFactory, rating=1, yes=True)
    return survey


def results_page(client, questionnaire):
    return client.get(reverse("evaluations:answers", args=[questionnaire.pk]))


def people_page(client, questionnaire, page=""):
    url = reverse("evaluations:answers_by_person", args=[questionnaire.pk])
    return client.get(f"{url}?page={page}" if page else url)


def results(page):
    return {r["question"].text: r for part in page.context["sections"] for r in part["results"]}


def words(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_question_shows_whole_number_percentages_of_those_who_answered_it(
    signed_in, three_answered
):
    page = results_page(signed_in, three_answered)
    assert page.status_code == 200
    found = results(page)
    assert found["Rate it"]["options"] == [
        Share("Low", 1, 33),
        Share("Mid", 0, 0),
        Share("High", 2, 67),
    ]
    assert found["Rate it"]["answered"] == 3
    assert found["Recommend?"]["options"] == [Share("Yes", 2, 67), Share("No", 1, 33)]
    # Two people ticked something: each option is a share of them, not of the ticks.
    assert found["Which?"]["answered"] == 2
    assert found["Which?"]["options"] == [Share("A", 2, 100), Share("B", 1, 50), Share("C", 0, 0)]
    text = words(page.text)
    assert "Average 2.3 on a scale of 1 (Low) to 3 (High)" in text
    assert "each could choose more than one" in text


def test_each_chart_comes_before_its_table_and_carries_the_percentages(signed_in, three_answered):
    html = results_page(signed_in, three_answered).text
    chart = html.index('aria-label="Rate it"')
    table = html.index("<caption", chart)
    assert chart < table
    svg = html[chart : html.index("</svg>", chart)]
    assert "67% (2)" in svg and "33% (1)" in svg
    assert "Rate it: the numbers" in html


def test_a_long_option_is_drawn_whole_over_several_lines(signed_in, survey):
    long = "Enhanced employee value proposition (benefit to potential recruits)"
    question = survey.sections.get().questions.get(kind="multiple")
    question.choices = [long, "B"]
    question.save()
    give(survey, StaffMemberFactory, ticks=[long])
    html = results_page(signed_in, survey).text
    svg = html[html.index('aria-label="Which?"') : html.index("</svg>", html.index("Which?"))]
    drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert "…" not in drawn
    assert "Enhanced employee value proposition" in drawn and "potential recruits)" in drawn


def test_written_answers_are_grouped_under_their_question_without_names(
    signed_in, three_answered, programme
):
    programme.coordinator_reads_evaluation_text = True
    programme.save()
    page = results_page(signed_in, three_answered)
    said = results(page)["Say more"]
    assert sorted(said["written"]) == ["Great.", "Slow to start."]
    assert said["answered"] == 2
    for response in Response.objects.filter(questionnaire=three_answered):
        assert response.person.full_name not in page.text


def test_where_coordinators_may_not_read_them_only_the_number_of_written_answers_shows(
    signed_in, three_answered
):
    page = results_page(signed_in, three_answered)
    said = results(page)["Say more"]
    assert said["written"] == []
    assert "Great." not in page.text and "Slow to start." not in page.text
    assert "2 people wrote an answer" in words(page.text)


def test_written_answers_from_before_coordinators_could_read_them_stay_private(
    signed_in, survey, programme
):
    give(survey, StaffMemberFactory, rating=2, text="Written before the switch.")
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        programme.coordinator_reads_evaluation_text = True
        programme.coordinator_reads_evaluation_text_since = timezone.now()
        programme.save()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        give(survey, StaffMemberFactory, rating=2, text="Written after the switch.")
    page = results_page(signed_in, survey)
    assert results(page)["Say more"]["written"] == ["Written after the switch."]
    assert "Written before the switch." not in page.text


def test_the_results_page_shows_nobodys_answers_one_by_one_and_links_to_them(
    signed_in, three_answered
):
    page = results_page(signed_in, three_answered)
    assert "people" not in page.context
    for response in Response.objects.filter(questionnaire=three_answered):
        assert response.person.full_name not in page.text
    link = reverse("evaluations:answers_by_person", args=[three_answered.pk])
    assert f'href="{link}"' in page.text


def test_each_persons_answers_are_on_their_own_page_within_the_same_rules(
    client, answered, coordinator, programme
):
    client.force_login(coordinator.user)
    page = people_page(client, answered.questionnaire)
    assert page.status_code == 200
    assert "Very useful (4 of 4)" in page.text
    assert JO_WROTE not in page.text and CHRIS_WROTE not in page.text
    assert "does not let its coordinators read them" in page.text
    entry = AuditEntry.objects.get(kind="evaluation answers", action="read")
    assert (entry.user_id, entry.object_id, entry.note) == (
        coordinator.user.pk,
        answered.questionnaire_id,
        "each person's answers, page 1",
    )


def test_nobody_but_the_programmes_coordinators_opens_either_page(
    client, answered, staff_member, colleague, line_manager, sponsor, other_coordinator
):
    for person in [staff_member, colleague, line_manager, sponsor, other_coordinator]:
        client.force_login(person.user)
        assert results_page(client, answered.questionnaire).status_code == 404, person
        assert people_page(client, answered.questionnaire).status_code == 404, person
    assert not AuditEntry.objects.filter(kind="evaluation answers", action="read").exists()


def test_reading_the_results_is_recorded(signed_in, three_answered, coordinator):
    results_page(signed_in, three_answered)
    entry = AuditEntry.objects.get(kind="evaluation answers", action="read")
    assert (entry.user_id, entry.object_id, entry.note) == (
        coordinator.user.pk,
        three_answered.pk,
        "the results page",
    )


def test_a_page_number_that_is_not_a_number_shows_the_first_page(signed_in, three_answered):
    for page in ["x", "1x", "-1", "99"]:
        assert people_page(signed_in, three_answered, page).status_code == 200


@pytest.mark.parametrize("size", [2, 30])
def test_the_results_page_takes_the_same_queries_however_many_answered(
    signed_in, survey, programme, django_assert_num_queries, size
):
    programme.coordinator_reads_evaluation_text = True
    programme.save()
    for n in range(size):
        give(survey, StaffMemberFactory, rating=1 + n % 3, ticks=["A"], yes=n % 2, text=f"T{n}")
    with django_assert_num_queries(RESULTS_PAGE):
        page = results_page(signed_in, survey)
    assert len(results(page)["Say more"]["written"]) == size


@pytest.mark.parametrize("size", [2, 30])
def test_each_persons_answers_take_the_same_queries_however_many_answered(
    signed_in, survey, django_assert_num_queries, size
):
    for n in range(size):
        give(survey, StaffMemberFactory, rating=1 + n % 3, ticks=["A", "C"], yes=n % 2 == 0)
    with django_assert_num_queries(PEOPLE_PAGE):
        page = people_page(signed_in, survey)
    assert len(page.context["people"]) == min(size, 25)


RESULTS_PAGE = 20
PEOPLE_PAGE = 19


# "See the answers" on the questionnaire's page


def test_once_people_have_answered_see_the_answers_is_the_main_action_near_the_top(
    signed_in, three_answered
):
    html = signed_in.get(reverse("evaluations:questionnaire", args=[three_answered.pk])).text
    button = re.search(r'<a class="([^"]*)"[^>]*>See the answers</a>', html)
    assert button and button.group(1) == "govuk-button"  # the primary, green one
    assert button.start() < html.index(">As respondents will see it<")
    assert "3 people have answered" in words(html)


def test_before_anyone_answers_the_answers_are_not_the_main_action(signed_in, survey):
    html = signed_in.get(reverse("evaluations:questionnaire", args=[survey.pk])).text
    assert not re.search(r'<a class="govuk-button"[^>]*>See the answers</a>', html)


def test_a_survey_with_answers_still_offers_sending_it_again(signed_in, programme, coordinator):
    form = questionnaire_from_template(by=coordinator.user, programme=programme, key="004")
    give(form, StaffMemberFactory)
    html = signed_in.get(reverse("evaluations:questionnaire", args=[form.pk])).text
    assert re.search(r'class="govuk-button govuk-button--secondary"[^>]*>Send it as a survey', html)


def test_both_answers_pages_sit_under_questionnaires_in_the_navigation(signed_in, survey):
    for name in ["evaluations:answers", "evaluations:answers_by_person"]:
        page = signed_in.get(reverse(name, args=[survey.pk]))
        manage = re.search(r'<nav class="moj-sub-navigation.*?</nav>', page.text, re.S).group(0)
        current = re.search(r'<a[^>]*aria-current="page"[^>]*>(.*?)</a>', manage, re.S)
        assert current.group(1).strip() == "Questionnaires", name
