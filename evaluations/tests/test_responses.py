"""Answering a form (EVAL-2): each question as its kind, refusals next to the field, changes
until the due date or until both parties have confirmed (000), the person's list of forms and
the number waiting in the navigation."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Answer, Question, Questionnaire, Response, Section, Survey
from evaluations.services.responses import (
    answer_key,
    response_answer,
    response_confirm,
    survey_send,
)
from mentoring.audit.models import AuditEntry
from relationships.services.lifecycle import relationship_end
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

from .pages import error_next_to
from .test_sending import CLOSING, end_form

RATING = ["Poor", "Fair", "Good", "Excellent"]
MET = ["In person", "By video", "By telephone"]
HELPED = ["Listening", "Advice", "Contacts"]


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, agreement_required=False)


@pytest.fixture
def every_kind(programme):
    """A survey questionnaire with a question of each kind for everyone, and one for mentors."""
    form = Questionnaire.objects.create(programme=programme, title="Programme survey", use="survey")
    both = Section.objects.create(questionnaire=form, title="Your experience", order=1)
    kinds = [
        ("rating", "How was mentoring?", RATING, True),
        ("yes_no", "Would you recommend it?", [], True),
        ("single", "How did you mostly meet?", MET, True),
        ("multiple", "What helped?", HELPED, True),
        ("text", "Anything else to tell us?", [], False),
    ]
    for order, (kind, text, choices, required) in enumerate(kinds):
        Question.objects.create(
            section=both, order=order, text=text, kind=kind, choices=choices, required=required
        )
    mentors = Section.objects.create(
        questionnaire=form, title="For mentors", addressed_to="mentor", order=2
    )
    Question.objects.create(section=mentors, text="Did the training prepare you?", kind="yes_no")
    return form


@pytest.fixture
def mine(every_kind, programme, coordinator, staff_member):
    """Jo's copy of the survey, as a mentee."""
    accepted(programme, staff_member, "mentee")
    due = timezone.localdate() + timedelta(days=14)
    survey = survey_send(by=coordinator.user, questionnaire=every_kind, due_on=due)
    return survey.responses.get(person=staff_member)


def question(form, kind):
    return Question.objects.get(section__questionnaire=form, kind=kind, section__order=1)


def good_answers(form):
    return {
        answer_key(question(form, "rating")): "3",
        answer_key(question(form, "yes_no")): "1",
        answer_key(question(form, "single")): "By video",
        answer_key(question(form, "multiple")): ["Listening", "Contacts"],
        answer_key(question(form, "text")): "  Kind words.  ",
    }


def saved(response):
    return sorted(
        Answer.objects.filter(response=response).values_list(
            "question__kind", "number", "choice", "text"
        )
    )


