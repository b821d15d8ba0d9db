"""Measure how much room the portal's data takes on PostgreSQL, per relationship, for
docs/scaling.md: run it after another benchmark (or `load_demo`) has filled the database.

    .venv/bin/python scripts/with_postgres.py bash -c '.venv/bin/python \
        benchmarks/reporting.py 50000 && .venv/bin/python benchmarks/database_size.py'

Reads the database in DATABASE_URL (PostgreSQL only: `pg_total_relation_size`, which counts
each table with its indexes and TOAST). Prints the ten largest tables, then:

RESULT database_bytes=<n> relationships=<n> meetings=<n> staff=<n> bytes_per_relationship=<n>
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from mentoring.people.models import StaffMember  # noqa: E402
from relationships.models import Meeting, Relationship  # noqa: E402

TABLES = """
    SELECT c.relname, pg_total_relation_size(c.oid)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname = 'public'
    ORDER BY 2 DESC
"""


def main():
    if connection.vendor != "postgresql":  # `make benchmark` runs every script on SQLite
        print("database_size.py measures PostgreSQL only: set DATABASE_URL to one.")
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(TABLES)
        tables = cursor.fetchall()
        cursor.execute("SELECT pg_database_size(current_database())")
        database_bytes = cursor.fetchone()[0]
    for name, size in tables[:10]:
        print(f"{name:45} {size / 2**20:10.1f} MiB")
    relationships = Relationship.objects.count()
    per_relationship = database_bytes // relationships if relationships else 0
    print(
        f"RESULT database_bytes={database_bytes} relationships={relationships} "
        f"meetings={Meeting.objects.count()} staff={StaffMember.objects.count()} "
        f"bytes_per_relationship={per_relationship}"
    )


if __name__ == "__main__":
    main()
