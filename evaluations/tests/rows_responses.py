"""Rows for the permission tables in tests/test_page_permissions.py (PAGES) and
tests/test_post_permissions.py (ACTIONS): the responses pages. Keys name `people` records."""

PAGES = {}
ACTIONS = {}