def words(html):
    """The page's text as a screen reader reads it, tags left out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def inputs(html, question):
    """[(type, value)] of the inputs answering `question`."""
    pattern = rf'<input\s+type="(\w+)"\s+name="{answer_key(question)}"[^>]*?value="([^"]*)"'
    return re.findall(pattern, html)


def test_the_form_shows_each_question_of_their_role_as_its_kind(client, mine, staff_member):
    client.force_login(staff_member.user)
    page = client.get(reverse("evaluations:response", args=[mine.pk]))
    assert page.status_code == 200
    html, form = page.text, mine.questionnaire
    assert inputs(html, question(form, "rating")) == [("radio", str(n)) for n in range(1, 5)]
    assert all(label in html for label in RATING)
    assert inputs(html, question(form, "yes_no")) == [("radio", "1"), ("radio", "0")]
    assert inputs(html, question(form, "single")) == [("radio", m) for m in MET]
    assert inputs(html, question(form, "multiple")) == [("checkbox", h) for h in HELPED]
    assert f'<textarea name="{answer_key(question(form, "text"))}"' in html
    assert "Did the training prepare you?" not in html  # the mentors' section
    assert html.count("(optional)") == 1  # the one question that may be left


def test_answers_of_every_kind_are_saved_in_one_go(client, mine, staff_member):
    client.force_login(staff_member.user)
    url = reverse("evaluations:response", args=[mine.pk])
    response = client.post(url, good_answers(mine.questionnaire))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.submitted_at is not None
    assert saved(mine) == [
        ("multiple", None, "Contacts", ""),
        ("multiple", None, "Listening", ""),
        ("rating", 3, "", ""),
        ("single", None, "By video", ""),
        ("text", None, "", "Kind words."),
        ("yes_no", 1, "", ""),
    ]
    entry = AuditEntry.objects.get(kind="evaluation answers")
    assert (entry.action, entry.object_id, entry.user_id) == (
        "create",
        mine.pk,
        staff_member.user.pk,
    )
    assert "Kind" not in entry.note
    assert "Thank you" in client.get(response.url).text


def test_no_is_saved_as_nought_and_an_optional_question_may_be_left(client, mine, staff_member):
    client.force_login(staff_member.user)
    data = good_answers(mine.questionnaire)
    data[answer_key(question(mine.questionnaire, "yes_no"))] = "0"
    data[answer_key(question(mine.questionnaire, "text"))] = "   "
    client.post(reverse("evaluations:response", args=[mine.pk]), data)
    assert ("yes_no", 0, "", "") in saved(mine)
    assert not [row for row in saved(mine) if row[0] == "text"]


@pytest.mark.parametrize(
    "kind, value, message",
    [
        ("rating", "", "Answer this question."),
        ("rating", "9", "Choose one of the options given."),
        ("rating", "0", "Choose one of the options given."),
        ("yes_no", "maybe", "Choose one of the options given."),
        ("yes_no", "", "Answer this question."),
        ("single", "By pigeon", "Choose one of the options given."),
        ("multiple", ["Listening", "Bribes"], "Choose one of the options given."),
        ("multiple", [], "Answer this question."),
    ],
)
def test_a_wrong_answer_is_refused_next_to_its_question_and_nothing_is_saved(
    client, mine, staff_member, kind, value, message
):
    client.force_login(staff_member.user)
    data = good_answers(mine.questionnaire)
    key = answer_key(question(mine.questionnaire, kind))
    data[key] = value
    page = client.post(reverse("evaluations:response", args=[mine.pk]), data)
    assert page.status_code == 200
    assert page.context["form"].errors == {key: [message]}
    assert error_next_to(page, key) == message
    mine.refresh_from_db()
    assert mine.submitted_at is None
    assert saved(mine) == []
    assert not AuditEntry.objects.filter(kind="evaluation answers").exists()


@pytest.mark.parametrize(
    "kind, value",
    [
        ("rating", 5),
        ("rating", True),
        ("rating", "3"),
        ("yes_no", 1),
        ("single", "By pigeon"),
        ("multiple", "Listening"),
        ("multiple", ["Bribes"]),
        ("single", None),
    ],
)
def test_the_service_refuses_what_the_form_would_never_send(mine, staff_member, kind, value):
    form = mine.questionnaire
    answers = {
        question(form, "rating").pk: 3,
        question(form, "yes_no").pk: True,
        question(form, "single").pk: "By video",
        question(form, "multiple").pk: ["Advice"],
    }
    answers[question(form, kind).pk] = value
    with pytest.raises(ValidationError) as refused:
        response_answer(by=staff_member.user, response=mine, answers=answers)
    assert list(refused.value.error_dict) == [answer_key(question(form, kind))]
    assert saved(mine) == []


def test_nobody_else_answers_someones_form(mine, colleague, coordinator):
    for person in [colleague, coordinator]:
        with pytest.raises(PermissionDenied):
            response_answer(by=person.user, response=mine, answers={})
    assert Response.objects.get(pk=mine.pk).submitted_at is None


def test_a_form_can_be_changed_until_its_due_date_and_not_after(client, mine, staff_member):
    client.force_login(staff_member.user)
    url = reverse("evaluations:response", args=[mine.pk])
    data = good_answers(mine.questionnaire)
    client.post(url, data)
    data[answer_key(question(mine.questionnaire, "rating"))] = "4"
    client.post(url, data)
    assert ("rating", 4, "", "") in saved(mine)
    actions = AuditEntry.objects.filter(kind="evaluation answers").values_list("action", flat=True)
    assert sorted(actions) == ["change", "create"]
    with time_machine.travel(mine.due_on + timedelta(days=1)):
        client.force_login(staff_member.user)
        page = client.get(url)
        assert "<textarea" not in page.text
        assert "Excellent (4 of 4)" in page.text  # read back, no longer a form
        data[answer_key(question(mine.questionnaire, "rating"))] = "1"
        refused = client.post(url, data, follow=True)
    assert "can no longer be changed" in refused.text
    assert ("rating", 4, "", "") in saved(mine)


def test_a_form_not_yet_answered_can_still_be_sent_late(client, mine, staff_member):
    client.force_login(staff_member.user)
    with time_machine.travel(mine.due_on + timedelta(days=3)):
        client.force_login(staff_member.user)
        page = client.get(reverse("evaluations:to_complete"))
        assert "Overdue" in page.text
        client.post(
            reverse("evaluations:response", args=[mine.pk]), good_answers(mine.questionnaire)
        )
    mine.refresh_from_db()
    assert mine.submitted_at is not None


# Both parties confirm (000)


@pytest.fixture
def ended(programme, colleague, staff_member):
    """Chris mentored Jo; it has ended, so each has their section of 000's form."""
    end_form(programme)
    relationship = went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )
    relationship_end(
        by=staff_member.user, relationship=relationship, reason="goals_achieved", **CLOSING
    )
    return relationship


