"""What people answering forms, and sponsors reading reports, see is in plain words: no policy
codes such as "003 §4.2" or "(000)", which only coordinators know."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Questionnaire, Response
from evaluations.services.questionnaires import questionnaire_from_template
from evaluations.services.responses import survey_send
from evaluations.shipped import SHIPPED
from relationships.services.lifecycle import relationship_end
from tests.matching import accepted, paired, programme_for_matching, went_ahead

from .cohorts import cohort
from .test_reports import answered_form, build
from .test_sending import CLOSING

POLICY_CODE = re.compile(r"§|\b00[0-4]\b")


def codes_on(page):
    """The policy codes in the words of the page's main part."""
    main = re.search(r"<main.*?</main>", page.text, re.S).group(0)
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))
    return [words[max(m.start() - 40, 0) : m.end() + 40] for m in POLICY_CODE.finditer(words)]


@pytest.fixture
def forms_sent(coordinator, colleague, staff_member):
    """Every ready-made form in a programme: Chris and Jo's relationship has ended, so each has
    the end forms, and the survey has gone to everyone taking part."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    for key in SHIPPED:
        questionnaire_from_template(by=coordinator.user, programme=programme, key=key)
    relationship = went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )
    relationship_end(
        by=staff_member.user, relationship=relationship, reason="goals_achieved", **CLOSING
    )
    survey = Questionnaire.objects.get(programme=programme, use="survey")
    due = timezone.localdate() + timedelta(days=14)
    survey_send(by=coordinator.user, questionnaire=survey, due_on=due)
    return programme


def test_forms_to_complete_and_each_form_show_no_policy_code(
    client, forms_sent, colleague, staff_member
):
    for person in (staff_member, colleague):
        client.force_login(person.user)
        mine = Response.objects.filter(person=person)
        assert mine.count() >= 3
        page = client.get(reverse("evaluations:to_complete"))
        assert codes_on(page) == []
        for response in mine:
            page = client.get(reverse("evaluations:response", args=[response.pk]))
            assert page.status_code == 200
            assert codes_on(page) == [], response.questionnaire.title


def test_the_line_managers_end_form_shows_no_policy_code(client, forms_sent, line_manager):
    theirs = Response.objects.get(person=line_manager, role="manager")  # 000's section for them
    client.force_login(line_manager.user)
    page = client.get(reverse("evaluations:response", args=[theirs.pk]))
    assert "What feedback do you have on the mentoring process?" in page.text
    assert codes_on(page) == []


def test_a_form_both_confirm_explains_itself_without_a_policy_code(
    client, forms_sent, staff_member
):
    form = Response.objects.get(person=staff_member, questionnaire__both_confirm=True)
    client.force_login(staff_member.user)
    page = client.get(reverse("evaluations:response", args=[form.pk]))
    assert "confirms it when you agree its content" in page.text
    assert codes_on(page) == []


def test_the_sponsors_report_shows_no_policy_code(
    client, coordinator, sponsor, django_capture_on_commit_callbacks
):
    programme, mentees = cohort(coordinator, name="Evaluated", completed=12)
    answered_form(programme, mentees, rating=4, said_yes=9, wrote="Felt heard")
    report = build(coordinator, programme, django_capture_on_commit_callbacks)
    client.force_login(sponsor.user)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and "Evaluations" in page.text
    assert codes_on(page) == []
    assert codes_on(client.get(reverse("evaluations:reports"))) == []
