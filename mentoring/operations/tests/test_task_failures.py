"""A task that fails for good in a real worker is kept for the site administrator and counted
by /metrics, without what it was about."""

import pytest

from tests.test_celery_worker import environment, run, work_until  # noqa: F401 (a fixture)

FAIL_A_TASK = """
from mentoring.celery import app
app.send_task("mentoring.notifications.tasks.digest_email", kwargs={"person_id": "nobody"})
"""
FAILURES = (
    "from mentoring.operations.models import JobFailure as F; "
    "print([(f.job, f.error.split(':')[0]) for f in F.objects.all()])"
)


@pytest.mark.parametrize("environment", ["filesystem"], indirect=True)
def test_a_task_that_fails_in_the_worker_is_kept_as_a_job_failure(environment):  # noqa: F811
    run(environment, "manage.py", "migrate", "--noinput")
    run(environment, "manage.py", "shell", "-c", FAIL_A_TASK)

    def failures():
        printed = run(environment, "manage.py", "shell", "--no-imports", "-c", FAILURES)
        return printed.stdout.decode().strip()

    output = work_until(environment, lambda: failures() != "[]")

    assert failures() == "[('Digest email', 'ValueError')]", output
