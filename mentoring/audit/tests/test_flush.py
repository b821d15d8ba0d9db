"""Emptying the whole database (`flush`, and the test runner after transactional tests) empties
the audit log too, on SQLite as on PostgreSQL, and leaves it append-only."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_flushing_the_database_empties_the_log_and_it_stays_append_only(staff_member):
    audit_record(by=staff_member.user, action="read", kind="review", object_id=1)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    entry = audit_record(by=UserFactory(), action="read", kind="review", object_id=1)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    # and the test runner's own flush, after this test, copes with the entry left behind
