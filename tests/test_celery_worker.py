"""The background worker for real: a separate Celery worker process takes the password-reset
email from the broker, the demo's (files, no server) and production's (a real Redis server),
and sends it."""

import base64
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
ASK_FOR_LINK = """
from django.db import transaction
from mentoring.people.forms import FirstPasswordResetForm
from mentoring.people.models import User
User.objects.create_user("amira.khan@example.org")
form = FirstPasswordResetForm({"email": "amira.khan@example.org"})
assert form.is_valid()
with transaction.atomic():
    form.save(domain_override="mentoring.example.org")
"""


@pytest.fixture(params=["filesystem", "redis"])
def environment(request, tmp_path):
    for folder in ["queue", "processed", "control", "mail"]:
        (tmp_path / folder).mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}}
    env["ENV_FILE"] = "/nonexistent"  # a developer's .env must not change the test
    if request.param == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_server")
    return env | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_DATA_DIR": str(tmp_path),
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # the path follows the third slash
    }


@pytest.fixture
def redis_server(tmp_path):
    """A real Redis server on a free local port, for this test only."""
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed: run `make test`, which installs it.")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "Redis did not start"
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


def run(env, *args):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
    )


def test_a_worker_process_sends_the_email_a_request_queued(environment, tmp_path):
    run(environment, "manage.py", "migrate", "--noinput")
    run(environment, "manage.py", "shell", "-c", ASK_FOR_LINK)
    [waiting] = queued(environment, tmp_path)
    assert b'"user_id"' in waiting and b"/accounts/reset/" not in waiting  # no live link
    assert list((tmp_path / "mail").iterdir()) == []

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mentoring",
            "worker",
            "--pool=solo",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not list((tmp_path / "mail").iterdir()) and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.2)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    mails = list((tmp_path / "mail").iterdir())
    assert len(mails) == 1, output
    message = mails[0].read_text()
    assert "To: amira.khan@example.org" in message
    assert "://mentoring.example.org/accounts/reset/" in message
    assert queued(environment, tmp_path) == []


def queued(environment, tmp_path):
    """The bodies of the task messages waiting in the broker."""
    if "REDIS_URL" in environment:
        raw = redis.Redis.from_url(environment["REDIS_URL"]).lrange("celery", 0, -1)
    else:
        raw = [path.read_bytes() for path in (tmp_path / "queue").iterdir()]
    return [base64.b64decode(json.loads(message)["body"]) for message in raw]
