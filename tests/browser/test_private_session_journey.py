"""A group's mentor arranges a one-to-one session outside the group, just with one mentee
(002 group model), on a phone: the session shows as "just with" her for the two of them, and
the other mentee of the group never sees it. Every page passes the accessibility check and
fits the screen."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from relationships.models import Meeting
from relationships.tests.test_leavers import all_go_ahead, group_of_three
from tests.browser.conftest import fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentor_arranges_a_session_just_with_one_mentee_on_a_phone(
    phone, check_page, coordinator, colleague, staff_member
):
    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    other = group.members.filter(role="mentee").exclude(person=staff_member).first().person
    here = group.get_absolute_url()
    page = phone

    sign_in(page, colleague.work_email)
    page.goto(here)
    page.get_by_role("link", name="Arrange a meeting").click()
    page.get_by_role("heading", name="Arrange a meeting").wait_for()
    check_page(page)
    fits(page)
    when = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=2), time(10, 0))
    )
    page.get_by_label("Date and time").fill(f"{when:%Y-%m-%dT%H:%M}")
    page.get_by_label("Planned length (minutes)").fill("45")
    page.get_by_label("Method").select_option(label="Video call")
    page.get_by_label(f"Just with {staff_member.full_name}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Arrange it").click()
    page.get_by_text("Meeting arranged.").wait_for()
    check_page(page)
    fits(page)
    assert f"just with {staff_member.full_name}" in page.content()
    session = Meeting.objects.get()
    assert session.with_member.person == staff_member

    sign_in(page, other.work_email)
    page.goto(here)
    page.get_by_role("heading", level=1).wait_for()
    fits(page)
    assert "just with" not in page.content()
    assert f"/meetings/{session.pk}/" not in page.content()

    sign_in(page, staff_member.work_email)
    page.goto(here)
    page.get_by_role("heading", level=1).wait_for()
    check_page(page)
    fits(page)
    assert f"just with {staff_member.full_name}" in page.content()
    page.goto(f"/mentoring/{group.pk}/meetings/new/")
    page.get_by_role("heading", name="Arrange a meeting").wait_for()
    assert "ask your mentor" in page.content()
    check_page(page)
    fits(page)
