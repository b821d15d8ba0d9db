"""Who reads evaluation answers (DATA-1), and every read of someone else's recorded (DATA-2):
the person; the other party on a form both confirm once everyone has completed theirs; the
programme's coordinators ratings and choices, and written answers only where the programme
says so; nobody else, who is not even told the answers exist."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Answer, Question, Questionnaire, Response, Section, Survey
from evaluations.permissions import AnswerReader
from mentoring.audit.models import AuditEntry
from mentoring.people.services import role_grant
from programmes.services.programmes import programme_update
from relationships.services.lifecycle import relationship_end
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

from .test_responses import answer, copy_of
from .test_sending import CLOSING, end_form

JO_WROTE, CHRIS_WROTE = "Jo wrote this in confidence.", "Chris wrote this in confidence."


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, agreement_required=False)


def end_relationship(programme, mentor, mentee):
    relationship = went_ahead(
        paired(accepted(programme, mentor, "mentor"), accepted(programme, mentee, "mentee"))
    )
    relationship_end(by=mentee.user, relationship=relationship, reason="planned_end", **CLOSING)
    return relationship


@pytest.fixture
def answered(programme, colleague, staff_member):
    """Chris mentored Jo; 000's form, both confirm; both have answered."""
    end_form(programme)
    end_relationship(programme, colleague, staff_member)
    answer(staff_member, rating=4, text=JO_WROTE)
    answer(colleague, text=CHRIS_WROTE)
    return copy_of(staff_member)


@pytest.fixture
def other_coordinator(db):
    person = StaffMemberFactory(first_name="Olu", last_name="Other")
    role_grant(user=person.user, role="coordinator")
    programme_for_matching(person)
    return person


def reads(action="read"):
    return list(
        AuditEntry.objects.filter(kind="evaluation answers", action=action).values_list(
            "user_id", "object_id", "relationship_id", "programme_id", "note"
        )
    )


def test_a_form_opens_only_for_the_person_it_was_sent_to(
    client, answered, staff_member, colleague, line_manager, sponsor, coordinator, other_coordinator
):
    url = reverse("evaluations:response", args=[answered.pk])
    confirm = reverse("evaluations:response_confirm", args=[answered.pk])
    for person in [colleague, line_manager, sponsor, coordinator, other_coordinator]:
        client.force_login(person.user)
        assert client.get(url).status_code == 404, person
        assert client.post(url, {}).status_code == 404, person
        assert client.post(confirm).status_code == 404, person
    assert Response.objects.get(pk=answered.pk).confirmed_at is None
    assert reads() == []
    client.force_login(staff_member.user)
    assert JO_WROTE in client.get(url).text


def test_the_other_party_reads_the_whole_form_only_once_everyone_has_completed_theirs(
    client, programme, colleague, staff_member
):
    end_form(programme)
    relationship = end_relationship(programme, colleague, staff_member)
    answer(staff_member, rating=4, text=JO_WROTE)
    client.force_login(colleague.user)
    url = reverse("evaluations:response", args=[copy_of(colleague).pk])
    assert JO_WROTE not in client.get(url).text
    assert reads() == []
    answer(colleague, text=CHRIS_WROTE)
    page = client.get(url)
    assert JO_WROTE in page.text and "Very useful (4 of 4)" in page.text
    form = copy_of(colleague).questionnaire
    note = "the whole form, to confirm it"
    assert reads() == [(colleague.user.pk, form.pk, relationship.pk, programme.pk, note)]


def test_on_a_form_each_completes_alone_the_other_party_never_reads_it(
    client, programme, colleague, staff_member
):
    end_form(programme, both_confirm=False)
    end_relationship(programme, colleague, staff_member)
    answer(staff_member, rating=4, text=JO_WROTE)
    answer(colleague, text=CHRIS_WROTE)
    client.force_login(colleague.user)
    page = client.get(reverse("evaluations:response", args=[copy_of(colleague).pk]))
    assert CHRIS_WROTE in page.text
    assert JO_WROTE not in page.text and "Very useful" not in page.text
    assert reads() == []