def copy_of(person):
    return Response.objects.get(person=person, relationship__isnull=False)


def answer(person, **by_kind):
    """Answer a person's own copy: {"rating": 3, "text": "..."}."""
    response = copy_of(person)
    questions = Question.objects.filter(section__questionnaire=response.questionnaire)
    values = {
        q.pk: by_kind[q.kind]
        for q in questions
        if q.kind in by_kind and q.section.is_for(response.role)
    }
    return response_answer(by=person.user, response=response, answers=values)


def test_both_complete_their_section_read_the_whole_form_and_confirm_it(
    client, ended, colleague, staff_member
):
    answer(staff_member, rating=4, text="JO-WROTE-THIS")
    jo, chris = copy_of(staff_member), copy_of(colleague)
    client.force_login(staff_member.user)
    jo_url = reverse("evaluations:response", args=[jo.pk])
    page = client.get(jo_url)
    assert "Section not yet completed" in page.text
    assert "agree its content</button>" not in page.text
    with pytest.raises(ValidationError, match="once everyone has completed"):
        response_confirm(by=staff_member.user, response=jo)

    answer(colleague, text="CHRIS-WROTE-THIS")
    page = client.get(jo_url)
    assert "The whole form" in page.text
    assert "CHRIS-WROTE-THIS" in page.text and "JO-WROTE-THIS" in page.text
    assert "agree its content</button>" in page.text
    client.post(reverse("evaluations:response_confirm", args=[jo.pk]), {"confirmed": "yes"})
    jo.refresh_from_db()
    assert jo.confirmed_at is not None
    assert (
        "Waiting for the others to confirm" in client.get(reverse("evaluations:to_complete")).text
    )

    client.force_login(colleague.user)
    chris_url = reverse("evaluations:response", args=[chris.pk])
    assert "JO-WROTE-THIS" in client.get(chris_url).text
    client.post(reverse("evaluations:response_confirm", args=[chris.pk]), {"confirmed": "yes"})
    page = client.get(chris_url)
    assert "it is agreed" in page.text
    assert "<textarea" not in page.text
    actions = AuditEntry.objects.filter(kind="evaluation answers").values_list("action", "user_id")
    assert ("confirm", staff_member.user.pk) in actions
    assert ("confirm", colleague.user.pk) in actions


