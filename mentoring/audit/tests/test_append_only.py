"""Nobody changes or deletes an entry: not the ORM, not raw SQL (DATA-2)."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(staff_member):
    return audit_record(by=staff_member.user, action="read", kind="review", object_id=9)


def raw(sql, *params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_change_an_entry(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE audit_auditentry SET who = %s WHERE id = %s", "Someone else", entry.pk)
    assert AuditEntry.objects.get().who == "Jo Evans"


def test_the_database_refuses_to_delete_an_entry(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM audit_auditentry WHERE id = %s", entry.pk)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refusal_is_an_integrity_error_on_every_database(entry):
    with pytest.raises(IntegrityError):
        raw("DELETE FROM audit_auditentry")


def test_the_orm_refuses_to_save_an_entry_again(entry):
    entry.who = "Someone else"
    with pytest.raises(IntegrityError, match="append-only"):
        entry.save()
    assert AuditEntry.objects.get().who == "Jo Evans"


def test_the_orm_refuses_to_delete_an_entry(entry):
    with pytest.raises(IntegrityError, match="append-only"):
        entry.delete()
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.count() == 1


def test_the_orm_refuses_to_update_entries_in_bulk(entry):
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEntry.objects.update(note="tidied")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["note"])
    assert AuditEntry.objects.get().note == ""


def test_new_entries_are_still_added(entry, line_manager):
    audit_record(by=line_manager.user, action="read", kind="review", object_id=9)
    assert AuditEntry.objects.count() == 2
