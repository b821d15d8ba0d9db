"""Error pages in plain words, with a way on: GOV.UK's "Page not found" pattern."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_what_to_check_and_leads_home(client, staff_member):
    client.force_login(staff_member.user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "If you typed the web address, check it is correct." in response.text
    assert f'href="{reverse("home")}"' in response.text


def test_a_refused_page_says_who_it_is_for_and_leads_home(client, staff_member):
    client.force_login(staff_member.user)
    response = client.get(reverse("people:staff_list"))
    assert response.status_code == 403
    assert "You cannot see this page" in response.text
    assert "ask your mentoring coordinator" in response.text
    assert "403" not in response.text.split("<main", 1)[1]


def test_a_server_error_page_stands_alone_in_plain_words():
    page = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in page
    assert "Nothing you saved before this page was lost." in page
