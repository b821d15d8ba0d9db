"""The coordinator's pages for building questionnaires: the list, adding, the preview, the
forms and their messages, and where a change to an answered version goes (EVAL-1)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Question, Questionnaire, Section
from evaluations.services.questionnaires import questionnaire_from_template, questionnaire_retire
from evaluations.tests import test_questionnaires
from evaluations.tests.pages import error_next_to
from mentoring.people.services import role_grant
from tests.factories import StaffMemberFactory
from tests.matching import programme_for_matching

CONFIRMED = {"confirmed": "yes"}

programme = test_questionnaires.programme
form = test_questionnaires.form
relationship = test_questionnaires.relationship
answered = test_questionnaires.answered


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator.user)
    return client


def test_the_list_shows_each_questionnaire_as_it_is_now(signed_in, form, answered, coordinator):
    signed_in.post(
        reverse("evaluations:questionnaire_edit", args=[form.pk]),
        {"title": "Mentoring evaluation form", "use": "end", "introduction": "Be candid."},
    )
    survey = questionnaire_from_template(by=coordinator.user, programme=form.programme, key="004")
    survey = questionnaire_retire(by=coordinator.user, questionnaire=survey)
    response = signed_in.get(reverse("evaluations:questionnaire_list", args=[form.programme_id]))
    assert response.status_code == 200
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", response.text, re.S)[1:]
    ]
    assert rows == [
        "Annual service evaluation version 1 Programme survey 0 0 Retired "
        + survey.retired_at.strftime("%-d %B %Y"),
        # Two sent, one answered, across both versions.
        "Mentoring evaluation form version 2 When a relationship ends 2 1 In use",
    ]
    v2 = Questionnaire.objects.get(version=2)
    assert reverse("evaluations:questionnaire", args=[v2.pk]) in response.text
    assert reverse("evaluations:questionnaire", args=[form.pk]) not in response.text


def test_the_programme_page_links_its_coordinators_to_its_questionnaires(
    client, programme, coordinator, colleague
):
    link = reverse("evaluations:questionnaire_list", args=[programme.pk])
    client.force_login(coordinator.user)
    assert link in client.get(programme.get_absolute_url()).text
    client.force_login(colleague.user)
    assert link not in client.get(programme.get_absolute_url()).text


def test_a_coordinator_adds_a_shipped_questionnaire(signed_in, programme):
    page = signed_in.get(reverse("evaluations:questionnaire_add", args=[programme.pk]))
    assert "Mentor programme evaluation" in page.text
    response = signed_in.post(
        reverse("evaluations:questionnaire_add", args=[programme.pk]), {"template": "002"}
    )
    copy = Questionnaire.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("evaluations:questionnaire", args=[copy.pk])
    assert (copy.shipped_from, Question.objects.count()) == ("002", 16)


def test_an_unknown_template_is_refused_and_adds_nothing(signed_in, programme):
    response = signed_in.post(
        reverse("evaluations:questionnaire_add", args=[programme.pk]), {"template": "999"}
    )
    assert response.status_code == 200
    assert "Choose one of the shipped questionnaires." in response.text
    assert not Questionnaire.objects.exists()


def test_a_blank_questionnaire_needs_a_title(signed_in, programme):
    url = reverse("evaluations:questionnaire_add", args=[programme.pk])
    response = signed_in.post(url, {"title": "", "use": "end"})
    assert response.status_code == 200
    assert error_next_to(response, "title") == "This field is required."
    assert not Questionnaire.objects.exists()
    response = signed_in.post(url, {"title": "Six-month check", "use": "survey"})
    started = Questionnaire.objects.get()
    assert response.url == reverse("evaluations:questionnaire", args=[started.pk])
    assert (started.title, started.use, started.sections.count()) == (
        "Six-month check",
        "survey",
        0,
    )


def test_a_survey_cannot_be_confirmed_by_both_and_says_so_by_the_box(signed_in, form):
    response = signed_in.post(
        reverse("evaluations:questionnaire_edit", args=[form.pk]),
        {"title": form.title, "use": "survey", "both_confirm": "on"},
    )
    assert response.status_code == 200
    assert error_next_to(response, "both_confirm").startswith("Only a form sent when")
    form.refresh_from_db()
    assert (form.use, form.both_confirm) == ("end", True)


@pytest.mark.parametrize(
    "kind, options, message",
    [
        ("single", "Only one", "Give at least two different options, one per line."),
        ("rating", "Poor", "A rating scale has from 2 to 10 points"),
        ("rating", "\n".join(str(n) for n in range(11)), "A rating scale has from 2 to 10"),
        ("yes_no", "Yes\nNo", "A yes or no question takes no options: clear the list."),
        ("text", "Something", "A written answer takes no options: clear the list."),
    ],
)
def test_options_that_do_not_fit_are_refused_next_to_the_options(
    signed_in, form, kind, options, message
):
    section = form.sections.get(addressed_to="mentor")
    response = signed_in.post(
        reverse("evaluations:question_add", args=[section.pk]),
        {"text": "How was it?", "kind": kind, "choices": options, "required": "on"},
    )
    assert response.status_code == 200
    assert error_next_to(response, "choices").startswith(message)
    assert section.questions.count() == 6


def test_a_question_is_added_with_its_options_one_per_line(signed_in, form):
    section = form.sections.get(addressed_to="mentee")
    response = signed_in.post(
        reverse("evaluations:question_add", args=[section.pk]),
        {
            "text": "How would you rate your mentor?",
            "kind": "rating",
            "choices": " Poor\n\nFair\r\nGood \n",
            "required": "on",
        },
    )
    assert response.url == reverse("evaluations:questionnaire", args=[form.pk])
    added = section.questions.last()
    assert (added.text, added.choices, added.order, added.required) == (
        "How would you rate your mentor?",
        ["Poor", "Fair", "Good"],
        7,
        True,
    )
    page = signed_in.get(reverse("evaluations:question_edit", args=[added.pk]))
    assert ">\nPoor\nFair\nGood</textarea>" in page.text


def test_an_empty_question_is_refused(signed_in, form):
    question = form.sections.first().questions.first()
    response = signed_in.post(
        reverse("evaluations:question_edit", args=[question.pk]), {"text": " ", "kind": "text"}
    )
    assert response.status_code == 200
    assert error_next_to(response, "text") == "This field is required."
    question.refresh_from_db()
    assert question.text.startswith("What development needs")


def test_a_change_to_an_answered_version_goes_to_the_next_and_the_page_follows(
    signed_in, form, answered
):
    section = form.sections.get(addressed_to="mentor")
    response = signed_in.post(
        reverse("evaluations:section_edit", args=[section.pk]),
        {"title": "Section A: the mentor", "addressed_to": "mentor", "order": 1},
        follow=True,
    )
    v2 = Questionnaire.objects.get(version=2)
    assert response.redirect_chain == [(reverse("evaluations:questionnaire", args=[v2.pk]), 302)]
    assert "the change made version 2; the answers already given stay with version 1" in (
        response.text
    )
    assert "Section A: the mentor" in response.text
    section.refresh_from_db()
    assert section.title == "Section A - to be completed by the Mentor"
    assert v2.sections.get(addressed_to="mentor").title == "Section A: the mentor"


def test_an_earlier_version_reads_as_it_was_and_offers_no_change(signed_in, form, answered):
    question = answered["question"]
    signed_in.post(reverse("evaluations:question_delete", args=[question.pk]), CONFIRMED)
    v2 = Questionnaire.objects.get(version=2)
    current = signed_in.get(reverse("evaluations:questionnaire", args=[v2.pk]))
    assert question.text not in current.text
    assert reverse("evaluations:questionnaire", args=[form.pk]) in current.text  # earlier versions
    old = signed_in.get(reverse("evaluations:questionnaire", args=[form.pk]))
    assert question.text in old.text
    assert reverse("evaluations:questionnaire", args=[v2.pk]) in old.text
    for name in ["questionnaire_edit", "section_add", "questionnaire_retire"]:
        assert reverse(f"evaluations:{name}", args=[form.pk]) not in old.text
    assert reverse("evaluations:question_edit", args=[question.pk]) not in old.text
    refused = signed_in.get(reverse("evaluations:question_edit", args=[question.pk]), follow=True)
    assert refused.redirect_chain == [(reverse("evaluations:questionnaire", args=[form.pk]), 302)]
    assert "This is an earlier version, kept as it was answered" in refused.text
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_preview_shows_each_section_to_whom_it_is_for_and_each_kind_of_answer(
    signed_in, programme, coordinator
):
    survey = questionnaire_from_template(by=coordinator.user, programme=programme, key="004")
    rated = questionnaire_from_template(by=coordinator.user, programme=programme, key="003")
    page = signed_in.get(reverse("evaluations:questionnaire", args=[survey.pk])).text
    assert "For mentors and mentees" in page and "For the mentor" in page
    assert 'type="checkbox"' in page and "Improved job satisfaction" in page
    assert "Tick any that apply." in page and "(optional)" in page
    page = signed_in.get(reverse("evaluations:questionnaire", args=[rated.pk])).text
    assert "1 Not at all" in page and "5 Completely" in page
    assert 'id="q' in page and "<textarea" in page and ">Yes</label>" in page
    assert "It was never unsatisfactory" in page


def test_retiring_stops_the_questionnaire_changing(signed_in, form, answered):
    response = signed_in.post(
        reverse("evaluations:questionnaire_retire", args=[form.pk]), CONFIRMED, follow=True
    )
    assert "is retired: it is no longer sent" in response.text
    form.refresh_from_db()
    assert form.retired_at is not None
    assert reverse("evaluations:section_add", args=[form.pk]) not in response.text
    refused = signed_in.post(
        reverse("evaluations:section_add", args=[form.pk]), {"title": "X", "addressed_to": "both"}
    )
    assert refused.status_code == 302
    assert Section.objects.filter(questionnaire=form).count() == 3


@pytest.mark.parametrize("count", [3, 30])
def test_the_preview_costs_the_same_queries_whatever_its_length(
    signed_in, programme, coordinator, django_assert_num_queries, count
):
    questionnaire = questionnaire_from_template(by=coordinator.user, programme=programme, key="004")
    Question.objects.filter(section__questionnaire=questionnaire).delete()
    section = questionnaire.sections.first()
    kinds = ["rating", "yes_no", "single", "multiple", "text"]
    Question.objects.bulk_create(
        Question(
            section=section,
            order=n,
            text=f"Question {n}",
            kind=kinds[n % 5],
            choices=["A", "B", "C"] if kinds[n % 5] in ("rating", "single", "multiple") else [],
        )
        for n in range(count)
    )
    url = reverse("evaluations:questionnaire", args=[questionnaire.pk])
    with django_assert_num_queries(17):
        response = signed_in.get(url)
    assert response.text.count("<fieldset") == count


def test_the_preview_shows_what_a_mentor_or_a_mentee_will_answer(signed_in, form):
    url = reverse("evaluations:questionnaire", args=[form.pk])
    mentor = signed_in.get(url, {"as": "mentor"}).text
    assert "Section A - to be completed by the Mentor" in mentor
    assert "Section B - to be completed by the Mentee" not in mentor
    mentee = signed_in.get(url, {"as": "mentee"}).text
    assert "Section A - to be completed by the Mentor" not in mentee
    assert "Section B - to be completed by the Mentee" in mentee
    everyone = signed_in.get(url, {"as": "sponsor"}).text
    assert "Section A - to be completed" in everyone and "Section B - to be completed" in everyone


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_costs_the_same_queries_whatever_its_length(
    signed_in, programme, coordinator, relationship, django_assert_num_queries, count
):
    for _ in range(count):
        copy = questionnaire_from_template(by=coordinator.user, programme=programme, key="000")
        for member in relationship.members.all():
            copy.responses.create(
                person=member.person, role=member.role, relationship=relationship, due_on="2030-1-1"
            )
    url = reverse("evaluations:questionnaire_list", args=[programme.pk])
    with django_assert_num_queries(13):
        response = signed_in.get(url)
    assert response.text.count('numeric">2</td>') == count  # sent to both of them


# Asking first: nothing is retired or deleted until the coordinator confirms


def test_retiring_asks_first_and_says_what_will_happen(signed_in, form, answered):
    page = signed_in.post(reverse("evaluations:questionnaire_retire", args=[form.pk]))
    assert page.status_code == 200
    assert "Retire “Mentoring evaluation form”?" in page.text
    assert "It is no longer sent when a relationship ends." in page.text
    assert "The answers already given are kept" in page.text
    assert 'name="confirmed" value="yes"' in page.text
    form.refresh_from_db()
    assert form.retired_at is None


def test_deleting_a_section_asks_first_and_counts_its_questions(signed_in, form):
    section = form.sections.get(addressed_to="mentor")
    questions = section.questions.count()
    url = reverse("evaluations:section_delete", args=[section.pk])
    page = signed_in.post(url)
    assert page.status_code == 200
    assert f"The section and its {questions} questions are deleted" in page.text
    assert Section.objects.filter(pk=section.pk).exists()
    assert Question.objects.filter(section=section).count() == questions
    signed_in.post(url, CONFIRMED)
    assert not Section.objects.filter(pk=section.pk).exists()


def test_deleting_an_answered_question_asks_first_and_says_where_the_change_goes(
    signed_in, form, answered
):
    question = answered["question"]
    url = reverse("evaluations:question_delete", args=[question.pk])
    page = signed_in.post(url)
    assert page.status_code == 200
    assert f"“{question.text}” is deleted" in page.text
    assert "the change makes version 2" in page.text
    assert Question.objects.filter(pk=question.pk).exists()
    assert not Questionnaire.objects.filter(version=2).exists()


def test_a_retired_questionnaire_is_refused_before_any_confirm_page(signed_in, form, coordinator):
    questionnaire_retire(by=coordinator.user, questionnaire=form)
    section = form.sections.first()
    page = signed_in.post(reverse("evaluations:section_delete", args=[section.pk]), follow=True)
    assert 'name="confirmed"' not in page.text
    assert page.redirect_chain == [(reverse("evaluations:questionnaire", args=[form.pk]), 302)]
    assert Section.objects.filter(pk=section.pk).exists()


# Manage → Questionnaires: every programme the coordinator runs


def named(coordinator, name):
    programme = programme_for_matching(coordinator)
    programme.name = name
    programme.save(update_fields=["name"])
    return programme


def sections_of(page):
    """{programme heading: [each row's words]} of the Manage questionnaires page."""
    found = {}
    for part in re.findall(r"<section.*?</section>", page.text, re.S):
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", part, re.S).group(1).strip()
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", part, re.S)[1:]
        found[heading] = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in rows]
    return found


def test_the_manage_page_lists_each_programme_run_with_its_questionnaires(
    signed_in, coordinator, form, answered
):
    survey = questionnaire_from_template(by=coordinator.user, programme=form.programme, key="004")
    questionnaire_retire(by=coordinator.user, questionnaire=survey)
    named(coordinator, "Empty programme")
    someone_else = StaffMemberFactory()
    role_grant(user=someone_else.user, role="coordinator")
    other = named(someone_else, "Someone else's programme")
    questionnaire_from_template(by=someone_else.user, programme=other, key="000")
    page = signed_in.get(reverse("evaluations:questionnaires"))
    assert page.status_code == 200
    assert sections_of(page) == {
        "Empty programme": [],
        "Matching programme": [
            "Annual service evaluation version 1 Programme survey 0 0 Retired "
            + timezone.localdate().strftime("%-d %B %Y"),
            "Mentoring evaluation form version 1 When a relationship ends 2 1 In use",
        ],
    }
    assert "No questionnaires yet" in page.text
    add = reverse("evaluations:questionnaire_add", args=[form.programme_id])
    assert f'href="{add}"' in page.text


def test_the_manage_page_is_in_the_manage_navigation(signed_in):
    page = signed_in.get(reverse("evaluations:questionnaires"))
    manage = re.search(r'<nav class="moj-sub-navigation.*?</nav>', page.text, re.S).group(0)
    current = re.search(r'<a[^>]*aria-current="page"[^>]*>(.*?)</a>', manage, re.S)
    assert current.group(1).strip() == "Questionnaires"


@pytest.mark.parametrize("count", [1, 5])
def test_the_manage_page_costs_the_same_queries_whatever_the_programmes(
    signed_in, coordinator, django_assert_num_queries, count
):
    for n in range(count):
        programme = named(coordinator, f"Programme {n}")
        questionnaire_from_template(by=coordinator.user, programme=programme, key="000")
        questionnaire_from_template(by=coordinator.user, programme=programme, key="004")
    with django_assert_num_queries(12):
        page = signed_in.get(reverse("evaluations:questionnaires"))
    assert page.text.count("Mentoring evaluation form") == count


def test_a_questionnaires_page_offers_the_answers_before_retiring_it(signed_in, form):
    page = signed_in.get(reverse("evaluations:questionnaire", args=[form.pk])).text
    answers = page.index(">See the answers<")
    retire = page.index(">Retire this questionnaire</button>")
    assert answers < retire
    assert page.index("</h2>", page.index(">As respondents will see it<")) < retire  # at the end
