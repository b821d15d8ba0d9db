"""Tasks for tests only, loaded by a test's worker (`celery worker --include`): one that kills
the process running it every time, as a task the out-of-memory killer always picks would, and
one that does its work and says so."""

import os
from pathlib import Path

from mentoring.celery import app


@app.task(name="tests.dying_tasks.kills_its_worker")
def kills_its_worker(runs):
    with Path(runs).open("a") as file:
        file.write("started\n")
    os._exit(9)


@app.task(name="tests.dying_tasks.does_its_work")
def does_its_work(done):
    Path(done).write_text("done")


@app.task(bind=True, name="tests.dying_tasks.retries_then_works", max_retries=10)
def retries_then_works(self, runs, done, retries):
    with Path(runs).open("a") as file:
        file.write("started\n")
    if self.request.retries < retries:
        raise self.retry(countdown=0)
    Path(done).write_text("done")
