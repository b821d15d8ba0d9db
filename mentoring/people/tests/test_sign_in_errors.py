"""Sign-in and password pages say what is wrong the GOV.UK way: a summary at the top whose
links go to the field, and the same words beside the field; lockout in plain words."""

import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def summary_links(page):
    """The error summary's links, as (target, words)."""
    summary = re.search(r'class="govuk-error-summary".*?</ul>', page, re.S)
    assert summary, "no error summary"
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))


def beside(page, field_id):
    """The error message shown with a field."""
    found = re.search(rf'id="{field_id}_1_error"[^>]*>\s*<span[^>]*>Error:</span>\s*([^<]+)', page)
    return found.group(1).strip() if found else ""


def test_a_wrong_password_is_summarised_and_shown_beside_the_email(client, staff_member):
    response = client.post(
        reverse("login"), {"username": staff_member.work_email, "password": "wrong-password"}
    )
    words = "The email address or password is not right. Check both and try again."
    assert summary_links(response.text) == [("id_username", words)]
    assert beside(response.text, "id_username") == words
    assert response.text.index("govuk-error-summary") < response.text.index("<h1")
    assert "<title>Error: Sign in" in response.text
    assert "_auth_user_id" not in client.session


def test_an_empty_sign_in_asks_for_each_field(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert summary_links(response.text) == [
        ("id_username", "Enter your work email address"),
        ("id_password", "Enter your password"),
    ]
    assert beside(response.text, "id_password") == "Enter your password"


def test_a_password_reset_without_an_address_asks_for_it(client):
    response = client.post(reverse("password_reset"), {"email": ""})
    assert summary_links(response.text) == [("id_email", "Enter your work email address")]


def test_a_wrong_current_password_is_summarised_beside_its_field(client, staff_member):
    client.force_login(staff_member.user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "a-long-new-pass",
            "new_password2": "a-long-new-pass",
        },
    )
    [(target, _)] = summary_links(response.text)
    assert target == "id_old_password" and beside(response.text, "id_old_password")
    staff_member.user.refresh_from_db()
    assert staff_member.user.check_password(PASSWORD)


def test_a_lockout_says_how_long_to_wait_in_plain_words(client, staff_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": staff_member.work_email, "password": "x"})
    response = client.post(
        reverse("login"), {"username": staff_member.work_email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "You have tried to sign in too many times" in response.text
    assert "Wait 15 minutes, then try again" in response.text
    assert reverse("password_reset") in response.text
