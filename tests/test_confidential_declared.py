"""Declare once (issue 18): every text field of every model of ours says whether it is
confidential, and each declaration names real fields and paths."""

import pytest
from django.db import models
from django.test.utils import isolate_apps

from mentoring.confidential import Confidential, declared, project_models, unclassified
from mentoring.people.models import StaffMember
from relationships.models import Relationship
from relationships.permissions import Content


def test_every_text_field_of_every_model_is_classified():
    assert len(list(project_models())) > 30
    assert {m._meta.label: unclassified(m) for m in project_models() if unclassified(m)} == {}


@isolate_apps("relationships")
def test_a_model_that_gains_a_text_field_nobody_classified_is_found():
    class Diary(models.Model):
        CONFIDENTIAL = Confidential(content="meeting log", text=("entry",))
        entry = models.TextField()
        mood = models.CharField(max_length=20)
        kind = models.CharField(max_length=20, choices=[("a", "A")])

        class Meta:
            app_label = "relationships"

        def __str__(self):
            return "A diary"

    assert unclassified(Diary) == ["mood"]


def _target(model, path):
    for step in path.split("__"):
        model = model._meta.get_field(step).related_model
    return model


@pytest.mark.parametrize("model, said", declared(), ids=lambda x: getattr(x, "__name__", ""))
def test_a_declaration_names_real_fields_and_paths(model, said):
    for name in said.hidden:
        model._meta.get_field(name)
    assert set(said.says_erased) <= set(said.text)
    assert said.erase in ("blank", "delete", None)
    if said.relationship:
        assert _target(model, said.relationship) is Relationship
    if said.author:
        assert _target(model, said.author) is StaffMember
    if said.written_at:
        *path, last = said.written_at.split("__")
        owner = _target(model, "__".join(path)) if path else model
        assert isinstance(owner._meta.get_field(last), models.DateTimeField)
    if said.dated:
        assert _target(model, said.programme)._meta.label == "programmes.Programme"


def test_what_is_said_in_a_relationship_is_a_kind_the_reader_knows():
    kinds = {
        said.content
        for model, said in declared()
        if said.relationship
        and not callable(said.content)
        and model._meta.app_label != "evaluations"
    }
    assert kinds - set(Content.values) == {"mentor request"}