def test_reading_your_own_answers_is_not_recorded(client, programme, colleague, staff_member):
    end_form(programme)
    end_relationship(programme, colleague, staff_member)
    answer(staff_member, rating=4, text=JO_WROTE)
    client.force_login(staff_member.user)
    assert (
        JO_WROTE
        in client.get(reverse("evaluations:response", args=[copy_of(staff_member).pk])).text
    )
    assert reads() == []


def test_the_coordinator_reads_ratings_and_choices_but_not_what_people_wrote(
    client, answered, coordinator, programme
):
    client.force_login(coordinator.user)
    page = client.get(reverse("evaluations:answers_by_person", args=[answered.questionnaire_id]))
    assert page.status_code == 200
    assert "Very useful (4 of 4)" in page.text
    assert JO_WROTE not in page.text and CHRIS_WROTE not in page.text
    assert "does not let its coordinators read them" in page.text
    assert not any(
        row["question"].kind == "text"
        for p in page.context["people"]
        for part in p["table"]
        for row in part["questions"]
    )
    note = "each person's answers, page 1"
    assert reads() == [(coordinator.user.pk, answered.questionnaire_id, None, programme.pk, note)]


def test_where_the_programme_allows_it_the_coordinator_reads_written_answers(
    client, answered, coordinator, programme
):
    programme.coordinator_reads_evaluation_text = True
    programme.save()
    client.force_login(coordinator.user)
    for url in ["evaluations:answers", "evaluations:answers_by_person"]:
        page = client.get(reverse(url, args=[answered.questionnaire_id]))
        assert JO_WROTE in page.text and CHRIS_WROTE in page.text, url
    assert len(reads()) == 2


def test_nobody_else_is_told_the_answers_exist(
    client, answered, staff_member, colleague, line_manager, sponsor, other_coordinator
):
    url = reverse("evaluations:answers", args=[answered.questionnaire_id])
    for person in [staff_member, colleague, line_manager, sponsor, other_coordinator]:
        client.force_login(person.user)
        assert client.get(url).status_code == 404, person
    assert reads() == []


def test_a_coordinator_who_does_not_run_the_programme_reads_nothing_even_with_the_flag(
    answered, other_coordinator, programme
):
    programme.coordinator_reads_evaluation_text = True
    programme.save()
    reader = AnswerReader(other_coordinator.user, programme)
    for response in Response.objects.all():
        for question in Question.objects.all():
            assert not reader.may_read(response, question)


def test_line_managers_and_sponsors_read_nothing_through_the_rules(
    answered, line_manager, sponsor, colleague, programme
):
    parties = list(Response.objects.filter(relationship__isnull=False))
    jo = answered
    for person in [line_manager, sponsor]:
        reader = AnswerReader(person.user, programme)
        assert not any(
            reader.may_read(r, q, parties=parties) for r in parties for q in Question.objects.all()
        )
    chris = AnswerReader(colleague.user, programme)
    assert all(chris.may_read(jo, q, parties=parties) for q in Question.objects.all())
    assert not any(chris.may_read(jo, q) for q in Question.objects.all())  # not as a party


def test_to_complete_lists_only_the_persons_own_forms(client, answered, line_manager):
    client.force_login(line_manager.user)
    page = client.get(reverse("evaluations:to_complete"))
    assert page.context["to_do"] == page.context["to_confirm"] == page.context["done"] == []
    assert "End of mentoring review" not in page.text


# The answers page: where each form is and the results


@pytest.fixture
def survey(programme):
    form = Questionnaire.objects.create(programme=programme, title="Annual survey", use="survey")
    section = Section.objects.create(questionnaire=form, title="The service")
    Question.objects.create(
        section=section, order=1, text="Rate it", kind="rating", choices=["Low", "Mid", "High"]
    )
    Question.objects.create(
        section=section, order=2, text="Which?", kind="multiple", choices=["A", "B", "C"]
    )
    Question.objects.create(section=section, order=3, text="Recommend?", kind="yes_no")
    Question.objects.create(section=section, order=4, text="Say more", kind="text", required=False)
    return form


