"""Time what probes and Prometheus ask for: /health/ready and a /metrics scrape, with 100,000
notifications waiting to be emailed (as after a long mail server outage) and 2,000 failures.

    .venv/bin/python benchmarks/operations.py [notifications]

Runs against a throw-away SQLite file, or the database in DATABASE_URL when set (use an empty
one: the benchmark creates its tables). Prints one RESULT line per measurement: the median of
20 requests and their query count.
"""

import os
import statistics
import sys
import time

from _start import PAGES, environment

workdir = environment(**PAGES, CELERY_DATA_DIR="{workdir}")
os.makedirs(f"{workdir}/queue", exist_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mentoring.notifications.models import Kind, Notification  # noqa: E402
from mentoring.operations.models import JobFailure  # noqa: E402
from mentoring.operations.services import heartbeat_record  # noqa: E402
from mentoring.people.models import StaffMember  # noqa: E402


def fill(size):
    people = StaffMember.objects.bulk_create(
        StaffMember(first_name="P", last_name=str(n), work_email=f"p{n}@example.org")
        for n in range(1000)
    )
    Notification.objects.bulk_create(
        (
            Notification(
                person=people[n % 1000],
                kind=Kind.REVIEW_DUE,
                about=n,
                occasion="2026-12-06",
                message="Your mentoring review is due.",
                link=f"/mentoring/{n}/",
            )
            for n in range(size)
        ),
        batch_size=5000,
    )
    JobFailure.objects.bulk_create(
        JobFailure(job="Emails", error="OSError: no answer") for _ in range(2000)
    )
    for process in ["worker", "beat", "sweep"]:
        heartbeat_record(process=process, seconds=1.0)


def measure(name, path):
    client, times = Client(), []
    for _ in range(20):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path, REMOTE_ADDR="127.0.0.1")
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    median_ms = statistics.median(times) * 1000
    print(f"RESULT {name}_ms={median_ms:.1f} queries={len(queries)}")


def main(size):
    call_command("migrate", verbosity=0)
    fill(size)
    print(f"Operations benchmark: {size} notifications waiting on {connection.vendor}")
    measure("ready", "/health/ready")
    measure("metrics", "/metrics")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
