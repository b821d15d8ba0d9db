"""The periodic jobs are in the database, where an administrator can change or pause them,
and each names a task the worker knows."""

import pytest
from django_celery_beat.models import PeriodicTask

from mentoring.celery import app

pytestmark = pytest.mark.django_db


def test_every_periodic_job_is_scheduled_and_names_a_real_task():
    app.loader.import_default_modules()
    jobs = {job.name: job for job in PeriodicTask.objects.select_related("interval", "crontab")}
    assert set(jobs) == {
        "expire-mentor-requests",
        "check-relationships",
        "send-reminders",
        "send-digests",
        "erase-old-content",
        "requeue-waiting-reports",
        "import-staff-nightly",
    }
    for job in jobs.values():
        assert job.enabled and job.task in app.tasks, job.name
    assert (jobs["send-reminders"].interval.every, jobs["send-reminders"].interval.period) == (
        300,
        "seconds",
    )
    morning = jobs["send-digests"].crontab
    assert (morning.hour, morning.minute, str(morning.timezone)) == ("7", "0", "Europe/London")
    night = jobs["erase-old-content"].crontab
    assert (night.hour, night.minute, str(night.timezone)) == ("2", "30", "Europe/London")
    night = jobs["import-staff-nightly"].crontab
    assert (night.hour, night.minute, str(night.timezone)) == ("1", "0", "Europe/London")


def test_the_admin_site_lists_them(admin_client):
    from django.urls import reverse

    page = admin_client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert page.status_code == 200 and "send-reminders" in page.text
