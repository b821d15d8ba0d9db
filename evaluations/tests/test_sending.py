"""Sending questionnaires (EVAL-2): end-of-relationship forms when someone's part ends (000 §6,
003 §4.6), and programme surveys the coordinator sends to everyone taking part."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Question, Questionnaire, Response, Section, Survey
from evaluations.services.responses import (
    end_forms_send,
    outstanding,
    parties_of,
    response_answer,
    response_confirm,
    survey_send,
)
from mentoring.notifications.models import Notification
from mentoring.people.services import role_grant
from programmes.models import Application
from relationships.services.lifecycle import relationship_end
from relationships.services.pairing import introduction_answer, pair
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

from .pages import error_next_to

CLOSING = {"learned": "How to delegate.", "next_steps": "Apply for the team leader post."}


def end_form(programme, *, both_confirm=True, mentor=True, mentee=True, **fields):
    """An end-of-relationship form like 000's: Section A for the mentor, Section B for the
    mentee, each with questions."""
    form = Questionnaire.objects.create(
        programme=programme,
        title=fields.pop("title", "End of mentoring review"),
        use="end",
        both_confirm=both_confirm,
        **fields,
    )
    if mentor:
        a = Section.objects.create(
            questionnaire=form, title="Section A", addressed_to="mentor", order=1
        )
        Question.objects.create(
            section=a, order=1, text="What went well for the mentee?", kind="text"
        )
    if mentee:
        b = Section.objects.create(
            questionnaire=form, title="Section B", addressed_to="mentee", order=2
        )
        Question.objects.create(
            section=b,
            order=1,
            text="How useful was mentoring?",
            kind="rating",
            choices=["Not useful", "A little", "Useful", "Very useful"],
        )
        Question.objects.create(section=b, order=2, text="What went well for you?", kind="text")
    return form


def survey_form(programme, addressed_to="both"):
    form = Questionnaire.objects.create(
        programme=programme, title="Annual service evaluation", use="survey"
    )
    section = Section.objects.create(
        questionnaire=form, title="The service", addressed_to=addressed_to
    )
    Question.objects.create(section=section, text="Would you recommend it?", kind="yes_no")
    return form


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, agreement_required=False)


@pytest.fixture
def active(programme, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member); both said yes, so it has started."""
    return went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )


def sent(relationship):
    return sorted(
        Response.objects.filter(relationship=relationship).values_list(
            "person__first_name", "role", "questionnaire__title"
        )
    )


def test_ending_sends_each_person_their_form_due_in_two_weeks(
    active, programme, colleague, staff_member, django_capture_on_commit_callbacks
):
    end_form(programme)
    with django_capture_on_commit_callbacks(execute=True):
        relationship_end(
            by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING
        )
    responses = Response.objects.filter(relationship=active)
    assert {(r.person, r.role) for r in responses} == {
        (colleague, "mentor"),
        (staff_member, "mentee"),
    }
    assert {r.due_on for r in responses} == {timezone.localdate() + timedelta(days=14)}
    assert not any(r.submitted_at for r in responses)
    emailed = sorted(m.to[0] for m in mail.outbox if "evaluation form" in m.subject)
    assert emailed == sorted([colleague.work_email, staff_member.work_email])


def test_the_mentor_ending_it_sends_the_forms_too(
    active, programme, colleague, django_capture_on_commit_callbacks
):
    end_form(programme)
    with django_capture_on_commit_callbacks(execute=True):
        relationship_end(by=colleague.user, relationship=active, reason="planned_end", **CLOSING)
    assert [(name, role) for name, role, _ in sent(active)] == [
        ("Chris", "mentor"),
        ("Jo", "mentee"),
    ]


def test_the_email_carries_a_link_and_nothing_of_the_form(
    active, programme, staff_member, django_capture_on_commit_callbacks
):
    end_form(programme)
    with django_capture_on_commit_callbacks(execute=True):
        relationship_end(
            by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING
        )
    mine = Response.objects.get(person=staff_member)
    email = next(
        m for m in mail.outbox if m.to == [staff_member.work_email] and "form" in m.subject
    )
    assert reverse("evaluations:response", args=[mine.pk]) in email.body
    assert "How useful" not in email.body
    assert "went well" not in email.body
    assert "Chris" not in email.body


