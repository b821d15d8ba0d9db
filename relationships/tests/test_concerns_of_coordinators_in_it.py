"""A coordinator who is also in a relationship (issue 18, finding 3): concerns raised there are
invisible to them everywhere, and are handled by another coordinator of the programme, or by
the site administrator in the admin site when there is none."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mentoring.audit.models import AuditEntry
from mentoring.notifications.models import Notification
from mentoring.people.services import role_grant
from relationships.models import Concern
from relationships.services.care import concern_handle, concern_raise
from tests.matching import accepted, paired, programme_for_matching, went_ahead

WORRY = "PLANTED my mentor shouts"


@pytest.fixture
def active(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member); Chris is also one of the programme's
    coordinators, alongside the coordinator."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    relationship = went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )
    role_grant(user=colleague.user, role="coordinator")
    programme.coordinators.add(colleague)
    mail.outbox.clear()
    return relationship


@pytest.fixture
def concern(active, staff_member):
    return concern_raise(by=staff_member.user, relationship=active, text=WORRY)


@pytest.fixture
def alone(active, coordinator):
    """Chris is the programme's only coordinator."""
    active.programme.coordinators.remove(coordinator)
    return active


@pytest.fixture
def site_admin(director):
    director.user.is_staff = director.user.is_superuser = True
    director.user.save()
    return director


def audit_page(client, person, **query):
    client.force_login(person.user)
    response = client.get(reverse("audit:search"), query)
    assert response.status_code == 200
    return response


def test_the_coordinator_in_it_finds_no_audit_entry_about_its_concerns(client, concern, colleague):
    response = audit_page(client, colleague, kind="concern")
    assert [e for e in response.context["page"].object_list if e.kind == "concern"] == []
    assert "concern" not in dict(response.context["filter"].filters["kind"].extra["choices"])


def test_the_coordinator_not_in_it_finds_the_audit_entries_about_its_concerns(
    client, concern, coordinator
):
    response = audit_page(client, coordinator, kind="concern")
    assert [e.object_id for e in response.context["page"].object_list] == [concern.pk]


def test_the_coordinator_in_it_cannot_mark_a_concern_dealt_with(client, concern, colleague):
    client.force_login(colleague.user)
    response = client.post(reverse("relationships:concern_handled", args=[concern.pk]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        concern_handle(by=colleague.user, concern=concern)
    concern.refresh_from_db()
    assert concern.handled_at is None


def test_the_coordinator_not_in_it_marks_it_dealt_with(client, concern, coordinator):
    client.force_login(coordinator.user)
    response = client.post(reverse("relationships:concern_handled", args=[concern.pk]))
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.handled_by == coordinator


def test_only_the_coordinator_not_in_it_is_told(concern, coordinator, colleague):
    told = set(Notification.objects.filter(kind="concern_raised").values_list("person", flat=True))
    assert told == {coordinator.pk}


def test_the_dashboard_counts_it_for_the_coordinator_not_in_it_only(
    client, concern, coordinator, colleague
):
    url = reverse("evaluations:dashboard")
    client.force_login(coordinator.user)
    assert client.get(url).context["totals"]["concern"] == 1
    client.force_login(colleague.user)
    assert client.get(url).context["totals"]["concern"] == 0


def test_with_no_other_coordinator_the_site_administrator_is_told(alone, staff_member, site_admin):
    concern_raise(by=staff_member.user, relationship=alone, text=WORRY)
    told = set(Notification.objects.filter(kind="concern_raised").values_list("person", flat=True))
    assert told == {site_admin.pk}


def test_with_no_other_coordinator_the_site_administrator_reads_and_handles_it_in_the_admin(
    client, alone, concern, site_admin
):
    client.force_login(site_admin.user)
    page = client.get(reverse("admin:relationships_concern_change", args=[concern.pk]))
    assert WORRY in page.text
    response = client.post(
        reverse("admin:relationships_concern_changelist"),
        {"action": "mark_dealt_with", "_selected_action": [concern.pk]},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.handled_by == site_admin
    assert AuditEntry.objects.filter(kind="concern", action="change", user_id=site_admin.user.pk)


def test_the_site_administrator_leaves_it_to_a_coordinator_not_in_it(client, concern, site_admin):
    client.force_login(site_admin.user)
    page = client.get(reverse("admin:relationships_concern_change", args=[concern.pk]))
    assert WORRY not in page.text
    client.post(
        reverse("admin:relationships_concern_changelist"),
        {"action": "mark_dealt_with", "_selected_action": [concern.pk]},
    )
    assert Concern.objects.get(pk=concern.pk).handled_at is None


def test_in_the_admin_site_someone_in_it_finds_no_trace_of_its_concerns(client, concern, colleague):
    """Chris has staff status and may view concerns and the audit log there: still nothing
    that tells of a concern raised in his own relationship (REL-4)."""
    colleague.user.is_staff = True
    colleague.user.save()
    colleague.user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_concern", "view_auditentry"])
    )
    client.force_login(colleague.user)
    concerns = client.get(reverse("admin:relationships_concern_changelist"))
    audit = client.get(reverse("admin:audit_auditentry_changelist"), {"kind": "concern"})
    assert concerns.status_code == audit.status_code == 200
    assert list(concerns.context["cl"].result_list) == []
    assert [e for e in audit.context["cl"].result_list if e.kind == "concern"] == []
    one = client.get(reverse("admin:relationships_concern_change", args=[concern.pk]))
    assert one.status_code == 302 and WORRY not in one.text
