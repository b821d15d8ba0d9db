"""Chris writes to Jo between meetings, on a phone: Jo sees that one message is unread on
their relationship page, reads it and answers; Chris reads her answer and changes his own
message in the first five minutes. Every page passes the accessibility check and fits."""

import pytest
from django.core import mail

from relationships.models import Message
from tests.browser.conftest import fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write(page, text):
    page.get_by_label("Your message").fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Send").click()
    page.get_by_text("Sent.").wait_for()


def test_the_pair_write_to_each_other_on_a_phone(phone, check_page, pair, colleague, staff_member):
    relationship = pair
    page = phone

    sign_in(page, colleague.work_email)
    page.goto(relationship.get_absolute_url())
    page.get_by_role("link", name="Read the messages").click()
    page.get_by_role("heading", name="Messages", level=1).wait_for()
    assert "No messages yet." in page.content()
    check_page(page)
    fits(page)
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Write your message.").first.wait_for()
    write(page, "Hi Jo, how did the huddle go?")
    check_page(page)
    fits(page)
    [told] = [m for m in mail.outbox if m.subject == "You have a new message"]
    assert told.to == [staff_member.work_email]
    assert "Chris Taylor" in told.body and "huddle" not in told.body

    sign_in(page, staff_member.work_email)
    page.goto(relationship.get_absolute_url())
    page.get_by_text("1 unread").wait_for()
    check_page(page)
    fits(page)
    page.get_by_role("link", name="Read the messages").click()
    page.get_by_text("Hi Jo, how did the huddle go?").wait_for()
    assert "Chris Taylor" in page.content()
    write(page, "Better than last time, thank you!")
    check_page(page)
    fits(page)
    text = page.content()
    assert text.index("how did the huddle go") < text.index("Better than last time")

    sign_in(page, colleague.work_email)
    page.goto(f"/mentoring/{relationship.pk}/messages/")
    page.get_by_text("Better than last time, thank you!").wait_for()
    page.get_by_role("link", name="Change").click()
    page.get_by_role("heading", name="Change your message").wait_for()
    check_page(page)
    fits(page)
    page.get_by_label("Your message").fill("Hi Jo, how did Monday's huddle go?")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the change").click()
    page.get_by_text("(changed)").wait_for()
    assert Message.objects.filter(author=colleague).get().text.startswith("Hi Jo, how did Monday")
