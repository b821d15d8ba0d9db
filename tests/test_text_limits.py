"""Issue 18 §12: everything people type has a limit, declared once on the model and derived by
its forms; past it the page says so beside the field and nothing changes."""

import inspect
from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from mentoring.fields import LimitedTextField
from programmes.models import Application
from relationships.models import ActionPlan
from relationships.services.plans import plan_save
from tests.matching import accepted, paired, programme_for_matching

OURS = ("mentoring", "programmes", "relationships", "evaluations")
FORM_MODULES = [
    "mentoring.people.forms",
    "mentoring.notifications.forms",
    "programmes.forms",
    "relationships.forms.agreements",
    "relationships.forms.care",
    "relationships.forms.logs",
    "relationships.forms.plans",
    "relationships.forms.relationships",
    "evaluations.forms.questionnaires",
    "evaluations.forms.reports",
    "evaluations.forms.responses",
]
# Built again in the form's __init__, where each of its boxes has a limit of 300 characters.
LIMITED_WHEN_BUILT = {"AgreementForm.aims"}


def our_models():
    return [m for m in apps.get_models() if m.__module__.split(".")[0] in OURS]


def test_every_text_field_on_our_models_has_a_limit_the_model_checks():
    unlimited = [
        f"{model.__name__}.{field.name}"
        for model in our_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and not isinstance(field, LimitedTextField)
    ]
    assert unlimited == []


def test_every_text_box_on_our_forms_has_a_limit():
    unlimited = []
    for module in map(import_module, FORM_MODULES):
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.CharField) and field.max_length is None:
                    unlimited.append(f"{name}.{field_name}")
    assert set(unlimited) == LIMITED_WHEN_BUILT


@pytest.fixture
def mentee_member(coordinator, colleague, staff_member):
    programme = programme_for_matching(coordinator)
    mentor = accepted(programme, colleague, "mentor")
    relationship = paired(mentor, accepted(programme, staff_member, "mentee"))
    return relationship.members.get(role="mentee")


def test_a_service_refuses_a_483_kb_comment_even_without_a_form(mentee_member, staff_member):
    with pytest.raises(ValidationError) as refused:
        plan_save(
            by=staff_member.user,
            mentee=mentee_member,
            data={"long_term_goal": "Lead a team.", "comments": "x" * 483_000},
        )
    assert "comments" in refused.value.message_dict
    assert not ActionPlan.objects.exists()


def test_a_long_note_asking_for_a_review_is_refused_and_nothing_is_sent(
    client, open_programme, staff_member
):
    application = Application.objects.create(
        programme=open_programme, applicant=staff_member, role="mentee", status="manager_declined"
    )
    client.force_login(staff_member.user)
    response = client.post(
        reverse("programmes:review", args=[application.pk]),
        {"note": "x" * 5_001},
        follow=True,
    )
    assert "Ensure this value has at most 5000 characters (it has 5001)." in response.text
    application.refresh_from_db()
    assert (application.status, application.confidential_note) == ("manager_declined", "")


def test_a_form_past_the_request_size_limit_is_a_bad_request_not_an_error(
    client, open_programme, staff_member
):
    application = Application.objects.create(
        programme=open_programme, applicant=staff_member, role="mentee", status="manager_declined"
    )
    client.force_login(staff_member.user)
    response = client.post(
        reverse("programmes:review", args=[application.pk]), {"note": "x" * 2_700_000}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "manager_declined"
