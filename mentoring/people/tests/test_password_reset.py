import re

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.people.staff_import import staff_import
from tests.csv_files import person, staff_csv

pytestmark = pytest.mark.django_db


def ask_for_link(client, django_capture_on_commit_callbacks, email):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


def test_someone_imported_from_hr_sets_a_first_password(client, django_capture_on_commit_callbacks):
    staff_import(file=staff_csv(person("amira.khan@example.org")))
    response = ask_for_link(client, django_capture_on_commit_callbacks, "Amira.Khan@example.org")
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amira.khan@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": "a-long-new-pass", "new_password2": "a-long-new-pass"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("login"), {"username": "amira.khan@example.org", "password": "a-long-new-pass"}
    )
    assert response.status_code == 302 and response.url == reverse("home")


def test_a_weak_password_is_refused_next_to_the_field(client, django_capture_on_commit_callbacks):
    staff_import(file=staff_csv(person("amira.khan@example.org")))
    ask_for_link(client, django_capture_on_commit_callbacks, "amira.khan@example.org")
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.post(
        client.get(link).url, {"new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "This password is too short" in response.text


def test_no_email_goes_to_an_unknown_or_inactive_address(
    client, django_capture_on_commit_callbacks, staff_member
):
    staff_member.user.is_active = False
    staff_member.user.save()
    for email in ["nobody@example.org", staff_member.work_email]:
        response = ask_for_link(client, django_capture_on_commit_callbacks, email)
        assert response.status_code == 302  # the same answer, so addresses cannot be probed
    assert mail.outbox == []


def test_a_look_alike_spelling_of_the_address_finds_the_account(
    client, django_capture_on_commit_callbacks
):
    staff_import(file=staff_csv(person("amira.khan@example.org")))
    ask_for_link(client, django_capture_on_commit_callbacks, "amira.khan@ｅxample.org")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amira.khan@example.org"]