def give(survey_form, people, *, rating=None, ticks=(), yes=None, text="", **fields):
    """A submitted (or, with submitted_at=None, unanswered) survey copy for a new person."""
    today = timezone.localdate()
    sent = Survey.objects.create(
        programme=survey_form.programme, questionnaire=survey_form, due_on=today
    )
    fields = {"submitted_at": timezone.now(), "due_on": today + timedelta(days=5)} | fields
    response = Response.objects.create(
        questionnaire=survey_form, survey=sent, person=people(), role="mentee", **fields
    )
    questions = {q.kind: q for q in Question.objects.filter(section__questionnaire=survey_form)}
    if rating:
        Answer.objects.create(response=response, question=questions["rating"], number=rating)
    for tick in ticks:
        Answer.objects.create(response=response, question=questions["multiple"], choice=tick)
    if yes is not None:
        Answer.objects.create(response=response, question=questions["yes_no"], number=int(yes))
    if text:
        Answer.objects.create(response=response, question=questions["text"], text=text)
    return response


def test_the_answers_page_shows_where_each_form_is_and_the_results(client, survey, coordinator):
    give(survey, StaffMemberFactory, rating=3, ticks=["A", "B"], yes=True, text="Great.")
    give(survey, StaffMemberFactory, rating=3, ticks=["A"], yes=False)
    give(survey, StaffMemberFactory, rating=1, yes=True, confirmed_at=None)
    give(
        survey,
        StaffMemberFactory,
        rating=2,
        ticks=["B"],
        text="Unread, never counted.",
        submitted_at=None,
    )
    give(survey, StaffMemberFactory, submitted_at=None, due_on=timezone.localdate() - timedelta(1))
    client.force_login(coordinator.user)
    page = client.get(reverse("evaluations:answers", args=[survey.pk]))
    assert page.context["states"] == {"sent": 1, "overdue": 1, "submitted": 3, "confirmed": 0}
    results = {r["question"].text: r for part in page.context["sections"] for r in part["results"]}
    assert [(o.label, o.count) for o in results["Rate it"]["options"]] == [
        ("Low", 1),
        ("Mid", 0),
        ("High", 2),
    ]
    assert results["Rate it"]["mean"] == 2.3
    assert [(o.label, o.count) for o in results["Which?"]["options"]] == [
        ("A", 2),
        ("B", 1),
        ("C", 0),
    ]
    assert [(o.label, o.count) for o in results["Recommend?"]["options"]] == [("Yes", 2), ("No", 1)]
    assert results["Say more"]["answered"] == 1
    assert "Average 2.3 on a scale of 1 (Low) to 3 (High)" in page.text
    assert "Great." not in page.text
    people = client.get(reverse("evaluations:answers_by_person", args=[survey.pk]))
    assert people.text.count(">Overdue</strong>") == 1  # one tag, on the overdue form


def test_written_answers_from_before_the_switch_stay_private_and_later_ones_are_read(
    answered, coordinator, programme
):
    """Issue 18, finding 6: the switch applies to what is written from then on."""
    from programmes.services.programmes import programme_update

    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        programme.coordinator_reads_evaluation_text = True
        programme_update(by=coordinator.user, programme=programme, coordinators=[coordinator])
    reader = AnswerReader(coordinator.user, programme)
    text = Question.objects.filter(kind="text").first()
    assert not reader.may_read(answered, text)
    Response.objects.filter(pk=answered.pk).update(
        submitted_at=timezone.now() + timedelta(minutes=2)
    )
    answered.refresh_from_db()
    assert reader.may_read(answered, text)


def test_nobody_but_its_author_reads_a_form_not_yet_submitted(
    answered, coordinator, programme, colleague
):
    """Found by a second attack on issue 18: a draft counted as written after the switch, so
    a coordinator with view permissions read drafts in the admin site."""
    programme.coordinator_reads_evaluation_text = True
    programme_update(by=coordinator.user, programme=programme, coordinators=[coordinator])
    Response.objects.filter(pk=answered.pk).update(submitted_at=None)
    answered.refresh_from_db()
    text = Question.objects.filter(kind="text").first()

    assert not AnswerReader(coordinator.user, programme).may_read(answered, text)
    assert AnswerReader(answered.person.user, programme).may_read(answered, text)
