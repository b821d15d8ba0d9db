"""Rows for the permission tables in tests/test_page_permissions.py (PAGES) and
tests/test_post_permissions.py (ACTIONS): the responses pages. Keys name `people` records.

`response` is Chris's (staff, the mentor's) copy of the end-of-mentoring form, not yet
answered; the answers are readable by the programme's coordinators only on the answers pages."""

from tests.roles import (
    ALLOWED,
    COORDINATOR_ONLY,
    COORDINATORS_ONLY,
    EVERYONE_SIGNED_IN,
    POST_ONLY,
    ROLES,
    SIGN_IN,
)

# A person's own form: to anyone else it does not exist, the coordinator included.
OWNER_ONLY = dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "staff": 200}

PAGES = {
    "evaluations:to_complete": ({}, EVERYONE_SIGNED_IN),
    "evaluations:response": ({"pk": "response"}, OWNER_ONLY),
    "evaluations:response_confirm": ({"pk": "response"}, POST_ONLY),
    "evaluations:survey_send": ({"pk": "survey_questionnaire"}, COORDINATORS_ONLY),
    # The answers: the programme's coordinators; to anyone else they do not exist.
    "evaluations:answers": (
        {"pk": "questionnaire"},
        dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "coordinator": 200},
    ),
    "evaluations:answers_by_person": (
        {"pk": "questionnaire"},
        dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "coordinator": 200},
    ),
}

NOT_THEIRS = {"line_manager": 404, "sponsor": 404, "coordinator": 404}

ACTIONS = {
    # Chris sends nothing: the form comes back with "Answer this question" next to it.
    "evaluations:response": ("response", {}, NOT_THEIRS | {"staff": 200}),
    # Chris cannot confirm before answering: refused with a message, back to the form, without
    # a confirm page.
    "evaluations:response_confirm": ("response", {}, NOT_THEIRS | {"staff": ALLOWED}),
    # Sending asks first, saying how many people it emails: this posts the confirm page's answer.
    "evaluations:survey_send": (
        "survey_questionnaire",
        {"due_on": "2099-01-31", "confirmed": "yes"},
        COORDINATOR_ONLY,
    ),
}
