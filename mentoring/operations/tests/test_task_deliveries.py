"""A task whose process dies under it goes back to the broker (CELERY_TASK_REJECT_ON_WORKER_LOST)
and is run again, but not for ever: with a real Redis and a real worker whose pool processes
are killed by the task, it is run TASK_DELIVERY_LIMIT times, then kept as a background job
failure and logged once, and the worker goes on with the next task."""

import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mentoring.operations.models import TaskStart
from mentoring.operations.services import task_finish_record, task_start_record
from tests.test_celery_worker import (  # noqa: F401 (fixtures)
    ROOT,
    environment,
    queued,
    redis_server,
    run,
)

SEND = "from mentoring.celery import app; app.send_task({name!r}, args=[{path!r}])"
KILLS = "tests.dying_tasks.kills_its_worker"
WORKS = "tests.dying_tasks.does_its_work"
FAILURES = (
    "from mentoring.operations.models import JobFailure as F; "
    "print([(f.job, f.error.split(':')[0]) for f in F.objects.all()])"
)
GIVEN_UP = "Kills its worker failed"


@pytest.fixture
def live_worker(environment):  # noqa: F811
    """A real worker with a pool process that Celery replaces when it dies, running the
    test-only tasks as well as the portal's."""
    run(environment, "manage.py", "migrate", "--noinput")
    process = subprocess.Popen(
        [
            *[sys.executable, "-m", "celery", "-A", "mentoring", "worker"],
            *["--pool=prefork", "--concurrency=1", "--include=tests.dying_tasks"],
            *["--without-mingle", "--without-gossip", "--loglevel=INFO"],
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    process.communicate(timeout=60)


def wait_for(worker, done):
    deadline = time.monotonic() + 90
    while not done() and time.monotonic() < deadline:
        assert worker.poll() is None, worker.stdout.read().decode()
        time.sleep(0.3)
    assert done()


@pytest.mark.parametrize("environment", ["redis"], indirect=True)
def test_a_task_that_kills_its_worker_is_run_at_most_the_limit_then_kept_as_a_failure(
    environment,  # noqa: F811
    live_worker,
    tmp_path,
):
    runs, done = tmp_path / "runs", tmp_path / "done"

    def failures():
        printed = run(environment, "manage.py", "shell", "--no-imports", "-c", FAILURES)
        return printed.stdout.decode().strip()

    run(environment, "manage.py", "shell", "-c", SEND.format(name=KILLS, path=str(runs)))
    wait_for(live_worker, lambda: failures() != "[]")
    run(environment, "manage.py", "shell", "-c", SEND.format(name=WORKS, path=str(done)))
    wait_for(live_worker, done.exists)
    time.sleep(1)  # had it been given back once more, it would be started again by now
    live_worker.terminate()
    output = live_worker.communicate(timeout=60)[0].decode()

    assert runs.read_text().splitlines() == ["started"] * 3, output
    assert failures() == "[('Kills its worker', 'WorkerLostError')]", output
    assert output.count(GIVEN_UP) == 1, output
    assert queued(environment, tmp_path) == []


RETRIES = (
    "from mentoring.celery import app; "
    "app.send_task('tests.dying_tasks.retries_then_works', args=[{runs!r}, {done!r}, 4])"
)
STARTS = "from mentoring.operations.models import TaskStart; print(TaskStart.objects.count())"


@pytest.mark.parametrize("environment", ["redis"], indirect=True)
def test_a_task_retried_more_times_than_the_limit_is_not_stopped_by_it(
    environment,  # noqa: F811
    live_worker,
    tmp_path,
):
    runs, done = tmp_path / "runs", tmp_path / "done"

    run(environment, "manage.py", "shell", "-c", RETRIES.format(runs=str(runs), done=str(done)))
    wait_for(live_worker, done.exists)
    live_worker.terminate()
    output = live_worker.communicate(timeout=60)[0].decode()

    assert runs.read_text().splitlines() == ["started"] * 5, output
    assert run(environment, "manage.py", "shell", "--no-imports", "-c", FAILURES).stdout == b"[]\n"
    assert run(environment, "manage.py", "shell", "--no-imports", "-c", STARTS).stdout == b"0\n"


def test_each_start_of_a_task_is_counted_by_its_id(db):
    counts = [task_start_record(task_id=task_id, task="t") for task_id in ["a", "a", "b", "a"]]

    assert counts == [1, 2, 1, 3]


def test_a_finished_task_is_forgotten_with_those_lost_a_week_ago(db):
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        task_start_record(task_id="lost", task="t")
    task_start_record(task_id="running", task="t")
    task_start_record(task_id="finished", task="t")

    task_finish_record(task_id="finished")

    assert list(TaskStart.objects.values_list("task_id", flat=True)) == ["running"]
