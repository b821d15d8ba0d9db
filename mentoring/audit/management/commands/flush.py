"""Django's `flush`, which also works on SQLite once the audit log has entries.

PostgreSQL empties tables with TRUNCATE, which row triggers do not see; SQLite has no TRUNCATE
and deletes row by row, which the audit log's append-only triggers refuse. So on SQLite the
triggers are lifted for the flush alone and put back in the same transaction. The test runner
flushes after every transactional test (browser tests, concurrency tests), hence this command.
"""

from importlib import import_module

from django.core.management.commands import flush
from django.db import connections, transaction

append_only = import_module("mentoring.audit.migrations.0002_append_only")


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite" or not self._has_triggers(connection):
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for statement in append_only.SQLITE_REMOVE:
                cursor.execute(statement)
            super().handle(**options)
            for statement in append_only.SQLITE_INSTALL:
                cursor.execute(statement)

    def _has_triggers(self, connection):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["audit_auditentry"],
            )
            return cursor.fetchone() is not None