def test_confirming_asks_first_and_the_last_to_confirm_is_told_it_locks_the_form(
    client, ended, colleague, staff_member
):
    answer(staff_member, rating=4, text="Mine.")
    answer(colleague, text="His.")
    jo, chris = copy_of(staff_member), copy_of(colleague)
    client.force_login(staff_member.user)
    page = client.post(reverse("evaluations:response_confirm", args=[jo.pk]))
    assert page.status_code == 200
    assert "Once everyone has confirmed it, it is agreed" in page.text
    jo.refresh_from_db()
    assert jo.confirmed_at is None
    response_confirm(by=staff_member.user, response=jo)

    client.force_login(colleague.user)
    page = client.post(reverse("evaluations:response_confirm", args=[chris.pk]))
    assert "Everyone else has confirmed it" in page.text
    assert "nobody can change it any more" in page.text
    chris.refresh_from_db()
    assert chris.confirmed_at is None


def test_changing_answers_after_a_confirmation_asks_everyone_again(ended, colleague, staff_member):
    answer(staff_member, rating=4, text="Mine.")
    answer(colleague, text="His.")
    response_confirm(by=staff_member.user, response=copy_of(staff_member))
    answer(colleague, text="His, changed.")
    assert copy_of(staff_member).confirmed_at is None
    assert copy_of(colleague).submitted_at is not None


def test_an_agreed_form_can_no_longer_be_changed(client, ended, colleague, staff_member):
    answer(staff_member, rating=4, text="Mine.")
    answer(colleague, text="His.")
    for person in [staff_member, colleague]:
        response_confirm(by=person.user, response=copy_of(person))
    with pytest.raises(ValidationError, match="Everyone has confirmed"):
        answer(colleague, text="Sneaky change.")
    client.force_login(colleague.user)
    url = reverse("evaluations:response", args=[copy_of(colleague).pk])
    key = answer_key(Question.objects.get(section__addressed_to="mentor"))
    page = client.post(url, {key: "Sneaky change."}, follow=True)
    assert "can no longer be changed" in page.text
    assert Answer.objects.filter(text__startswith="Sneaky").count() == 0


def test_a_form_is_confirmed_only_once_and_only_where_it_asks_for_it(
    every_kind, ended, colleague, staff_member
):
    survey = survey_copy(every_kind, staff_member, 10)
    answer(staff_member, rating=4, text="Mine.")
    answer(colleague, text="His.")
    response_confirm(by=colleague.user, response=copy_of(colleague))
    with pytest.raises(ValidationError, match="already confirmed"):
        response_confirm(by=colleague.user, response=copy_of(colleague))
    with pytest.raises(ValidationError, match="not one you confirm"):
        response_confirm(by=staff_member.user, response=survey)
    with pytest.raises(PermissionDenied):
        response_confirm(by=colleague.user, response=copy_of(staff_member))


# The person's list of forms, and the navigation


def survey_copy(form, person, days):
    """A copy of a survey for `person`, due in `days` (negative: overdue)."""
    due = timezone.localdate() + timedelta(days=days)
    survey = Survey.objects.create(programme=form.programme, questionnaire=form, due_on=due)
    return Response.objects.create(
        questionnaire=form, survey=survey, person=person, role="mentee", due_on=due
    )


