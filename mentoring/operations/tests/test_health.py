"""/health/live and /health/ready, as a load balancer or a Kubernetes probe asks for them: no
sign-in, plain HTTP, the pod's own address as the Host, and nothing in the answer but ok or
failing for each check."""

from datetime import timedelta

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from mentoring.operations.models import Heartbeat
from tests.peers.fixtures import free_port
from tests.test_celery_worker import redis_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
POD = "10.42.0.7:8000"  # what a kubelet sends as the Host


@pytest.fixture(autouse=True)
def production_like(settings, tmp_path):
    settings.ALLOWED_HOSTS = ["mentoring.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.CELERY_DATA_DIR = tmp_path
    (tmp_path / "queue").mkdir()


def heard_from(*processes, seconds_ago=0):
    for process in processes:
        at = timezone.now() - timedelta(seconds=seconds_ago)
        Heartbeat.objects.update_or_create(process=process, defaults={"at": at})


def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live", HTTP_HOST=POD)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_is_ok_when_every_check_passes_in_four_queries(client, django_assert_num_queries):
    heard_from("worker", "beat")

    with django_assert_num_queries(4):
        response = client.get("/health/ready", HTTP_HOST=POD)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "queue_folder": "ok",
            "worker": "ok",
            "beat": "ok",
            "migrations": "ok",
        },
    }


def test_a_worker_silent_too_long_fails_readiness_and_nothing_else_is_said(client, settings):
    heard_from("beat")
    heard_from("worker", seconds_ago=settings.HEARTBEAT_MAX_AGE_SECONDS + 1)

    response = client.get("/health/ready", HTTP_HOST=POD)

    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {
            "database": "ok",
            "queue_folder": "ok",
            "worker": "failing",
            "beat": "ok",
            "migrations": "ok",
        },
    }


def test_a_beat_never_heard_from_fails_readiness(client):
    heard_from("worker")

    response = client.get("/health/ready", HTTP_HOST=POD)

    assert response.status_code == 503
    assert response.json()["checks"]["beat"] == "failing"


def test_an_unapplied_migration_fails_readiness(client):
    heard_from("worker", "beat")
    MigrationRecorder.Migration.objects.filter(app="operations", name="0002_heartbeats").delete()

    response = client.get("/health/ready", HTTP_HOST=POD)

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failing"


def test_a_queue_folder_that_cannot_be_written_fails_readiness(client, settings):
    heard_from("worker", "beat")
    (settings.CELERY_DATA_DIR / "queue").rmdir()

    response = client.get("/health/ready", HTTP_HOST=POD)

    assert response.status_code == 503
    assert response.json()["checks"]["queue_folder"] == "failing"


def test_readiness_pings_a_real_redis_broker(client, settings, redis_server):  # noqa: F811
    heard_from("worker", "beat")
    settings.REDIS_URL = redis_server

    response = client.get("/health/ready", HTTP_HOST=POD)

    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"
    assert "queue_folder" not in response.json()["checks"]


def test_a_redis_nobody_answers_on_fails_readiness_without_saying_where_it_is(client, settings):
    heard_from("worker", "beat")
    port = free_port()
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"

    response = client.get("/health/ready", HTTP_HOST=POD)

    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "failing"
    assert str(port) not in response.text and "127.0.0.1" not in response.text


def test_the_health_paths_need_no_sign_in_and_other_pages_still_check_the_host(client):
    assert client.get("/health/ready", HTTP_HOST=POD).status_code in {200, 503}
    assert client.get("/", HTTP_HOST=POD).status_code == 400  # ALLOWED_HOSTS as before
    assert client.get("/", HTTP_HOST="mentoring.example.org").status_code == 301  # to HTTPS