def test_each_person_gets_only_forms_with_a_section_for_their_role(active, programme, staff_member):
    end_form(programme, title="Mentees only", mentor=False)
    end_form(programme, title="Mentors only", mentee=False)
    relationship_end(by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING)
    assert sent(active) == [("Chris", "mentor", "Mentors only"), ("Jo", "mentee", "Mentees only")]


def test_retired_earlier_and_survey_questionnaires_are_not_sent(active, programme, staff_member):
    end_form(programme, title="Retired", retired_at=timezone.now())
    end_form(programme, title="Earlier version", is_current=False)
    survey_form(programme)
    relationship_end(by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING)
    assert sent(active) == []


def test_another_programmes_form_is_not_sent(active, coordinator, staff_member):
    end_form(programme_for_matching(coordinator))
    relationship_end(by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING)
    assert sent(active) == []


def test_a_form_is_never_sent_twice(
    active, programme, staff_member, django_capture_on_commit_callbacks
):
    end_form(programme)
    with django_capture_on_commit_callbacks(execute=True):
        relationship_end(
            by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING
        )
        members = list(active.members.all())
        assert end_forms_send(relationship=active, members=members) == []
    assert len(sent(active)) == 2
    assert len([m for m in mail.outbox if "evaluation form" in m.subject]) == 2


def test_nothing_is_sent_for_a_relationship_that_never_started(
    programme, colleague, staff_member, django_capture_on_commit_callbacks
):
    end_form(programme)
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    with django_capture_on_commit_callbacks(execute=True):
        introduction_answer(
            by=staff_member.user, relationship=relationship, goes_ahead=False, reason="time"
        )
    relationship.refresh_from_db()
    assert relationship.status == "ended"
    assert sent(relationship) == []
    assert not [m for m in mail.outbox if "evaluation form" in m.subject]


@pytest.fixture
def group(coordinator):
    programme = programme_for_matching(
        coordinator,
        mentoring_model="group",
        group_size_min=1,
        group_size_max=3,
        mentor_capacity=3,
        agreement_required=False,
    )
    mentor = accepted(programme, StaffMemberFactory(first_name="Mo"), "mentor", capacity=3)
    mentees = [
        accepted(programme, StaffMemberFactory(first_name=name), "mentee")
        for name in ["Ana", "Bo", "Cy"]
    ]
    relationship = pair(
        programme=programme, mentor_ids=[mentor.pk], mentee_ids=[m.pk for m in mentees]
    )
    return went_ahead(relationship)


def test_a_mentee_leaving_a_group_gets_their_form_and_the_others_do_not_yet(
    group, django_capture_on_commit_callbacks
):
    end_form(group.programme)
    ana = group.members.get(person__first_name="Ana").person
    with django_capture_on_commit_callbacks(execute=True):
        relationship_end(by=ana.user, relationship=group, reason="circumstances", **CLOSING)
    group.refresh_from_db()
    assert group.status == "active"
    assert [(name, role) for name, role, _ in sent(group)] == [("Ana", "mentee")]
    assert [m.to for m in mail.outbox if "evaluation form" in m.subject] == [[ana.work_email]]


def test_when_the_group_ends_the_others_get_theirs_and_the_leaver_no_second(group):
    end_form(group.programme)
    ana = group.members.get(person__first_name="Ana").person
    relationship_end(by=ana.user, relationship=group, reason="circumstances", **CLOSING)
    # What ending the whole group sends, with the leaver among the members again.
    end_forms_send(relationship=group, members=list(group.members.all()))
    assert [(name, role) for name, role, _ in sent(group)] == [
        ("Ana", "mentee"),
        ("Bo", "mentee"),
        ("Cy", "mentee"),
        ("Mo", "mentor"),
    ]


# Programme surveys


@pytest.fixture
def taking_part(programme, colleague, staff_member):
    """Chris mentors and is also a mentee; Jo is a mentee; one more is only waiting."""
    accepted(programme, colleague, "mentor")
    accepted(programme, colleague, "mentee")
    accepted(programme, staff_member, "mentee")
    waiting = StaffMemberFactory(first_name="Wyn")
    Application.objects.create(
        programme=programme,
        applicant=waiting,
        role="mentee",
        status="waiting_list",
        waiting_since=timezone.now(),
    )
    return programme


