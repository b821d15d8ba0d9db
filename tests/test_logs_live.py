"""The request id follows the work: a page that queues a task logs with the balancer's
X-Request-ID, and the real worker, running that task, logs with the same id."""

import json

import pytest

from tests.test_celery_worker import environment, run, work_until  # noqa: F401 (a fixture)

ASK_FOR_LINK = """
from django.test import Client
from mentoring.people.models import User
User.objects.create_user("amira.khan@example.org")
page = Client().post(
    "/accounts/password_reset/",
    {"email": "amira.khan@example.org"},
    HTTP_X_REQUEST_ID="balancer-7f3a9c01",
)
print(page.status_code, page["X-Request-ID"])
"""


def lines(output):
    """The JSON lines among what a process printed."""
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("environment", ["filesystem"], indirect=True)
def test_the_worker_logs_with_the_id_of_the_request_that_queued_its_task(environment, tmp_path):  # noqa: F811
    env = environment | {"ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "0"}
    run(env, "manage.py", "migrate", "--noinput")
    page = run(env, "manage.py", "shell", "--no-imports", "-c", ASK_FOR_LINK)
    assert page.stdout.decode().split() == ["302", "balancer-7f3a9c01"]
    [queued] = [line for line in lines(page.stderr.decode()) if "Queued" in line["message"]]
    assert queued["request_id"] == "balancer-7f3a9c01"
    assert queued["level"] == "INFO" and queued["logger"] == "mentoring.celery" and queued["time"]

    output = work_until(env, lambda: list((tmp_path / "mail").iterdir()))

    in_worker = [line for line in lines(output) if line["request_id"] == "balancer-7f3a9c01"]
    assert any("send_password_link" in line["message"] for line in in_worker), output
    assert "amira.khan@example.org" not in output + page.stderr.decode()


@pytest.mark.parametrize("environment", ["filesystem"], indirect=True)
def test_a_warning_a_library_gives_is_a_json_line_too(environment):  # noqa: F811
    warn = "import warnings; warnings.warn('No directory at: /srv/static/', UserWarning)"
    written = run(environment, "manage.py", "shell", "--no-imports", "-c", warn).stderr.decode()

    [line] = [json.loads(line) for line in written.splitlines()]
    assert line["logger"] == "py.warnings" and line["level"] == "WARNING"
    assert "UserWarning: No directory at: /srv/static/" in line["message"]
