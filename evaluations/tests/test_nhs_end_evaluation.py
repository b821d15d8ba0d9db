"""004: "At the end of a mentoring relationship and annually the organisation will evaluate
the success of the mentoring service." The NHS presets bring an end-of-relationship
evaluation besides the annual survey, and ending a relationship sends it to both people."""

import pytest
from django.core import mail

from evaluations.models import Response
from evaluations.shipped import SHIPPED
from programmes.models import Programme
from programmes.presets import PRESETS
from programmes.services.programmes import programme_create, programme_set_status
from relationships.services.lifecycle import relationship_end
from tests.matching import accepted, paired, went_ahead

from .test_shipped import questions, seed_text

CLOSING = {"learned": "How to delegate.", "next_steps": "Apply for the team leader post."}


def test_the_end_evaluation_is_004s_and_quotes_it():
    template = SHIPPED["004-end"]
    assert (template["seed"], template["use"]) == ("004", "end")
    text = seed_text("004")
    assert template["introduction"] in text
    sources = {q["source"] for q in questions("004-end")}
    assert "If the relationship has achieved its objective" in sources
    assert "evaluate the success of the mentoring service" in sources
    assert [s["addressed_to"] for s in template["sections"]] == ["both", "mentor", "mentee"]


@pytest.mark.parametrize("preset", ["nhs-traditional", "nhs-reciprocal"])
def test_an_nhs_programme_starts_with_the_end_evaluation_and_the_annual_one(coordinator, preset):
    programme = programme_create(
        by=coordinator.user,
        programme=Programme(name="NHS mentoring", purpose="Mentoring.", **PRESETS[preset]["rules"]),
        preset=preset,
    )
    uses = dict(programme.questionnaires.values_list("shipped_from", "use"))
    assert uses == {"004": "survey", "004-end": "end"}


def test_ending_an_nhs_relationship_sends_both_people_the_end_evaluation(
    coordinator, colleague, staff_member, django_capture_on_commit_callbacks
):
    rules = PRESETS["nhs-traditional"]["rules"] | {
        "mentor_training_required": False,
        "agreement_required": False,
        "matching_mode": "coordinator",
    }
    programme = programme_create(
        by=coordinator.user,
        programme=Programme(name="NHS mentoring", purpose="Mentoring.", **rules),
        preset="nhs-traditional",
    )
    programme = programme_set_status(by=coordinator.user, programme=programme, status="open")
    relationship = went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        relationship_end(
            by=staff_member.user, relationship=relationship, reason="goals_achieved", **CLOSING
        )
    sent = Response.objects.filter(relationship=relationship)
    assert sorted(sent.values_list("role", "questionnaire__shipped_from")) == [
        ("mentee", "004-end"),
        ("mentor", "004-end"),
    ]
    emailed = sorted(m.to[0] for m in mail.outbox if "evaluation form" in m.subject)
    assert emailed == sorted([colleague.work_email, staff_member.work_email])
