"""Rows for the permission tables in tests/test_page_permissions.py (PAGES) and
tests/test_post_permissions.py (ACTIONS): the dashboard pages. Keys name `people` records."""

from tests.roles import COORDINATORS_ONLY

PAGES = {
    # Every programme the coordinator runs: coordinators only.
    "evaluations:dashboard": ({}, COORDINATORS_ONLY),
    # The directory programme, run by the coordinator: its own coordinators only; the sponsor
    # reads anonymised reports, never the dashboard.
    "evaluations:programme_dashboard": ({"pk": "directory_programme"}, COORDINATORS_ONLY),
}
ACTIONS = {}  # the dashboard only reads
