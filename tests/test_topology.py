"""The production topology, tested (docs/production-topology.md): scripts/topology starts
PostgreSQL, Redis, two gunicorn processes behind nginx, two Celery workers and a beat, drives
fifty simulated people through the portal and kills a gunicorn and a worker meanwhile. Here it
runs for 30 seconds of load rather than its default minute, and the test checks what it
found, never how fast: no request failed that nginx could have retried, no report and no email
lost or doubled, and no process of the run left behind.

It starts its own PostgreSQL server, so it runs once, in the suite's PostgreSQL pass
(`scripts/test` leaves the `topology` mark out of the SQLite pass)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.topology
def test_killing_a_web_process_and_a_worker_under_load_loses_and_doubles_nothing(tmp_path):
    logs = tmp_path / "logs"
    output, errors = run_topology("--duration", "30", "--people", "50", "--logs", str(logs))
    results = figures(output)

    assert results.get("settled") == "yes", errors
    assert results["failures_beyond_balancer"] == "0", errors
    assert results["no_failure_beyond_the_balancer"] == "yes"
    assert int(results["requests"]) > 0 and int(results["notifications_emailed"]) > 0
    assert results["emails_doubled"] == "0" and results["emails_missing"] == "0", errors
    assert results["every_notification_emailed_once"] == "yes", errors
    assert int(results["reports_asked"]) > 0, errors
    assert results["every_report_asked_for_built_once"] == "yes", errors
    assert results["no_process_ended_by_itself"] == "yes", errors
    assert left_running(logs) == [], "every process of the run is stopped"


def run_topology(*arguments):
    """Run the script; should it take too long, stop it as a person would (SIGTERM), which
    stops every process it started."""
    script = subprocess.Popen(
        [sys.executable, "scripts/topology", *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    try:
        return script.communicate(timeout=540)
    except subprocess.TimeoutExpired:
        script.send_signal(signal.SIGINT)
        output, errors = script.communicate(timeout=60)
        pytest.fail(f"scripts/topology took more than nine minutes:\n{errors[-5000:]}")


def figures(output):
    """The name=value pairs of the RESULT lines."""
    pairs = [
        pair.split("=", 1)
        for line in output.splitlines()
        if line.startswith("RESULT ")
        for pair in line.split()[1:]
    ]
    return dict(pairs)


def left_running(folder):
    """The processes still running whose environment names the run's folder (every process
    the run started has its static files there)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if str(folder).encode() in environ.read_bytes():
                found.append(environ.parent.name)
        except OSError:
            continue  # ended meanwhile, or not ours to read
    return found
