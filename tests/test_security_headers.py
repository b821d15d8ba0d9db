import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "style-src 'self'" in policy


def test_pages_carry_the_other_protective_headers(client):
    response = client.get(reverse("login"))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_design_system_is_served_from_our_own_static_files(client):
    response = client.get(reverse("login"))
    assert "/static/css/site.css" in response.text
    assert "/static/js/portal.mjs" in response.text
    assert "cdn" not in response.text.lower()
    assert "bootstrap" not in response.text.lower()


def test_the_navigation_marks_only_the_current_page(client, line_manager, staff_member):
    client.force_login(line_manager.user)
    response = client.get(reverse("programmes:approvals"))
    assert response.text.count('aria-current="page"') == 1
    assert re.search(r'aria-current="page">\s*<strong[^>]*>Your team<', response.text)


@pytest.mark.parametrize("path", ["/static/css/site.css", "/static/staff-import-template.csv"])
def test_static_files_carry_the_same_protective_headers_as_pages(client, path):
    page = client.get(reverse("login"))
    response = client.get(path)
    assert response.status_code == 200
    assert type(response).__name__ == "WhiteNoiseFileResponse"
    for header in [
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
        "Cross-Origin-Opener-Policy",
    ]:
        assert response.headers.get(header) == page.headers.get(header), header
