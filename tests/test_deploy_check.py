import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    # A clean environment: nothing from a developer's shell, .env or the browser tests.
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment["ENV_FILE"] = "/nonexistent"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50)[:50],
    "ALLOWED_HOSTS": "mentoring.example.org",
    "EMAIL_URL": "smtp+tls://mentoring:secret@smtp.example.org:587",
}


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("email_url", [None, "consolemail://", "dummymail://"])
def test_the_deploy_check_fails_without_a_mail_server(email_url):
    environment = PRODUCTION | {"EMAIL_URL": email_url}
    if email_url is None:
        del environment["EMAIL_URL"]
    result = manage("check", "--deploy", **environment)
    assert result.returncode != 0
    assert "Set EMAIL_URL to the mail server" in result.stderr
    assert "password reset links" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="mentoring.example.org")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_the_deploy_check_fails_a_debug_setup():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="1",
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert result.returncode != 0


def test_production_static_files_can_be_collected(tmp_path):
    """`collectstatic` fingerprints every file the CSS refers to, and fails on one missing
    (the MOJ header's crest comes from GOV.UK Frontend: scripts/build-frontend copies it)."""
    result = manage("collectstatic", "--noinput", STATIC_ROOT=str(tmp_path), **PRODUCTION)
    assert result.returncode == 0, result.stderr[-2000:]
    assert list(tmp_path.glob("css/site.*.css"))
