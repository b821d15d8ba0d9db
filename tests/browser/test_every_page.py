"""Every page of the permission table, as each role that may open it sees it on a 390 px phone:
the page never scrolls sideways, the header takes no more than a quarter of the screen, and
axe's WCAG 2.2 AA rules pass."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import PHONE
from tests.test_page_permissions import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_MOST = 211  # a quarter of the phone's screen
# Files people download rather than pages they read; the last test checks they are.
DOWNLOADS = {
    "brand_css",
    "evaluations:report_csv",
    "evaluations:report_pdf",
    "my_data_json",
    "my_data_pdf",
    "relationships:agreement_pdf",
    "relationships:meeting_invite",
    "relationships:plan_pdf",
    "relationships:pdp_pdf",
}
SEEN_BY = [
    (page, role)
    for page, (_, expected) in sorted(PAGES.items())
    for role, status in expected.items()
    if status == 200
]
PAGES_SEEN_BY = [(page, role) for page, role in SEEN_BY if page not in DOWNLOADS]

# The elements wider than the screen outside any region that scrolls on its own, widest first.
TOO_WIDE = """() => {
  const screen = document.documentElement.clientWidth;
  const scrollsItself = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .map((el) => ({el, box: el.getBoundingClientRect()}))
    .filter(({el, box}) => box.right > screen + 0.5 && !scrollsItself(el))
    .sort((a, b) => b.box.width - a.box.width)
    .slice(0, 3)
    .map(({el, box}) =>
      `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") || ""}"> ` +
      `${Math.round(box.width)} px wide, right edge at ${Math.round(box.right)} px`);
}"""
HEADER_BOTTOM = """() => Math.max(0, ...[...document.querySelectorAll(
  ".app-header, .govuk-service-navigation")].map((el) => el.getBoundingClientRect().bottom
  + window.scrollY))"""


@pytest.fixture(scope="module")
def phones(browser, live_server):
    """One phone-sized browser tab per role, kept open from page to page."""
    tabs = {}
    yield tabs
    for tab in tabs.values():
        tab.context.close()


def _tab_for(phones, browser, live_server, role):
    if role not in phones:
        context = browser.new_context(base_url=live_server.url, viewport=PHONE)
        tab = context.new_page()
        tab.on("console", lambda m: m.type == "error" and tab.console_problems.append(m.text))
        tab.on("pageerror", lambda e: tab.console_problems.append(str(e)))
        phones[role] = tab
    tab = phones[role]
    tab.console_problems = []
    return tab


def _signed_in(tab, person, live_server):
    """Sign `person` in through a session of their own, as the sign-in page would."""
    tab.context.clear_cookies()
    if person is None:
        return
    client = Client()
    client.force_login(person.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
    tab.context.add_cookies([cookie])


def _url(page, people):
    kwargs, _ = PAGES[page]
    return reverse(
        page, kwargs={k: (people[v].pk if v in people else v) for k, v in kwargs.items()}
    )


@pytest.mark.parametrize(
    ("page", "role"), PAGES_SEEN_BY, ids=[f"{p}-{r}" for p, r in PAGES_SEEN_BY]
)
def test_the_page_fits_a_phone_and_passes_the_accessibility_check(
    phones, browser, live_server, people, check_page, page, role
):
    tab = _tab_for(phones, browser, live_server, role)
    _signed_in(tab, None if role == "anonymous" else people[role], live_server)
    response = tab.goto(_url(page, people))
    assert response.status == 200, f"{page} answered {response.status} to the {role}"
    assert response.headers["content-type"].startswith("text/html"), "a download? see DOWNLOADS"
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{width} px wide: {tab.evaluate(TOO_WIDE)}"
    header = tab.evaluate(HEADER_BOTTOM)
    assert header <= HEADER_MOST, f"the header ends {header:.0f} px down the screen"
    check_page(tab)


def test_the_pages_left_out_are_downloads(client, people):
    for page, role in SEEN_BY:
        if page in DOWNLOADS:
            client.logout()
            if role != "anonymous":
                client.force_login(people[role].user)
            response = client.get(_url(page, people))
            assert response.status_code == 200
            assert not response["Content-Type"].startswith("text/html"), page
