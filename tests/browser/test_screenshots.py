"""The README's screenshots, taken from the demo at desktop and phone width: always into
var/screenshots/, and into docs/ (the files the README shows) with SCREENSHOTS=1
(`make screenshots`)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentoring.people.demo import DOMAIN, PASSWORD
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"": {"width": 1366, "height": 900}, "-phone": {"width": 390, "height": 844}}


def _shots():
    """Each screenshot: its name, who is signed in, the page and the heading it shows."""
    from programmes.models import Programme
    from relationships.models import Relationship

    scheme = Programme.objects.get(name="West Suffolk mentoring scheme")
    jo_and_chris = Relationship.objects.get(programme=scheme, status="active")
    return [
        ("home", "chris.taylor", reverse("home")),
        ("dashboard", "alex.morgan", reverse("evaluations:dashboard")),
        ("matching", "alex.morgan", reverse("relationships:matching", args=[scheme.pk])),
        ("relationship", "jo.evans", reverse("relationships:detail", args=[jo_and_chris.pk])),
    ]


def test_the_readme_screenshots_are_taken_from_the_demo(browser, live_server, settings):
    settings.ORGANISATION_NAME = "Demo District Council"  # as `make run` names it
    call_command("load_demo", force=True)
    folders = [Path(settings.BASE_DIR) / "var" / "screenshots"]
    if os.environ.get("SCREENSHOTS") == "1":
        folders.append(Path(settings.BASE_DIR) / "docs")
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for suffix, viewport in WIDTHS.items():
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        page = context.new_page()
        signed_in = None
        for name, person, url in _shots():
            if person != signed_in:
                context.clear_cookies()
                sign_in(page, f"{person}@{DOMAIN}", PASSWORD)
                page.get_by_role("heading", level=1).wait_for()
                signed_in = person
            response = page.goto(url)
            assert response.status == 200, f"{name}: {response.status}"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                too_wide.append(f"{name}{suffix}: {width} px")
            for folder in folders:
                path = folder / f"screenshot-{name}{suffix}.png"
                # The first screen, as someone opening the page sees it.
                page.screenshot(path=path)
        context.close()
    assert not too_wide, f"wider than the screen: {', '.join(too_wide)}"
