"""The labels and hints of every form are in plain words: a policy code such as "003 §4.2",
"(MATCH-4)" or "004 Annex A" stays in the model's help text, which only the admin site shows,
unless the form is one only coordinators use (docs/pages.md: they may see where a rule comes
from, as a note)."""

import importlib
import inspect
import pkgutil
import re

from django import forms

from evaluations.forms.questionnaires import QuestionnaireForm

POLICY_CODE = re.compile(
    r"§|\b00[0-4]\b|\b(?!UTF)[A-Z]{2,6}-\d+\b|Annex|Appendix|Resource \d|Pitfall"
)
APPS = ["mentoring", "programmes", "relationships", "evaluations"]
COORDINATORS_ONLY = {QuestionnaireForm}


def every_form():
    found = set()
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if "forms" not in module.name or ".tests" in module.name:
                continue
            loaded = importlib.import_module(module.name)
            for _, cls in inspect.getmembers(loaded, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__:
                    found.add(cls)
    return found


def codes_in(form):
    return [
        f"{form.__name__}.{name}: {words}"
        for name, field in form.base_fields.items()
        for words in (str(field.label or ""), str(field.help_text or ""))
        if POLICY_CODE.search(words)
    ]


def test_the_forms_are_found():
    assert len(every_form()) > 40


def test_no_form_people_fill_in_shows_a_policy_code():
    shown = [code for form in every_form() - COORDINATORS_ONLY for code in codes_in(form)]
    assert shown == []


def test_the_models_keep_their_policy_codes_for_the_admin_site():
    from relationships.models import Agreement, Member

    assert "MATCH-4" in Member._meta.get_field("goes_ahead").help_text
    assert "004 Annex A" in Agreement._meta.get_field("expectations").help_text
