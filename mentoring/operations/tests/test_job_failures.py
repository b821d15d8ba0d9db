from datetime import timedelta

import time_machine
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.urls import reverse

from mentoring.operations.models import JobFailure
from mentoring.operations.services import job_failure_record
from tests.factories import StaffMemberFactory


def test_a_failure_is_kept_and_logged(db, caplog):
    failure = job_failure_record(
        job="Retention", about="relationship 12", error=ValueError("a constraint failed")
    )

    assert JobFailure.objects.get() == failure
    assert failure.error == "ValueError: a constraint failed"
    assert "Retention failed on relationship 12." in caplog.text


def test_the_admin_front_page_shows_the_last_weeks_failures(admin_client):
    with time_machine.travel("2026-11-01 09:00"):
        job_failure_record(job="Retention", about="relationship 1", error=KeyError("old"))
    job_failure_record(job="Reminder sweep", about="Review due", error=ValueError("broken rule"))

    page = admin_client.get(reverse("admin:index")).content.decode()

    assert "Background jobs: 1 failure in the last week" in page
    assert "Reminder sweep (Review due): ValueError: broken rule" in page
    assert "relationship 1" not in page


def test_the_admin_front_page_says_nothing_when_nothing_failed(admin_client):
    assert "Background jobs:" not in admin_client.get(reverse("admin:index")).content.decode()


def test_failures_are_listed_read_only_for_the_administrator(admin_client):
    job_failure_record(job="Retention", error=ValueError("x"))

    assert admin_client.get(reverse("admin:operations_jobfailure_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:operations_jobfailure_add")).status_code == 403
    assert JobFailure.objects.count() == 1


def test_failures_older_than_a_week_are_not_recent(db):
    from mentoring.operations.services import recent_failures

    job_failure_record(job="Retention", error=ValueError("x"))
    with time_machine.travel(timedelta(days=8)):
        assert not recent_failures().exists()


def test_staff_who_may_not_view_failures_are_not_shown_them_on_the_front_page(client, db):
    """Issue 18, 8: the failures name records and hold the error's words; the admin site's front
    page is open to every staff user, whatever they may view."""
    person = StaffMemberFactory()
    person.user.is_staff = True
    person.user.save()
    person.user.user_permissions.add(Permission.objects.get(codename="view_application"))
    job_failure_record(job="Retention", about="relationship 12", error=ValueError("broken"))
    client.force_login(person.user)

    page = client.get(reverse("admin:index"))

    assert page.status_code == 200
    assert "Background jobs" not in page.text and "relationship 12" not in page.text
    assert JobFailure.objects.count() == 1


def test_a_failure_keeps_no_row_the_database_quoted(db):
    """PostgreSQL's error quotes the row it refused (DETAIL: Failing row contains ...), which
    holds what people wrote; the failure kept and shown keeps only what went wrong."""
    try:
        with transaction.atomic():
            StaffMemberFactory(first_name="Zebedee", work_email="Zebedee.Planted@example.org")
    except IntegrityError as exc:
        failure = job_failure_record(job="Retention", about="relationship 12", error=exc)
    assert failure.error.startswith("IntegrityError: ")
    assert "Zebedee" not in failure.error and "Planted" not in failure.error
