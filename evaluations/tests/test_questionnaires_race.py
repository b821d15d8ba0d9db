"""Two coordinators changing an answered questionnaire at the same moment: one makes the next
version, the other is told to change that one; never two versions 2 (EVAL-1)."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import Questionnaire
from evaluations.services.questionnaires import questionnaire_update
from evaluations.tests import test_questionnaires
from tests.concurrency import POSTGRESQL_ONLY, at_once

programme = test_questionnaires.programme
form = test_questionnaires.form
relationship = test_questionnaires.relationship
answered = test_questionnaires.answered

pytestmark = POSTGRESQL_ONLY


@pytest.mark.parametrize("round_", range(3))
def test_two_changes_at_once_make_one_next_version(form, answered, coordinator, round_):
    def change(title):
        return questionnaire_update(by=coordinator.user, questionnaire=form, data={"title": title})

    outcomes = at_once(change, ["First", "Second"])
    made = [o for o in outcomes if isinstance(o, Questionnaire)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert "earlier version" in " ".join(refused[0].messages)
    versions = list(Questionnaire.objects.order_by("version").values_list("version", "is_current"))
    assert versions == [(1, False), (2, True)]
    answered["pending"].refresh_from_db()
    assert answered["pending"].questionnaire == made[0]
