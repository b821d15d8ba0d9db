"""Make the audit log append-only in the database itself (DATA-2): triggers refuse every
UPDATE and DELETE of an entry, whatever code or console asks.

On SQLite, a later migration that remakes the table (most AlterField and RemoveField
operations do) drops these triggers with the old table: it must install them again.
"""

from django.db import migrations

MESSAGE = "The audit log is append-only."

SQLITE_INSTALL = [
    f"""CREATE TRIGGER audit_auditentry_no_{event.lower()} BEFORE {event} ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"""
    for event in ["UPDATE", "DELETE"]
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete;",
]

POSTGRESQL_INSTALL = [
    f"""CREATE FUNCTION audit_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$;""",
    *[
        f"""CREATE TRIGGER audit_auditentry_no_{event.lower()} BEFORE {event} ON audit_auditentry
        FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only();"""
        for event in ["UPDATE", "DELETE"]
    ],
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update ON audit_auditentry;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete ON audit_auditentry;",
    "DROP FUNCTION IF EXISTS audit_auditentry_append_only();",
]

STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
}


def run(schema_editor, which):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"No append-only triggers for {vendor} databases.")
    for statement in STATEMENTS[vendor][which]:
        schema_editor.execute(statement)


def install(apps, schema_editor):
    run(schema_editor, 0)


def remove(apps, schema_editor):
    run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_audit_entries"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
