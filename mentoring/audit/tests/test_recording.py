import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_records_who_did_what_to_which_record_and_when(staff_member, line_manager):
    before = timezone.now()
    entry = audit_record(
        by=line_manager.user,
        action=AuditEntry.Action.READ,
        kind="meeting log",
        obj=staff_member,  # any saved object gives its number
        relationship_id=7,
        programme_id=3,
        note="version 2",
    )
    stored = AuditEntry.objects.get()
    assert stored == entry
    assert stored.user_id == line_manager.user.pk
    assert stored.who == "Sam Patel"
    assert (stored.action, stored.kind, stored.note) == ("read", "meeting log", "version 2")
    assert (stored.object_id, stored.relationship_id, stored.programme_id) == (
        staff_member.pk,
        7,
        3,
    )
    assert before <= stored.at <= timezone.now()


def test_it_keeps_the_name_a_person_had_at_the_time(staff_member):
    audit_record(by=staff_member.user, action="change", kind="action plan", object_id=1)
    staff_member.last_name = "Evans-Hughes"
    staff_member.save()
    assert AuditEntry.objects.get().who == "Jo Evans"


def test_an_account_without_a_staff_record_is_named_by_its_email():
    admin = UserFactory(email="admin@example.org")
    entry = audit_record(by=admin, action="read", kind="concern", object_id=4)
    assert entry.who == "admin@example.org"


def test_it_refuses_an_action_it_does_not_know(staff_member):
    with pytest.raises(ValidationError):
        audit_record(by=staff_member.user, action="gossip", kind="concern", object_id=1)
    assert not AuditEntry.objects.exists()


def test_it_has_nowhere_to_put_content():
    fields = {field.name for field in AuditEntry._meta.get_fields()}
    assert fields == {
        "id",
        "at",
        "user_id",
        "who",
        "action",
        "kind",
        "object_id",
        "relationship_id",
        "programme_id",
        "note",
    }
    assert AuditEntry._meta.get_field("note").max_length == 200