def test_a_survey_goes_once_to_everyone_taking_part(
    taking_part, coordinator, colleague, staff_member, django_capture_on_commit_callbacks
):
    due = timezone.localdate() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        survey = survey_send(
            by=coordinator.user, questionnaire=survey_form(taking_part), due_on=due
        )
    responses = {r.person: r for r in survey.responses.all()}
    assert {p: r.role for p, r in responses.items()} == {
        colleague: "mentor",
        staff_member: "mentee",
    }
    assert {r.due_on for r in responses.values()} == {due}
    assert (survey.sent_by, survey.programme) == (coordinator, taking_part)
    emailed = sorted(m.to[0] for m in mail.outbox if "evaluation form" in m.subject)
    assert emailed == sorted([colleague.work_email, staff_member.work_email])


def test_someone_in_both_roles_answers_as_a_mentee_when_only_mentees_have_a_section(
    taking_part, coordinator, colleague
):
    due = timezone.localdate() + timedelta(days=30)
    form = survey_form(taking_part, addressed_to="mentee")
    survey = survey_send(by=coordinator.user, questionnaire=form, due_on=due)
    assert sorted(survey.responses.values_list("role", flat=True)) == ["mentee", "mentee"]
    assert survey.responses.get(person=colleague).role == "mentee"


def test_a_survey_for_mentors_only_goes_only_to_mentors(taking_part, coordinator, colleague):
    due = timezone.localdate() + timedelta(days=30)
    form = survey_form(taking_part, addressed_to="mentor")
    survey = survey_send(by=coordinator.user, questionnaire=form, due_on=due)
    assert list(survey.responses.values_list("person", "role")) == [(colleague.pk, "mentor")]


def test_only_the_programmes_coordinators_send_its_surveys(
    taking_part, colleague, line_manager, sponsor
):
    form = survey_form(taking_part)
    other = StaffMemberFactory()
    role_grant(user=other.user, role="coordinator")
    for person in [colleague, line_manager, sponsor, other]:
        with pytest.raises(PermissionDenied):
            survey_send(
                by=person.user,
                questionnaire=form,
                due_on=timezone.localdate() + timedelta(days=7),
            )
    assert not Survey.objects.exists()


def test_an_end_of_relationship_form_is_not_sent_as_a_survey(taking_part, coordinator):
    with pytest.raises(ValidationError, match="not as a survey"):
        survey_send(
            by=coordinator.user,
            questionnaire=end_form(taking_part),
            due_on=timezone.localdate() + timedelta(days=7),
        )
    assert not Survey.objects.exists()


def test_a_survey_with_no_questions_is_not_sent(taking_part, coordinator):
    form = Questionnaire.objects.create(programme=taking_part, title="Empty", use="survey")
    Section.objects.create(questionnaire=form, title="Nothing yet")
    with pytest.raises(ValidationError, match="at least one question"):
        survey_send(
            by=coordinator.user, questionnaire=form, due_on=timezone.localdate() + timedelta(days=7)
        )
    assert not Response.objects.exists()


def test_a_survey_nobody_would_receive_is_not_sent(programme, coordinator):
    with pytest.raises(ValidationError, match="Nobody is taking part"):
        survey_send(
            by=coordinator.user,
            questionnaire=survey_form(programme),
            due_on=timezone.localdate() + timedelta(days=7),
        )
    assert not Survey.objects.exists()


def test_the_survey_page_says_there_is_nobody_to_send_it_to(client, programme, coordinator):
    client.force_login(coordinator.user)
    url = reverse("evaluations:survey_send", args=[survey_form(programme).pk])
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    page = client.post(url, {"due_on": due})
    assert page.status_code == 200 and "Nobody is taking part" in page.text
    assert "This emails" not in page.text and not Survey.objects.exists()


