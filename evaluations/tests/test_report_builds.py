"""A report whose worker died while building it is built again, once; a second death shows it
as failed, with a button to ask for it again (README: Background jobs)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations.models import MonitoringReport
from evaluations.reports import financial_year
from evaluations.services.reports import report_build, report_request, reports_requeue

from .cohorts import cohort


@pytest.fixture
def asked_for(coordinator, django_capture_on_commit_callbacks):
    """A report the coordinator asked for, whose task has not run yet."""
    programme, _ = cohort(coordinator, name="Built", completed=10)
    start, _ = financial_year(timezone.localdate())
    with django_capture_on_commit_callbacks(execute=False):
        return report_request(by=coordinator.user, programme=programme, year_start=start)


def left_building(report, *, attempts=1):
    """What a worker killed in the middle of the build leaves behind."""
    MonitoringReport.objects.filter(pk=report.pk).update(
        status="building", progress=40, build_started_at=timezone.now(), build_attempts=attempts
    )


def sweep_at(minutes, capture):
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=minutes)),
        capture(execute=True),
    ):
        reports_requeue()


def test_a_report_left_building_past_the_bound_is_queued_again_and_built(
    asked_for, django_capture_on_commit_callbacks, settings
):
    settings.REPORT_BUILD_TIMEOUT_MINUTES = 30
    left_building(asked_for)
    sweep_at(31, django_capture_on_commit_callbacks)
    report = MonitoringReport.objects.get(pk=asked_for.pk)
    assert report.status == "ready" and report.progress == 100
    assert report.build_attempts == 2 and report.content["sections"]


def test_a_report_building_within_the_bound_is_left_to_its_worker(
    asked_for, django_capture_on_commit_callbacks, settings
):
    settings.REPORT_BUILD_TIMEOUT_MINUTES = 30
    left_building(asked_for)
    sweep_at(29, django_capture_on_commit_callbacks)
    report = MonitoringReport.objects.get(pk=asked_for.pk)
    assert report.status == "building" and report.build_attempts == 1
    assert report.content == {}


def test_a_second_worker_does_not_build_a_report_already_being_built(asked_for):
    left_building(asked_for)  # the first worker is on it
    report_build(asked_for.pk)
    report = MonitoringReport.objects.get(pk=asked_for.pk)
    assert report.status == "building" and report.build_attempts == 1
    assert report.content == {}


def test_the_task_of_a_killed_worker_given_again_by_the_broker_builds_the_report_at_once(
    asked_for,
):
    """The worker died mid-build; its task, never acknowledged, is delivered again (to another
    worker): the report is built now, not after REPORT_BUILD_TIMEOUT_MINUTES."""
    left_building(asked_for)
    report_build(asked_for.pk, redelivered=True)
    report = MonitoringReport.objects.get(pk=asked_for.pk)
    assert report.status == "ready" and report.build_attempts == 2
    assert report.content["sections"]


def test_a_task_given_again_after_a_second_death_leaves_the_report_to_be_shown_as_failed(
    asked_for,
):
    left_building(asked_for, attempts=2)
    report_build(asked_for.pk, redelivered=True)
    report = MonitoringReport.objects.get(pk=asked_for.pk)
    assert report.status == "building" and report.build_attempts == 2


def test_a_report_whose_worker_died_twice_shows_as_failed_with_a_button_to_build_it_again(
    client, coordinator, asked_for, django_capture_on_commit_callbacks, settings
):
    settings.REPORT_BUILD_TIMEOUT_MINUTES = 30
    left_building(asked_for, attempts=2)
    sweep_at(31, django_capture_on_commit_callbacks)
    assert MonitoringReport.objects.get(pk=asked_for.pk).status == "failed"
    report_build(asked_for.pk)  # the lost task delivered again late changes nothing
    assert MonitoringReport.objects.get(pk=asked_for.pk).status == "failed"
    client.force_login(coordinator.user)
    page = client.get(asked_for.get_absolute_url()).text
    assert "could not be built" in page and "Build it again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluations:reports"),
            {"scope": asked_for.programme_id, "year": asked_for.period_start.isoformat()},
        )
    again = MonitoringReport.objects.exclude(pk=asked_for.pk).get()
    assert response.url == again.get_absolute_url() and again.status == "ready"


def test_a_worker_that_outlived_the_bound_does_not_overwrite_the_build_that_replaced_it(
    asked_for, django_capture_on_commit_callbacks, settings
):
    settings.REPORT_BUILD_TIMEOUT_MINUTES = 30
    left_building(asked_for)
    sweep_at(31, django_capture_on_commit_callbacks)  # built by the second attempt
    built = MonitoringReport.objects.get(pk=asked_for.pk)
    report_build(asked_for.pk)  # the first task, delivered again when its worker died
    again = MonitoringReport.objects.get(pk=asked_for.pk)
    assert again.finished_at == built.finished_at and again.build_attempts == 2


def test_a_report_left_building_before_builds_were_timed_is_queued_again_too(
    asked_for, django_capture_on_commit_callbacks, settings
):
    settings.REPORT_BUILD_TIMEOUT_MINUTES = 30
    MonitoringReport.objects.filter(pk=asked_for.pk).update(status="building", progress=40)
    sweep_at(31, django_capture_on_commit_callbacks)
    assert MonitoringReport.objects.get(pk=asked_for.pk).status == "ready"
