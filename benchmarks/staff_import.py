"""Time the staff import of a 5,000-row HR export: first load, an unchanged re-import, and a
re-import that moves a fifth of the people to new managers.

    .venv/bin/python benchmarks/staff_import.py [rows]

Runs against a throw-away SQLite file, or the database in DATABASE_URL when set (use an empty
one: the benchmark creates its tables). Prints one RESULT line per measurement.
"""

import sys
import time

from _start import django_started

django_started()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mentoring.people.staff_import import staff_import  # noqa: E402
from tests.csv_files import organisation, staff_csv  # noqa: E402


def measure(name, rows):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = staff_import(file=staff_csv(*rows))
        seconds = time.perf_counter() - started
    print(
        f"RESULT {name}_seconds={seconds:.2f} queries={len(queries)} rows={result.rows} "
        f"created={result.created} updated={result.updated} unchanged={result.unchanged}"
    )


def main(size):
    call_command("migrate", verbosity=0)
    rows = organisation(size)
    print(f"Staff import benchmark: {size} rows on {connection.vendor}")
    measure("first_import", list(reversed(rows)))
    measure("unchanged_reimport", rows)
    for n, row in enumerate(rows[1:], start=1):
        if n % 5 == 0:
            row["line_manager_email"] = rows[0]["work_email"]
    measure("reimport_new_managers", rows)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
