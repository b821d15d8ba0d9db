"""Reciprocal mentoring (004 "Roles": each takes "both the role of mentee and mentor"): pages
name both people as mentor and mentee, and their evaluation asks each of them about both
roles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Response
from evaluations.services.questionnaires import questionnaire_from_template
from evaluations.services.responses import questions_for, survey_send
from evaluations.shipped import SHIPPED
from relationships.services.lifecycle import relationship_end
from tests.matching import accepted, paired, programme_for_matching, went_ahead

CLOSING = {"learned": "How to delegate.", "next_steps": "Apply for the team leader post."}


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(
        coordinator, mentoring_model="reciprocal", mentor_capacity=1, agreement_required=False
    )


@pytest.fixture
def relationship(programme, colleague, staff_member):
    return went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )


def test_the_relationship_page_names_both_as_mentor_and_mentee(client, relationship, colleague):
    client.force_login(colleague.user)
    html = client.get(reverse("relationships:detail", args=[relationship.pk])).text
    assert "Chris Taylor, mentor and mentee" in html
    assert f"{relationship.members.get(role='mentee').person.full_name}, mentor and mentee" in html
    assert ", mentor<" not in html and ", mentee<" not in html


def test_my_mentoring_names_both_roles(client, relationship, staff_member):
    client.force_login(staff_member.user)
    html = client.get(reverse("relationships:mine")).text
    assert "Chris Taylor (mentor and mentee)" in html


def test_a_one_to_one_relationship_still_names_each_role(
    client, coordinator, colleague, staff_member
):
    programme = programme_for_matching(coordinator, agreement_required=False)
    relationship = went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )
    client.force_login(colleague.user)
    html = client.get(reverse("relationships:detail", args=[relationship.pk])).text
    assert "Chris Taylor, mentor" in html and "mentor and mentee" not in html


def test_each_person_is_asked_about_both_roles_when_it_ends(
    programme, relationship, coordinator, staff_member, django_capture_on_commit_callbacks
):
    questionnaire_from_template(by=coordinator.user, programme=programme, key="004-end")
    with django_capture_on_commit_callbacks(execute=True):
        relationship_end(
            by=staff_member.user, relationship=relationship, reason="goals_achieved", **CLOSING
        )
    responses = list(Response.objects.filter(relationship=relationship))
    assert [r.role for r in responses] == ["both", "both"]
    asked = {q.text for q in questions_for(responses[0], responses[0].questionnaire.sections.all())}
    assert "Which of these benefits have you gained from mentoring?" in asked
    assert "Which of these benefits have you gained from being mentored?" in asked
    assert len(asked) == sum(len(s["questions"]) for s in SHIPPED["004-end"]["sections"])


def test_the_annual_survey_asks_each_about_both_roles(
    programme, relationship, coordinator, colleague, staff_member
):
    survey = questionnaire_from_template(by=coordinator.user, programme=programme, key="004")
    due = timezone.localdate() + timedelta(days=30)
    sent = survey_send(by=coordinator.user, questionnaire=survey, due_on=due)
    assert {r.person: r.role for r in sent.responses.all()} == {
        colleague: "both",
        staff_member: "both",
    }
