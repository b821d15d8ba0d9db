import re

import pytest
from django.core import mail

from mentoring.people.staff_import import staff_import
from tests.csv_files import person, staff_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_someone_imported_from_hr_chooses_a_password_and_signs_in(page, check_page):
    staff_import(file=staff_csv(person("amira.khan@example.org", job_title="Head of People")))
    page.goto("/")
    page.get_by_role("link", name="Choose a password").click()
    page.get_by_label("Email").fill("amira.khan@example.org")
    page.get_by_role("button", name="Email me a link").click()
    page.get_by_role("heading", name="Check your email").wait_for()

    [email] = mail.outbox
    link = re.search(r"https?://\S+(/accounts/reset/\S+)", email.body).group(1)
    page.goto(link)
    page.get_by_role("heading", name="Choose a password").wait_for()
    check_page(page)
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("short")
    page.get_by_role("button", name="Save password").click()
    page.get_by_text("This password is too short").first.wait_for()
    check_page(page)
    page.locator("#id_new_password1").fill("a-long-new-pass")
    page.locator("#id_new_password2").fill("a-long-new-pass")
    page.get_by_role("button", name="Save password").click()
    page.get_by_role("heading", name="Password saved").wait_for()

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill("Amira.Khan@example.org")
    page.get_by_label("Password").fill("a-long-new-pass")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Hello, Amira").wait_for()
    page.get_by_role("link", name="Your profile").first.click()
    page.get_by_text("Head of People").wait_for()  # is_visible() would not wait for the page
