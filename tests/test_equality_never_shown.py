"""Plant marker answers for everyone, then open every page as every role: no marker may show.
Equality answers are for anonymised reports only (PEOPLE-2)."""

import pytest
from django.urls import reverse

from mentoring.people.equality import equality_answers_save
from tests.crawling import response_text
from tests.test_page_permissions import PAGES, ROLES

MARKERS = {
    "ethnicity": "other",
    "ethnicity_other": "MARKER-ETHNICITY",
    "religion": "other",
    "religion_other": "MARKER-RELIGION",
    "sexual_orientation": "other",
    "sexual_orientation_other": "MARKER-ORIENTATION",
}


# A person's download of their own data gives their own answers back, to them alone
# (mentoring/people/tests/test_my_data.py); every other page must not.
OWN_DATA = {"my_data_json", "my_data_pdf"}


@pytest.fixture
def planted(people, staff_member):
    for person in [staff_member, *(people[role] for role in ROLES[1:])]:
        equality_answers_save(by=person.user, answers=MARKERS)


def assert_no_marker(text, where):
    for marker in ["MARKER-ETHNICITY", "MARKER-RELIGION", "MARKER-ORIENTATION"]:
        assert marker not in text, where


@pytest.mark.parametrize("role", ROLES[1:])
def test_no_page_shows_equality_answers_to_any_role(client, people, planted, role):

    client.force_login(people[role].user)
    for page, (kwargs, _expected) in PAGES.items():
        if page in OWN_DATA:
            continue
        kwargs = {k: (people[v].pk if v in people else v) for k, v in kwargs.items()}
        response = client.get(reverse(page, kwargs=kwargs))
        assert_no_marker(response_text(response), f"{page} as {role}")


def test_no_admin_page_shows_equality_answers(admin_client, people, planted):
    index = admin_client.get(reverse("admin:index"))
    assert_no_marker(index.text, "admin index")
    for model in index.context["app_list"]:
        for entry in model["models"]:
            response = admin_client.get(entry["admin_url"])
            assert_no_marker(response.content.decode(), entry["admin_url"])
