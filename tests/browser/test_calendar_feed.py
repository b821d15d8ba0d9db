"""Jo turns on her calendar feed on a 390 px phone: the address shows once with a button that
copies it, the feed answers at it, and turning the feed off (asked first) stops it; every
page fits the screen and passes axe."""

import pytest
import requests

from mentoring.people.models import CalendarFeed
from tests.browser.conftest import fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_jo_turns_her_calendar_feed_on_copies_it_and_turns_it_off(
    phone, check_page, staff_member, live_server
):
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(phone, staff_member.work_email)
    phone.goto("/profile/")
    phone.get_by_role("link", name="Set up your calendar feed").click()
    phone.get_by_role("heading", name="Your calendar", exact=True).wait_for()
    fits(phone)
    check_page(phone)

    phone.get_by_role("button", name="Turn on your calendar feed").click()
    address = phone.get_by_label("Your calendar’s address").input_value()
    fits(phone)
    check_page(phone)
    phone.get_by_role("button", name="Copy the address").click()
    phone.get_by_text("Address copied.").wait_for()
    assert phone.evaluate("navigator.clipboard.readText()") == address
    path = address.split("/mentoring/", 1)[1]
    feed = requests.get(f"{live_server.url}/mentoring/{path}", timeout=10)
    assert feed.status_code == 200 and feed.text.startswith("BEGIN:VCALENDAR")

    phone.goto("/profile/calendar/")
    phone.get_by_role("button", name="Turn off the feed").click()
    phone.get_by_role("heading", name="Turn off your calendar feed?").wait_for()
    fits(phone)
    check_page(phone)
    phone.get_by_role("button", name="Turn off the feed").click()
    phone.get_by_text("Your calendar feed is off.", exact=True).first.wait_for()
    assert not CalendarFeed.objects.in_use().exists()
    assert requests.get(f"{live_server.url}/mentoring/{path}", timeout=10).status_code == 404
