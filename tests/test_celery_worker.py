"""The background worker for real: a separate Celery worker process takes the password-reset
email from the broker the demo uses (files, no server) and sends it."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


@pytest.fixture
def environment(tmp_path):
    for folder in ["queue", "processed", "mail"]:
        (tmp_path / folder).mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}}
    return env | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_DATA_DIR": str(tmp_path),
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # the path follows the third slash
    }


def run(env, *args):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
    )


def test_a_worker_process_sends_the_email_a_request_queued(environment, tmp_path):
    run(environment, "manage.py", "migrate", "--noinput")
    run(environment, "manage.py", "shell", "-c", ASK_FOR_LINK)
    assert len(list((tmp_path / "queue").iterdir())) == 1
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
    assert list((tmp_path / "queue").iterdir()) == []
