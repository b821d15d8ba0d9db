"""/metrics for Prometheus: requests and latency by view, and the portal's own figures read at
each scrape, in the text format Prometheus parses; only from allowed addresses, never through a
proxy, and with the token when one is set."""

import ipaddress
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from evaluations.models import MonitoringReport
from mentoring import celery_app
from mentoring.notifications.models import Kind, Notification
from mentoring.notifications.tasks import reminders_sweep
from mentoring.operations.models import Heartbeat
from mentoring.operations.services import heartbeat_record, job_failure_record
from tests.factories import StaffMemberFactory
from tests.test_celery_worker import redis_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
PROMETHEUS = "10.42.3.9"  # a scraper inside the cluster


def scrape(client, **headers):
    response = client.get("/metrics", REMOTE_ADDR=PROMETHEUS, HTTP_HOST="10.42.0.7:8000", **headers)
    assert response.status_code == 200, response.status_code
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(figures, name, **labels):
    return figures[(name, tuple(sorted(labels.items())))].value


def notification(person, about=1):
    return Notification.objects.create(
        person=person,
        kind=Kind.REVIEW_DUE,
        about=about,
        occasion="2026-12-06",
        message="Your mentoring review is due.",
        link=f"/mentoring/{about}/",
    )


def test_requests_are_counted_and_timed_by_view(client):
    client.get("/words/")

    figures = scrape(client)

    by_view = {"view": "glossary", "method": "GET"}
    assert value(figures, "django_http_requests_latency_seconds_by_view_method_count", **by_view)
    total = "django_http_requests_total_by_view_transport_method_total"
    assert value(figures, total, transport="http", **by_view) >= 1


def test_a_notification_waiting_to_be_emailed_moves_the_figures(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["mentoring.example.org"]
    assert value(scrape(client), "mentoring_notifications_waiting_to_email") == 0
    assert value(scrape(client), "mentoring_notifications_oldest_unsent_age_seconds") == 0

    with time_machine.travel(timezone.now() - timedelta(minutes=10)):
        notification(StaffMemberFactory())
    figures = scrape(client)

    assert value(figures, "mentoring_notifications_waiting_to_email") == 1
    assert value(figures, "mentoring_notifications_oldest_unsent_age_seconds") >= 600


def test_reports_waiting_and_being_built_are_counted(client):
    for status in ["queued", "building", "building", "ready"]:
        MonitoringReport.objects.create(
            period_start="2026-04-01", period_end="2027-03-31", status=status
        )

    figures = scrape(client)

    assert value(figures, "mentoring_reports_unfinished", status="queued") == 1
    assert value(figures, "mentoring_reports_unfinished", status="building") == 2


def test_the_last_sweep_its_duration_and_the_heartbeats_are_shown(client):
    heartbeat_record(process="worker")
    reminders_sweep.delay()

    figures = scrape(client)

    sweep_at = Heartbeat.objects.get(process="sweep").at.timestamp()
    assert value(figures, "mentoring_reminder_sweep_last_run_timestamp_seconds") == sweep_at
    assert value(figures, "mentoring_reminder_sweep_duration_seconds") > 0
    worker_at = Heartbeat.objects.get(process="worker").at.timestamp()
    assert value(figures, "mentoring_heartbeat_timestamp_seconds", process="worker") == worker_at


def test_failures_of_the_last_day_are_counted(client):
    with time_machine.travel(timedelta(days=-2)):
        job_failure_record(job="Emails", error=OSError("old"))
    job_failure_record(job="Emails", error=OSError("the mail server did not answer"))

    assert value(scrape(client), "mentoring_background_job_failures_last_day") == 1


def test_the_tasks_waiting_in_a_real_redis_are_counted(client, settings, redis_server):  # noqa: F811
    settings.REDIS_URL = redis_server
    pools = celery_app._pool, celery_app.amqp._producer_pool
    celery_app._pool = celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = redis_server
    try:
        assert value(scrape(client), "mentoring_queue_length") == 0
        celery_app.send_task("mentoring.notifications.tasks.reminders_sweep")
        celery_app.send_task("mentoring.notifications.tasks.reminders_sweep")
        assert value(scrape(client), "mentoring_queue_length") == 2
    finally:
        celery_app._pool, celery_app.amqp._producer_pool = pools
        celery_app.conf.broker_url = settings.CELERY_BROKER_URL


def test_a_scrape_costs_four_queries_whatever_the_numbers(client, django_assert_num_queries):
    person = StaffMemberFactory()
    notification(person)
    with django_assert_num_queries(4):
        scrape(client)
    for about in range(2, 40):
        notification(person, about)
        job_failure_record(job="Emails", error=OSError("no"))
    with django_assert_num_queries(4):
        scrape(client)


def test_an_address_outside_the_allowed_ranges_is_refused(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 404
    assert b"mentoring_" not in response.content


def test_a_request_through_a_proxy_is_refused_even_from_a_private_address(client):
    response = client.get("/metrics", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert response.status_code == 404


def test_the_allowed_addresses_are_a_setting(client, settings):
    settings.METRICS_ALLOWED_IPS = [ipaddress.ip_network("192.0.2.0/24")]

    assert client.get("/metrics", REMOTE_ADDR="10.42.3.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.10").status_code == 200


def test_with_a_token_set_only_requests_carrying_it_are_answered(client, settings):
    settings.METRICS_TOKEN = "a-long-random-token"

    assert client.get("/metrics", REMOTE_ADDR=PROMETHEUS).status_code == 404
    wrong = client.get("/metrics", REMOTE_ADDR=PROMETHEUS, HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.status_code == 404
    assert scrape(client, HTTP_AUTHORIZATION="Bearer a-long-random-token")
