import threading

import pytest
from django.db import connection, connections

from mentoring.people.models import StaffMember, User
from mentoring.people.staff_import import StaffImportError, staff_import
from tests.csv_files import organisation, staff_csv

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's shared in-memory test database cannot hold two writers at once; "
        "`make test` runs this in its PostgreSQL pass.",
    ),
]


def test_imports_at_the_same_moment_run_one_after_the_other():
    rows = organisation(200)
    outcomes, start = [], threading.Barrier(6)

    def import_file():
        start.wait()
        try:
            staff_import(file=staff_csv(*rows))
            outcomes.append("imported")
        except StaffImportError as exc:
            outcomes.append([e.reason for e in exc.errors])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=import_file) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["imported"] * 6
    assert StaffMember.objects.count() == 200 == User.objects.count()
    assert StaffMember.objects.filter(line_manager__isnull=False).count() == 199
