import pytest
from django.urls import reverse

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(staff_member):
    return audit_record(by=staff_member.user, action="read", kind="concern", object_id=3)


def test_the_admin_site_lists_and_searches_entries(admin_client, entry, line_manager):
    audit_record(by=line_manager.user, action="read", kind="concern", object_id=3)
    response = admin_client.get(reverse("admin:audit_auditentry_changelist"), {"q": "Evans"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [entry]


def test_the_admin_site_shows_an_entry_read_only(admin_client, entry):
    url = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"who": "Someone else"}).status_code == 403
    assert AuditEntry.objects.get().who == "Jo Evans"


def test_the_admin_site_neither_adds_nor_deletes_entries(admin_client, entry):
    assert admin_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.count() == 1
