"""Playwright driving Debian's Chromium (never a downloaded browser) against the live server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_AA = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
        ],
    }
}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


PHONE = {"width": 390, "height": 844}


def _watched_page(context):
    """A new tab that keeps the console errors and page errors it meets."""
    page = context.new_page()
    page.console_problems = []
    page.on("console", lambda m: m.type == "error" and page.console_problems.append(m.text))
    page.on("pageerror", lambda e: page.console_problems.append(str(e)))
    return page


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    yield _watched_page(context)
    context.close()


@pytest.fixture
def window(browser, live_server):
    """Opens a tab `width` px wide (as high as a phone), closed after the test."""
    contexts = []

    def open_tab(width):
        viewport = PHONE | {"width": width}
        contexts.append(browser.new_context(base_url=live_server.url, viewport=viewport))
        return _watched_page(contexts[-1])

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def phone(window):
    """A tab the size of a 390 px phone."""
    return window(PHONE["width"])


@pytest.fixture
def pair(coordinator, colleague, staff_member):
    """Colleague mentoring staff_member, paired and not yet under way, in a programme that asks
    for no agreement."""
    from tests.matching import accepted, paired, programme_for_matching

    programme = programme_for_matching(coordinator, agreement_required=False)
    return paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )


def fits(page):
    """Assert the page does not scroll sideways: no wider than its window."""
    window = page.viewport_size["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= window, f"{page.url} is {width} px wide in a {window} px window"


@pytest.fixture
def check_page():
    """Assert the page in front of the browser passes axe's WCAG 2.2 AA rules and broke no
    Content-Security-Policy (any inline script or style shows up as a console error)."""
    axe = Axe()

    def check(page):
        page.wait_for_load_state()
        results = axe.run(page, options=WCAG_AA)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
        assert page.console_problems == [], page.console_problems

    return check


def sign_in(page, email, password=None):
    """Sign in through the page; someone who must use a second factor (a coordinator) and has
    none of their own answers the second step with a recovery code made for them here."""
    from tests.factories import PASSWORD

    code = _recovery_code_for(email)
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if code:
        page.get_by_label("Enter one of your recovery codes").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def _recovery_code_for(email):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from mentoring.people.models import User, normalise_email
    from mentoring.people.permissions import must_use_second_factor
    from mentoring.people.two_factor.selectors import factors_of

    user = User.objects.filter(email=normalise_email(email)).first()
    if user is None or not must_use_second_factor(user):
        return None
    if any(factor.kind != "recovery" for factor in factors_of(user)):
        return None  # the test answers with the person's own app or passkey
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Recovery codes"})
    codes = [StaticToken.random_token() for _ in range(5)]  # enough that none are "running out"
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes[0]