def test_to_complete_lists_what_to_do_what_to_confirm_and_what_is_done(
    client, ended, every_kind, colleague, staff_member
):
    answer(colleague, text="His.")
    answer(staff_member, rating=3, text="Mine.")
    response_confirm(by=colleague.user, response=copy_of(colleague))  # and waits for Jo's
    survey_copy(every_kind, staff_member, 10)
    survey_copy(every_kind, staff_member, -2)
    survey_copy(every_kind, StaffMemberFactory(), 10)  # someone else's: never listed
    client.force_login(staff_member.user)
    page = client.get(reverse("evaluations:to_complete"))
    assert page.status_code == 200
    assert [r.due_on < timezone.localdate() for r in page.context["to_do"]] == [True, False]
    assert page.text.count("Overdue") == 1
    assert [r.pk for r in page.context["to_confirm"]] == [copy_of(staff_member).pk]
    assert page.context["done"] == []
    assert "To complete 3 waiting" in words(page.text)

    client.force_login(colleague.user)
    page = client.get(reverse("evaluations:to_complete"))
    assert page.context["to_do"] == [] and page.context["to_confirm"] == []
    assert [r.where for r in page.context["done"]] == ["Waiting for the others to confirm"]
    assert not re.search(r"To complete \d+ waiting", words(page.text))


# Queries that do not grow with the form or the list


def end_form_of_size(programme, size):
    form = end_form(programme)
    section = Section.objects.get(questionnaire=form, addressed_to="mentee")
    Question.objects.bulk_create(
        Question(section=section, order=10 + n, text=f"Question {n}", kind="single", choices=MET)
        for n in range(size)
    )
    return form


@pytest.mark.parametrize("size", [1, 12])
def test_the_form_takes_the_same_queries_however_long_it_is(
    client, programme, colleague, staff_member, django_assert_num_queries, size
):
    end_form_of_size(programme, size)
    relationship = went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )
    relationship_end(
        by=colleague.user, relationship=relationship, reason="goals_achieved", **CLOSING
    )
    answer(colleague, text="His.")
    jo = copy_of(staff_member)
    values = {"rating": 2, "text": "Mine.", "single": "By video"}
    answer(staff_member, **values)
    client.force_login(staff_member.user)
    url = reverse("evaluations:response", args=[jo.pk])
    with django_assert_num_queries(RESPONSE_PAGE):  # the whole form, and its audited read
        page = client.get(url)
    assert page.text.count("By video") == 3 * size  # the answer, and the option's value and label


@pytest.mark.parametrize("size", [1, 8])
def test_the_list_takes_the_same_queries_however_many_forms(
    client, every_kind, programme, staff_member, django_assert_num_queries, size
):
    for n in range(size):
        survey = Survey.objects.create(
            programme=programme, questionnaire=every_kind, due_on=timezone.localdate()
        )
        Response.objects.create(
            questionnaire=every_kind,
            survey=survey,
            person=staff_member,
            role="mentee",
            due_on=timezone.localdate() + timedelta(days=n - 2),
            submitted_at=timezone.now() if n % 2 else None,
        )
    client.force_login(staff_member.user)
    with django_assert_num_queries(TO_COMPLETE_PAGE):
        page = client.get(reverse("evaluations:to_complete"))
    assert len(page.context["to_do"]) + len(page.context["done"]) == size


RESPONSE_PAGE = 18  # one of them: whether the reader left a group, and when
TO_COMPLETE_PAGE = 10


def test_a_written_answer_past_its_limit_is_refused_and_nothing_is_kept(ended, staff_member):
    with pytest.raises(ValidationError, match="Keep the answer to 5,000 characters"):
        answer(staff_member, rating=4, text="x" * 5_001)
    assert not Answer.objects.filter(response=copy_of(staff_member)).exists()


def test_the_form_shows_when_each_party_signed_it(client, ended, colleague, staff_member):
    """000's evaluation form ends with each party's signature and its date."""
    answer(staff_member, rating=4, text="Jo's part")
    answer(colleague, text="Chris's part")
    response_confirm(by=staff_member.user, response=copy_of(staff_member))
    Response.objects.filter(pk=copy_of(staff_member).pk).update(
        confirmed_at=timezone.make_aware(datetime(2026, 11, 30, 9, 30))
    )
    client.force_login(colleague.user)
    page = client.get(reverse("evaluations:response", args=[copy_of(colleague).pk])).text
    assert "Confirmed</strong> on 30 November 2026, at 9:30am" in page
    assert "not yet confirmed</strong> Completed on" in page
