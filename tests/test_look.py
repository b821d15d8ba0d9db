"""The design system, the organisation's brand and the navigation: built from their sources,
and offering each role only what it may open."""

import json
import re
from pathlib import Path

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse

from mentoring.navigation import MANAGE
from tests.roles import ROLES
from tests.test_page_permissions import PAGES

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
# Bootstrap's class names, none of which GOV.UK Frontend or MOJ Frontend uses.
BOOTSTRAP = re.compile(
    r"btn|btn-[a-z-]+|row|col|col-[a-z0-9-]+|card|card-[a-z]+|badge|alert|alert-[a-z]+|"
    r"form-control|form-select|form-label|form-check[a-z-]*|table|table-[a-z]+|d-flex|d-none|"
    r"text-body-secondary|visually-hidden|container|m[tbsexy]?-[0-5]|p[tbsexy]?-[0-5]|h[1-6]"
)
CLASSES = re.compile(r'class="([^"]*)"')


def test_the_compiled_stylesheet_is_built_from_the_packages_frontend_names():
    wanted = json.loads((ROOT / "frontend" / "package.json").read_text())["dependencies"]
    banner = (ROOT / "static" / "css" / "site.css").read_text().splitlines()[0]
    assert f"govuk-frontend {wanted['govuk-frontend']}," in banner
    assert f"@ministryofjustice/frontend {wanted['@ministryofjustice/frontend']} " in banner
    assert "GDS Transport" not in (ROOT / "static" / "css" / "site.css").read_text()


def test_no_template_carries_a_bootstrap_class():
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "templates").rglob("*.html")
        if "pdf" not in path.parts and "admin" not in path.parts
        for match in CLASSES.finditer(path.read_text())
        for name in match.group(1).split()
        if BOOTSTRAP.fullmatch(name)
    ]
    assert found == []


@override_settings(ORGANISATION_COLOUR="#00703C")
def test_the_brand_stylesheet_carries_the_organisations_colour(client):
    response = client.get(reverse("brand_css"))
    assert response["Content-Type"] == "text/css"
    assert "--app-brand-colour:#00703c" in response.text


@pytest.mark.parametrize("colour", ["#ffdd00", "red", "#12345", "#1d70b8;}body{display:none"])
def test_a_colour_white_text_cannot_be_read_on_is_refused(client, colour):
    with override_settings(ORGANISATION_COLOUR=colour):
        assert "--app-brand-colour:#1d70b8}" in client.get(reverse("brand_css")).text
        assert [m.id for m in run_checks() if m.id == "mentoring.W001"] == ["mentoring.W001"]


def test_a_readable_colour_passes_the_check():
    with override_settings(ORGANISATION_COLOUR="#0b0c0c"):
        assert [m for m in run_checks() if m.id == "mentoring.W001"] == []


@override_settings(ORGANISATION_NAME="Babergh Example Council")
def test_every_page_names_the_organisation_and_who_is_signed_in(client, staff_member):
    client.force_login(staff_member.user)
    text = client.get(reverse("home")).text
    assert "Babergh Example Council" in text
    assert staff_member.full_name in text


def menu_links(text):
    nav = re.search(r'<nav aria-label="Menu".*?</nav>', text, re.S).group(0)
    sub = re.search(r'<nav class="moj-sub-navigation.*?</nav>', text, re.S)
    return re.findall(r'href="([^"]+)"', nav + (sub.group(0) if sub else ""))


PAGE_OF = {reverse(name): name for name, (kwargs, _) in PAGES.items() if not kwargs}


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_navigation_offers_each_role_only_pages_it_may_open(client, people, role):
    client.force_login(people[role].user)
    for start in ["home", "evaluations:dashboard"]:
        response = client.get(reverse(start))
        if response.status_code != 200:
            continue
        for href in menu_links(response.text):
            expected = PAGES[PAGE_OF[href]][1][role]
            assert expected == 200, f"{role} is offered {href}, which answers {expected}"


def test_a_member_of_staff_sees_no_manage_level(client, people):
    client.force_login(people["staff"].user)
    text = client.get(reverse("home")).text
    assert "Manage" not in menu_links(text) and 'aria-label="Manage"' not in text


def test_a_coordinator_finds_the_manage_level_on_its_pages(client, people):
    client.force_login(people["coordinator"].user)
    text = client.get(reverse("evaluations:dashboard")).text
    sub = re.search(r'<nav class="moj-sub-navigation.*?</nav>', text, re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", sub) == [item.label for item in MANAGE.items]
    assert 'aria-current="page">Dashboard</a>' in sub
    assert 'aria-label="Manage"' not in client.get(reverse("relationships:mine")).text


@override_settings(ORGANISATION_LOGO="favicon.svg", ORGANISATION_NAME="Babergh Example Council")
def test_the_logo_heads_the_page_named_for_the_organisation(client):
    text = client.get(reverse("login")).text
    assert re.search(
        r'<img class="app-header__logo" src="/static/favicon.svg" alt="Babergh Example Council">',
        text,
    )
    assert [m for m in run_checks() if m.id == "mentoring.E002"] == []


@override_settings(ORGANISATION_LOGO="img/missing-logo.svg")
def test_a_logo_that_is_not_there_is_refused_by_the_checks():
    assert [m.id for m in run_checks() if m.id == "mentoring.E002"] == ["mentoring.E002"]


class EveryKindOfBox(forms.Form):
    words = forms.CharField()
    count = forms.IntegerField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    link = forms.URLField()
    file = forms.FileField()


def test_every_kind_of_box_a_form_draws_has_the_design_systems_look():
    html = render_crispy_form(EveryKindOfBox())
    for name in ("words", "count", "day", "at", "link"):
        box = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group()
        assert "govuk-input" in box, box
    assert "govuk-file-upload" in re.search(r'<input[^>]*name="file"[^>]*>', html).group()
