"""A coordinator acts on a relationship at risk in a real browser, on a phone (MON-1): from
the dashboard's row they send the pair a check-in, add a note and set a reason aside; the row
and the relationship's page say what was done, and every page passes the accessibility
check and fits the screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from relationships.models import ActionItem, CheckIn
from relationships.services.risks import risks_check_one
from tests.browser.conftest import fits, sign_in
from tests.matching import went_ahead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTION = "Shadow the housing panel"


def test_a_coordinator_acts_on_a_risk_from_the_dashboard(
    phone, check_page, pair, coordinator, staff_member
):
    relationship = went_ahead(pair)
    relationship.review_needed = "Jo's line manager has changed."
    relationship.save()
    ActionItem.objects.create(
        relationship=relationship,
        description=ACTION,
        owner=staff_member,
        due_on=timezone.localdate() - timedelta(days=5),
    )
    risks_check_one(relationship=relationship)
    page = phone

    sign_in(page, coordinator.work_email)
    page.goto("/evaluations/dashboard/")
    check_page(page)
    fits(page)
    risks = page.locator("section", has=page.locator("#risk-heading"))
    row = risks.get_by_role("row").filter(has_text=staff_member.full_name)
    assert "Actions are past their due date" in row.inner_text()
    assert ACTION not in page.content()

    row.get_by_role("link", name="Send a check-in").click()
    check_page(page)
    fits(page)
    message = page.get_by_label("Message")
    assert message.input_value().startswith("How is your mentoring going?")
    message.fill("How is your mentoring going? Let me know if I can help.")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Send this check-in")
    check_page(page)
    page.get_by_role("button", name="Send the check-in").click()
    assert "Check-in sent to" in page.content()
    check_page(page)
    fits(page)
    assert CheckIn.objects.get().message.endswith("Let me know if I can help.")
    assert Notification.objects.filter(kind=Kind.CHECK_IN).count() == 2
    assert ACTION not in page.content()  # the due date, never the action's words

    page.get_by_role("link", name="Add a note").click()
    check_page(page)
    page.get_by_label("Note").fill("Jo is on leave until the 20th.")
    page.get_by_role("button", name="Add the note").click()
    assert "Jo is on leave until the 20th." in page.content()

    page.goto("/evaluations/dashboard/")
    row = risks.get_by_role("row").filter(has_text=staff_member.full_name)
    assert f"Check-in sent {timezone.localdate():%-d %B %Y}" in row.inner_text()
    assert "1 note" in row.inner_text()
    row.get_by_role("link", name="Set a reason aside").click()
    check_page(page)
    fits(page)
    page.get_by_label("Actions overdue").check()
    until = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Until").fill(until.isoformat())
    page.get_by_label("Why it can wait").fill("Jo is on leave.")
    page.get_by_role("button", name="Set it aside").click()
    assert f"Actions overdue, until {until:%-d %B %Y}" in page.content()

    page.goto("/evaluations/dashboard/")
    check_page(page)
    fits(page)
    row = risks.get_by_role("row").filter(has_text=staff_member.full_name)
    assert "Actions are past their due date" not in row.inner_text()
    assert "A line-management link needs your review" in row.inner_text()
    assert "1 reason set aside" in row.inner_text()