def test_the_survey_page_shows_who_it_goes_to_and_sends_it(client, taking_part, coordinator):
    form = survey_form(taking_part)
    client.force_login(coordinator.user)
    url = reverse("evaluations:survey_send", args=[form.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "2 people at the moment" in page.text
    due = timezone.localdate() + timedelta(days=21)
    response = client.post(url, {"due_on": due.isoformat(), "confirmed": "yes"})
    assert response.status_code == 302
    assert response.url == reverse("evaluations:answers", args=[form.pk])
    assert Survey.objects.get().due_on == due
    assert Response.objects.filter(survey__isnull=False).count() == 2
    assert "Sent to 2 people." in client.get(response.url).text


def test_sending_asks_first_saying_how_many_people_it_emails(client, taking_part, coordinator):
    form = survey_form(taking_part)
    client.force_login(coordinator.user)
    due = timezone.localdate() + timedelta(days=21)
    page = client.post(
        reverse("evaluations:survey_send", args=[form.pk]), {"due_on": due.isoformat()}
    )
    assert page.status_code == 200
    assert "This emails 2 people" in page.text
    assert f"complete it by {due:%-d %B %Y}" in page.text
    assert f'name="due_on" value="{due.isoformat()}"' in page.text
    assert 'name="confirmed" value="yes"' in page.text
    assert not Survey.objects.exists()
    assert not Response.objects.exists()
    assert not [m for m in mail.outbox if "evaluation form" in m.subject]


@pytest.mark.parametrize("due", ["", "yesterday", "today", "not a date"])
def test_a_due_date_not_in_the_future_is_refused_next_to_the_field(
    client, taking_part, coordinator, due
):
    form = survey_form(taking_part)
    client.force_login(coordinator.user)
    days = {"yesterday": -1, "today": 0}
    value = (timezone.localdate() + timedelta(days=days[due])).isoformat() if due in days else due
    page = client.post(reverse("evaluations:survey_send", args=[form.pk]), {"due_on": value})
    assert page.status_code == 200
    assert page.context["form"].errors["due_on"]
    assert error_next_to(page, "due_on") == page.context["form"].errors["due_on"][0]
    assert not Survey.objects.exists()
    assert not Response.objects.exists()


def test_the_service_refuses_a_past_due_date_by_its_field(taking_part, coordinator):
    with pytest.raises(ValidationError) as refused:
        survey_send(
            by=coordinator.user,
            questionnaire=survey_form(taking_part),
            due_on=timezone.localdate(),
        )
    assert "due_on" in refused.value.error_dict
    assert not Survey.objects.exists()


def test_a_coordinator_of_another_programme_cannot_open_the_survey_page(client, taking_part):
    other = StaffMemberFactory()
    role_grant(user=other.user, role="coordinator")
    client.force_login(other.user)
    url = reverse("evaluations:survey_send", args=[survey_form(taking_part).pk])
    assert client.get(url).status_code == 403
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert client.post(url, {"due_on": tomorrow.isoformat()}).status_code == 403
    assert not Survey.objects.exists()


# Line managers of the people taking part (000 §10.2: all parties are asked for feedback)


def manager_section(form):
    section = Section.objects.create(
        questionnaire=form, title="For line managers", addressed_to="manager", order=9
    )
    Question.objects.create(section=section, text="Did mentoring help your team?", kind="text")
    return form


def test_a_survey_with_a_section_for_line_managers_goes_to_the_managers_of_those_taking_part(
    taking_part, coordinator, colleague, staff_member, line_manager, director
):
    form = manager_section(survey_form(taking_part))
    due = timezone.localdate() + timedelta(days=30)
    survey = survey_send(by=coordinator.user, questionnaire=form, due_on=due)
    assert dict(survey.responses.values_list("person", "role")) == {
        colleague.pk: "mentor",
        staff_member.pk: "mentee",
        line_manager.pk: "manager",  # Jo's; Sam's own manager is not asked: Sam takes no part
    }
    assert director.pk not in dict(survey.responses.values_list("person", "role"))


def test_a_line_manager_answers_only_the_section_for_line_managers(
    client, taking_part, coordinator, line_manager
):
    form = manager_section(survey_form(taking_part))
    due = timezone.localdate() + timedelta(days=30)
    survey = survey_send(by=coordinator.user, questionnaire=form, due_on=due)
    response = survey.responses.get(person=line_manager)
    client.force_login(line_manager.user)
    page = client.get(reverse("evaluations:response", args=[response.pk])).text
    assert "Did mentoring help your team?" in page
    assert "Would you recommend it?" not in page


def test_a_survey_without_a_section_for_line_managers_does_not_go_to_them(
    taking_part, coordinator, line_manager
):
    due = timezone.localdate() + timedelta(days=30)
    survey = survey_send(by=coordinator.user, questionnaire=survey_form(taking_part), due_on=due)
    assert not survey.responses.filter(person=line_manager).exists()


def test_a_manager_who_also_takes_part_answers_once_in_their_own_role(
    taking_part, coordinator, line_manager
):
    accepted(taking_part, line_manager, "mentor")
    form = manager_section(survey_form(taking_part))
    due = timezone.localdate() + timedelta(days=30)
    survey = survey_send(by=coordinator.user, questionnaire=form, due_on=due)
    assert list(survey.responses.filter(person=line_manager).values_list("role", flat=True)) == [
        "mentor"
    ]


def test_an_end_of_relationship_form_can_have_a_section_for_line_managers(programme, coordinator):
    from evaluations.services.questionnaires import section_save

    section = section_save(
        by=coordinator.user,
        questionnaire=end_form(programme),
        data={"title": "Managers", "addressed_to": "manager"},
    )
    assert section.addressed_to == "manager"


def test_the_confirm_page_counts_and_names_the_line_managers(client, taking_part, coordinator):
    form = manager_section(survey_form(taking_part))
    client.force_login(coordinator.user)
    due = timezone.localdate() + timedelta(days=30)
    page = client.post(
        reverse("evaluations:survey_send", args=[form.pk]), {"due_on": due.isoformat()}
    ).text
    assert "3 people" in page and "and 1 line manager of people taking part" in page


def test_the_coordinator_sees_a_survey_as_a_line_manager_would(client, taking_part, coordinator):
    form = manager_section(survey_form(taking_part))
    client.force_login(coordinator.user)
    page = client.get(reverse("evaluations:questionnaire", args=[form.pk]), {"as": "manager"})
    assert "Did mentoring help your team?" in page.text
    assert "Would you recommend it?" not in page.text


# The mentee's line manager when the relationship ends (000 §10.2: all parties involved are
# consulted for feedback on the process)


def manager_end_form(programme, **fields):
    fields.setdefault("introduction", "Both parties should complete their section.")
    form = manager_section(end_form(programme, **fields))
    form.sections.filter(addressed_to="manager").update(title="For the line manager")
    return form


def test_ending_sends_the_mentees_line_manager_their_form_once_by_email_and_notification(
    active, programme, staff_member, line_manager, django_capture_on_commit_callbacks
):
    manager_end_form(programme)
    with django_capture_on_commit_callbacks(execute=True):
        relationship_end(
            by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING
        )
        assert end_forms_send(relationship=active, members=list(active.members.all())) == []
    mine = Response.objects.get(relationship=active, person=line_manager)
    assert mine.role == "manager" and mine.due_on == timezone.localdate() + timedelta(days=14)
    assert [(name, role) for name, role, _ in sent(active)] == [
        ("Chris", "mentor"),
        ("Jo", "mentee"),
        ("Sam", "manager"),
    ]
    emailed = [m for m in mail.outbox if m.to == [line_manager.work_email]]
    assert len(emailed) == 1 and "evaluation form" in emailed[0].subject
    assert reverse("evaluations:response", args=[mine.pk]) in emailed[0].body
    assert Notification.objects.filter(person=line_manager, about=mine.pk).count() == 1


def test_an_end_form_without_a_section_for_line_managers_does_not_go_to_them(
    active, programme, staff_member, line_manager
):
    end_form(programme)
    relationship_end(by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING)
    assert not Response.objects.filter(person=line_manager).exists()


def test_a_line_manager_who_has_left_is_not_sent_the_form(
    active, programme, staff_member, line_manager
):
    manager_end_form(programme)
    line_manager.is_active = False
    line_manager.save()
    relationship_end(by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING)
    assert [role for _, role, _ in sent(active)] == ["mentor", "mentee"]


def test_the_mentors_line_manager_is_not_sent_the_form(
    active, programme, staff_member, colleague, director
):
    colleague.line_manager = director
    colleague.save()
    manager_end_form(programme)
    relationship_end(by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING)
    assert not Response.objects.filter(person=director).exists()


def test_an_external_mentee_has_no_line_manager_to_send_it_to(
    active, programme, staff_member, line_manager
):
    staff_member.is_external = True
    staff_member.external_organisation = "Suffolk Volunteers"
    staff_member.save()
    manager_end_form(programme)
    relationship_end(by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING)
    assert not Response.objects.filter(person=line_manager).exists()


def test_the_line_manager_at_the_time_it_ends_is_the_one_asked(
    active, programme, staff_member, line_manager, director
):
    staff_member.line_manager = director
    staff_member.save()
    manager_end_form(programme)
    relationship_end(by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING)
    assert Response.objects.filter(person=director, role="manager").exists()
    assert not Response.objects.filter(person=line_manager).exists()


def test_a_line_manager_of_two_mentees_in_a_group_gets_one_form(group, line_manager):
    manager_end_form(group.programme)
    for member in group.members.filter(person__first_name__in=["Ana", "Bo"]):
        member.person.line_manager = line_manager
        member.person.save()
    ana = group.members.get(person__first_name="Ana").person
    relationship_end(by=ana.user, relationship=group, reason="circumstances", **CLOSING)
    assert Response.objects.filter(person=line_manager).count() == 1
    end_forms_send(relationship=group, members=list(group.members.all()))
    assert Response.objects.filter(person=line_manager).count() == 1


def end_and_answer(active, programme, staff_member, colleague):
    """The pair answer the 000-style form; returns the line manager's copy."""
    manager_end_form(programme)
    relationship_end(by=staff_member.user, relationship=active, reason="goals_achieved", **CLOSING)
    for person in (colleague, staff_member):
        response = Response.objects.get(relationship=active, person=person)
        questions = Question.objects.filter(section__questionnaire=response.questionnaire)
        answers = {
            q.pk: 3 if q.kind == "rating" else "A private answer about Jo."
            for q in questions
            if q.section.is_for(response.role)
        }
        response_answer(by=person.user, response=response, answers=answers)
    return Response.objects.get(relationship=active, role="manager")


def test_the_line_manager_answers_only_their_section_and_never_reads_the_pairs_answers(
    client, active, programme, staff_member, colleague, line_manager
):
    theirs = end_and_answer(active, programme, staff_member, colleague)
    client.force_login(line_manager.user)
    url = reverse("evaluations:response", args=[theirs.pk])
    page = client.get(url).text
    assert "Did mentoring help your team?" in page
    assert "the end of mentoring for someone you line manage" in page
    assert "The mentor and mentee do not see your answers, and you do not see theirs." in page
    assert "Both parties should complete" not in page  # the pair's introduction is theirs
    assert "What went well" not in page and "How useful" not in page
    assert "A private answer about Jo." not in page
    assert "confirm" not in page.lower()
    answer = Question.objects.get(
        section__questionnaire=theirs.questionnaire, section__addressed_to="manager"
    )
    client.post(url, {f"question_{answer.pk}": "Jo came back with ideas."})
    theirs.refresh_from_db()
    assert theirs.submitted_at is not None
    page = client.get(url).text
    assert "Jo came back with ideas." in page and "A private answer about Jo." not in page
    assert not outstanding(line_manager).exists()


def test_the_pair_confirm_their_form_without_the_line_manager(
    client, active, programme, staff_member, colleague, line_manager
):
    theirs = end_and_answer(active, programme, staff_member, colleague)
    mine = Response.objects.get(relationship=active, person=staff_member)
    assert {p.person for p in parties_of(mine)} == {colleague, staff_member}
    for person in (colleague, staff_member):
        response_confirm(by=person.user, response=Response.objects.get(person=person))
    client.force_login(staff_member.user)
    page = client.get(reverse("evaluations:response", args=[mine.pk])).text
    assert "it is agreed" in page and "Sam" not in page
    assert theirs.submitted_at is None


def test_the_coordinator_sees_an_end_form_as_the_line_manager_would(client, programme, coordinator):
    form = manager_end_form(programme)
    client.force_login(coordinator.user)
    url = reverse("evaluations:questionnaire", args=[form.pk])
    assert "As a line manager sees it" in client.get(url).text
    page = client.get(url, {"as": "manager"}).text
    assert "Did mentoring help your team?" in page and "How useful was mentoring?" not in page
