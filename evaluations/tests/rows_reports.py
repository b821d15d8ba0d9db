"""Rows for the permission tables in tests/test_page_permissions.py (PAGES) and
tests/test_post_permissions.py (ACTIONS): the reports pages. Keys name `people` records."""

from datetime import date

from evaluations.reports import financial_year
from tests.roles import ALLOWED, SIGN_IN

# Coordinators and sponsors read reports; to anyone else a report does not exist.
READERS = {
    "anonymous": SIGN_IN,
    "staff": 404,
    "line_manager": 404,
    "sponsor": 200,
    "coordinator": 200,
}

PAGES = {
    "evaluations:reports": ({}, READERS | {"staff": 403, "line_manager": 403}),
    "evaluations:report": ({"pk": "monitoring_report"}, READERS),
    "evaluations:report_pdf": ({"pk": "monitoring_report"}, READERS),
    "evaluations:report_csv": ({"pk": "monitoring_report"}, READERS),
}

# Only a coordinator asks for a report; a sponsor reads them and nothing else.
ACTIONS = {
    "evaluations:reports": (
        None,
        {"scope": "all", "year": financial_year(date.today())[0].isoformat()},
        {"staff": 403, "line_manager": 403, "sponsor": 403, "coordinator": ALLOWED},
    ),
}
