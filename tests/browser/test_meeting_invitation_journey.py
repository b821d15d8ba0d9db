"""A mentor arranges a meeting with a Teams link on a phone, then changes it (issue 23): the
link shows as a link to join, the change asks first and says who is told, and each step emails
the calendar message. Every page passes the accessibility check and fits the screen."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from relationships.models import Meeting
from tests.browser.conftest import fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_journey%40thread.v2/0"


def methods(outbox):
    return sorted(
        (m.to[0], next(mime for _, mime in m.alternatives if mime.startswith("text/calendar")))
        for m in outbox
    )


def test_a_mentor_arranges_a_meeting_with_a_teams_link_and_changes_it_on_a_phone(
    phone, check_page, pair, colleague, staff_member
):
    relationship = pair
    page = phone
    sign_in(page, colleague.work_email)
    page.goto(relationship.get_absolute_url())
    page.get_by_role("link", name="Arrange a meeting").click()
    page.get_by_role("heading", name="Arrange a meeting").wait_for()
    check_page(page)
    fits(page)
    when = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=3), time(9, 30))
    )
    page.get_by_label("Date and time").fill(f"{when:%Y-%m-%dT%H:%M}")
    page.get_by_label("Planned length (minutes)").fill("60")
    page.get_by_label("Method").select_option(label="Video call")
    page.get_by_label("Online meeting link").fill("http://teams.example/meet")
    page.get_by_role("button", name="Arrange it").click()
    page.get_by_text("starting with https://").first.wait_for()
    check_page(page)
    fits(page)
    assert not Meeting.objects.exists()

    mail.outbox.clear()
    page.get_by_label("Online meeting link").fill(TEAMS)
    with page.expect_navigation():
        page.get_by_role("button", name="Arrange it").click()
    page.get_by_text("Meeting arranged.").wait_for()
    check_page(page)
    fits(page)
    join = page.get_by_role("link", name="Join the meeting online")
    assert join.get_attribute("href") == TEAMS
    meeting = Meeting.objects.get()
    people = [colleague.work_email, staff_member.work_email]
    assert methods(mail.outbox) == sorted((p, "text/calendar; method=REQUEST") for p in people)

    mail.outbox.clear()
    page.get_by_role("link", name="Change the meeting of").click()
    page.get_by_role("heading", name="Change the meeting").wait_for()
    check_page(page)
    fits(page)
    page.get_by_label("Planned length (minutes)").fill("45")
    page.get_by_role("button", name="Change it").click()
    page.get_by_role("heading", name="Change this meeting?").wait_for()
    assert f"{staff_member.full_name} is told" in page.content()
    check_page(page)
    fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Change the meeting").click()
    page.get_by_text("Meeting changed.").wait_for()
    check_page(page)
    fits(page)
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.sequence) == (45, 1)
    assert methods(mail.outbox) == sorted((p, "text/calendar; method=REQUEST") for p in people)
