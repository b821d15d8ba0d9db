"""Confidential pages and downloads are never kept by a browser or a cache on the way: every
response to a signed-in person says `Cache-Control: no-store`."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.test_page_permissions import PAGES

pytestmark = pytest.mark.django_db

CONFIDENTIAL = [
    "relationships:detail",  # the workspace
    "relationships:log",
    "relationships:plan",
    "relationships:plan_pdf",
    "relationships:agreement_pdf",
    "relationships:meeting_invite",  # .ics
    "profile",
    "my_data_json",
    "my_data_pdf",
    "evaluations:report_csv",
    "evaluations:report_pdf",
    "audit:search",
]


def reader_of(page):
    """The first role that may open `page`, and its address."""
    kwargs, expected_by_role = PAGES[page]
    role = next(role for role, expected in expected_by_role.items() if expected == 200)
    return role, kwargs


@pytest.mark.parametrize("page", CONFIDENTIAL)
def test_a_confidential_page_or_download_is_never_stored(client, people, page):
    role, kwargs = reader_of(page)
    client.force_login(people[role].user)
    url = reverse(page, kwargs={k: (people[v].pk if v in people else v) for k, v in kwargs.items()})
    response = client.get(url)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_redirect_after_a_change_is_not_stored_either(client, people):
    client.force_login(people["staff"].user)
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_the_sign_in_page_is_not_stored_for_anyone(client):
    # Django's sign-in view already says so: it carries a CSRF token and, after a mistake,
    # the address someone typed.
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_stay_cacheable_for_a_signed_in_person(client, staff_member):
    assert finders.find("css/site.css")
    client.force_login(staff_member.user)
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
