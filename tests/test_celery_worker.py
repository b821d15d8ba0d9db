"""The background worker for real: a separate Celery worker process takes tasks (the
password-reset email, a programme's "propose matches") from the broker, the demo's (files, no
server) and production's (a real Redis server), and does them."""

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

    output = work_until(environment, lambda: list((tmp_path / "mail").iterdir()))
    mails = list((tmp_path / "mail").iterdir())
    assert len(mails) == 1, output
    message = mails[0].read_text()
    assert "To: amira.khan@example.org" in message
    assert "://mentoring.example.org/accounts/reset/" in message
    assert queued(environment, tmp_path) == []


PROPOSE_MATCHES = """
from django.db import transaction
from mentoring.people.models import StaffMember, User
from mentoring.people.services import role_grant
from relationships.services.proposals import match_run_start
from tests.matching import accepted, programme_for_matching

def person(n):
    email = f"person{n}@example.org"
    user = User.objects.create_user(email)
    return StaffMember.objects.create(first_name="P", last_name=str(n), work_email=email, user=user)

coordinator = person(0)
role_grant(user=coordinator.user, role="coordinator")
programme = programme_for_matching(coordinator)
for n in range(1, 4):
    accepted(programme, person(n), "mentor", capacity=2)
for n in range(4, 10):
    accepted(programme, person(n), "mentee")
with transaction.atomic():
    match_run_start(by=coordinator.user, programme=programme)
"""
RUN_STATUS = "from relationships.models import MatchRun; print(MatchRun.objects.get().summary)"


def test_a_worker_process_proposes_matches_for_a_programme(environment, tmp_path):
    run(environment, "manage.py", "migrate", "--noinput")
    run(environment, "manage.py", "shell", "-c", PROPOSE_MATCHES)
    [waiting] = queued(environment, tmp_path)
    assert b'"run_id"' in waiting

    def summary():
        printed = run(environment, "manage.py", "shell", "--no-imports", "-c", RUN_STATUS)
        return printed.stdout.decode().strip()

    output = work_until(environment, lambda: summary().startswith("Proposed"))
    assert summary() == "Proposed 6 pairings for 6 waiting.", output
    assert queued(environment, tmp_path) == []


SEND_AS_BEAT_DOES = """
from django_celery_beat.models import PeriodicTask
from mentoring.celery import app
app.send_task(PeriodicTask.objects.get(name="import-staff-nightly").task)
"""
STAFF = "from mentoring.people.models import StaffMember; print(StaffMember.objects.count())"
IMPORTS = (
    "from mentoring.audit.models import AuditEntry as A; "
    "print(A.objects.filter(kind='staff import').count())"
)


def test_a_worker_process_runs_the_nightly_import_once(environment, tmp_path):
    folder = tmp_path / "hr"
    folder.mkdir()
    export = folder / "hr-export.csv"
    export.write_text(
        "first_name,last_name,work_email,job_title,department,line_manager_email\n"
        "Ruth,Bennett,ruth.bennett@example.org,Director,Housing,\n"
        "Sam,Patel,sam.patel@example.org,Head of Housing,Housing,ruth.bennett@example.org\n"
    )
    os.utime(export, (time.time() - 3600, time.time() - 3600))
    environment = environment | {"STAFF_IMPORT_FOLDER": str(folder)}
    run(environment, "manage.py", "migrate", "--noinput")
    for _ in range(2):  # the beat sends it twice: the file is imported once
        run(environment, "manage.py", "shell", "-c", SEND_AS_BEAT_DOES)
    assert len(queued(environment, tmp_path)) == 2

    done = folder / "done" / "hr-export.csv"
    output = work_until(environment, lambda: done.exists() and not queued(environment, tmp_path))
    assert done.exists(), output
    printed = run(environment, "manage.py", "shell", "--no-imports", "-c", STAFF)
    assert printed.stdout.decode().strip() == "2"
    printed = run(environment, "manage.py", "shell", "--no-imports", "-c", IMPORTS)
    assert printed.stdout.decode().strip() == "1"


def work_until(environment, done):
    """Run a real worker process until `done()` is true; return what it printed."""
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
        while not done() and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.2)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    return output


def queued(environment, tmp_path):
    """The bodies of the task messages waiting in the broker."""
    if "REDIS_URL" in environment:
        raw = redis.Redis.from_url(environment["REDIS_URL"]).lrange("celery", 0, -1)
    else:
        raw = [path.read_bytes() for path in (tmp_path / "queue").iterdir()]
    return [base64.b64decode(json.loads(message)["body"]) for message in raw]
