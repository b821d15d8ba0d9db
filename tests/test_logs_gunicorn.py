"""Gunicorn's own lines (starting, booting a worker, stopping) and its access log go through
the portal's logging: JSON lines like every other, secrets in addresses withheld, and the
access log, when an operator turns it on, carrying each request's id."""

import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.peers.fixtures import free_port, wait_for
from tests.test_celery_worker import ROOT, environment, run  # noqa: F401 (a fixture)

TOKEN = "Q2FsZW5kYXItZmVlZC1zZWNyZXQtdG9rZW4tZm9yLXRlc3Q"  # a guessed or revoked address


def serve_a_feed_request(env, folder):
    """Gunicorn started as the image starts it, one feed address asked for, then stopped:
    what it wrote on standard error."""
    env = env | {"STATIC_ROOT": str(folder / "static")}  # the page not found shows the look
    run(env, "manage.py", "migrate", "--noinput")
    run(env, "manage.py", "collectstatic", "--noinput")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "mentoring.wsgi"],
        cwd=ROOT,
        env=env | {"ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(port, server)
        address = f"http://127.0.0.1:{port}/mentoring/calendar/{TOKEN}.ics?state=af0ifjsldkj"
        asking = urllib.request.Request(address, headers={"X-Request-ID": "balancer-7f3a9c01"})
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(asking, timeout=30)
        assert answer.value.code == 404
    finally:
        server.terminate()
        _, written = server.communicate(timeout=30)
    return written.decode()


@pytest.mark.parametrize("environment", ["filesystem"], indirect=True)
def test_gunicorn_writes_only_json_lines_and_no_access_line_unless_asked(environment, tmp_path):  # noqa: F811
    written = serve_a_feed_request(environment, tmp_path)

    lines = [json.loads(line) for line in written.splitlines()]  # each one parses
    gunicorn = [line["message"] for line in lines if line["logger"] == "gunicorn.error"]
    assert any(message.startswith("Booting worker") for message in gunicorn), written
    assert any(message.startswith("Shutting down") for message in gunicorn), written
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["message"] == "Not Found: /mentoring/calendar/[withheld].ics"
    assert not any(line["logger"] == "gunicorn.access" for line in lines)
    assert TOKEN not in written and "af0ifjsldkj" not in written


@pytest.mark.parametrize("environment", ["filesystem"], indirect=True)
def test_the_access_log_turned_on_has_each_request_s_id_and_its_address_withheld(
    environment,  # noqa: F811
    tmp_path,
):
    written = serve_a_feed_request(environment | {"GUNICORN_ACCESS_LOG": "1"}, tmp_path)

    lines = [json.loads(line) for line in written.splitlines()]
    [access] = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access["request_id"] == "balancer-7f3a9c01" and access["level"] == "INFO"
    assert access["message"].startswith(
        '"GET /mentoring/calendar/[withheld].ics?state=[withheld] HTTP/1.1" 404 '
    )
    assert TOKEN not in written and "af0ifjsldkj" not in written


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_gunicorn_takes_the_portal_s_logging_in_the_format_asked_for(log_format):
    printed = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "mentoring.wsgi"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "test-only", "LOG_FORMAT": log_format},
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    [config] = [line for line in printed.splitlines() if line.startswith("logconfig_dict")]
    assert f"'formatter': '{log_format}'" in config
    assert "'filters': ['request_id', 'withheld']" in config
