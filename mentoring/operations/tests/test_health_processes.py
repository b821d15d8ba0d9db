"""Readiness with the real processes: gunicorn serving the portal with production settings, a
Celery worker and the beat. A probe from the pod's address over plain HTTP is answered, ready
while all run, and failing once the worker has been stopped longer than allowed."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.peers.fixtures import free_port, wait_for
from tests.test_celery_worker import ROOT, environment, redis_server, run  # noqa: F401

CELERY = [sys.executable, "-m", "celery", "-A", "mentoring"]


def probe(port):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/health/ready", headers={"Host": "10.42.0.7:8000"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as refused:
        return refused.code, json.load(refused)


def start(env, *command):
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def until(port, status, seconds=60):
    deadline = time.monotonic() + seconds
    while (answer := probe(port))[0] != status and time.monotonic() < deadline:
        time.sleep(0.5)
    return answer


@pytest.mark.parametrize("environment", ["redis"], indirect=True)  # as in production
def test_readiness_follows_the_real_worker_and_beat(environment):  # noqa: F811
    env = environment | {
        "ALLOWED_HOSTS": "mentoring.example.org",
        "HEARTBEAT_SECONDS": "1",
        "HEARTBEAT_MAX_AGE_SECONDS": "4",
    }
    run(env, "manage.py", "migrate", "--noinput")
    port = free_port()
    processes = [
        start(env, sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "mentoring.wsgi")
    ]
    try:
        wait_for(port, processes[0])
        assert probe(port)[0] == 503  # neither worker nor beat yet
        processes.append(start(env, *CELERY, "beat", "--loglevel=INFO"))
        worker = start(env, *CELERY, "worker", "--pool=solo", "--without-mingle")
        processes.append(worker)

        status, answer = until(port, 200)
        assert status == 200, answer
        assert set(answer["checks"].values()) == {"ok"}

        worker.terminate()
        worker.wait(timeout=30)
        status, answer = until(port, 503)
        assert status == 503, answer
        assert answer["checks"]["worker"] == "failing" and answer["checks"]["beat"] == "ok", answer
    finally:
        for process in processes:
            process.terminate()
            process.communicate(timeout=30)
