"""Rows for the permission tables in tests/test_page_permissions.py (PAGES) and
tests/test_post_permissions.py (ACTIONS): the questionnaires pages. Keys name `people` records.

The questionnaire belongs to the directory programme, which the coordinator runs; everyone
else can see that programme but not build its questionnaires."""

from tests.roles import COORDINATOR_ONLY, COORDINATORS_ONLY, POST_ONLY

CONFIRMED = {"confirmed": "yes"}

PAGES = {
    # Every programme the coordinator runs, with its questionnaires.
    "evaluations:questionnaires": ({}, COORDINATORS_ONLY),
    **{
        f"evaluations:{name}": ({"pk": target}, COORDINATORS_ONLY)
        for name, target in [
            ("questionnaire_list", "directory_programme"),
            ("questionnaire_add", "directory_programme"),
            ("questionnaire", "questionnaire"),
            ("questionnaire_edit", "questionnaire"),
            ("section_add", "questionnaire"),
            ("section_edit", "section"),
            ("question_add", "section"),
            ("question_edit", "question"),
        ]
    },
    **{
        f"evaluations:{name}": ({"pk": target}, POST_ONLY)
        for name, target in [
            ("questionnaire_retire", "questionnaire"),
            ("section_delete", "section"),
            ("question_delete", "question"),
        ]
    },
}

ACTIONS = {
    "evaluations:questionnaire_add": ("directory_programme", {"template": "000"}, COORDINATOR_ONLY),
    "evaluations:questionnaire_edit": (
        "questionnaire",
        {"title": "End of mentoring review", "use": "end", "introduction": "Changed."},
        COORDINATOR_ONLY,
    ),
    # Retiring and deleting ask first: these post the confirm page's answer.
    "evaluations:questionnaire_retire": ("questionnaire", CONFIRMED, COORDINATOR_ONLY),
    "evaluations:section_add": (
        "questionnaire",
        {"title": "Section C", "addressed_to": "both"},
        COORDINATOR_ONLY,
    ),
    "evaluations:section_edit": (
        "section",
        {"title": "Section B, for the mentee", "addressed_to": "mentee", "order": 2},
        COORDINATOR_ONLY,
    ),
    "evaluations:section_delete": ("section", CONFIRMED, COORDINATOR_ONLY),
    "evaluations:question_add": (
        "section",
        {"text": "Anything else?", "kind": "text"},
        COORDINATOR_ONLY,
    ),
    "evaluations:question_edit": (
        "question",
        {"text": "How would you rate it now?", "kind": "rating", "choices": "Poor\nGood"},
        COORDINATOR_ONLY,
    ),
    "evaluations:question_delete": ("question", CONFIRMED, COORDINATOR_ONLY),
}
