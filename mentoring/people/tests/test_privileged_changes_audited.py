"""Issue 18 §13: privileged changes are in the audit log: what a staff import did to whom, and
every role granted or revoked, by the command or in the admin site, with who did it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from mentoring.audit.models import AuditEntry
from mentoring.people.models import StaffMember
from mentoring.people.services import role_group
from mentoring.people.staff_import import staff_import
from tests.csv_files import person, staff_csv

pytestmark = pytest.mark.django_db


def row(staff, manager=None):
    return person(
        staff.work_email,
        manager=manager.work_email if manager else "",
        first_name=staff.first_name,
        last_name=staff.last_name,
        job_title=staff.job_title,
    )


@pytest.fixture
def full_export(coordinator, director, line_manager, staff_member):
    """Jo now reports to Ruth; Sam has left; Amira has joined."""
    return staff_csv(
        row(coordinator),
        row(director),
        row(staff_member, manager=director),
        person("amira.khan@example.org"),
    )


def entries(**filters):
    return {
        (e.action, e.object_id): (e.who, e.note)
        for e in AuditEntry.objects.filter(kind="staff record", **filters)
    }


def test_an_import_records_whom_it_added_deactivated_and_moved_and_who_ran_it(
    full_export, coordinator, line_manager, staff_member
):
    staff_import(file=full_export, deactivate_missing=True, imported_by=coordinator.user)
    amira = StaffMember.objects.get(work_email="amira.khan@example.org")
    assert entries() == {
        ("create", amira.pk): ("Alex Morgan", "Amira Khan added by a staff import"),
        ("change", line_manager.pk): ("Alex Morgan", "Sam Patel deactivated by a staff import"),
        ("change", staff_member.pk): (
            "Alex Morgan",
            "Jo Evans: line manager Sam Patel → Ruth Bennett, by a staff import",
        ),
    }


def test_a_returning_leaver_is_recorded_as_reactivated(coordinator, colleague):
    StaffMember.objects.filter(pk=colleague.pk).update(is_active=False)
    staff_import(file=staff_csv(row(colleague)), imported_by=coordinator.user)
    assert entries() == {
        ("change", colleague.pk): ("Alex Morgan", "Chris Taylor reactivated by a staff import")
    }


def test_a_dry_run_records_nothing(full_export, coordinator):
    staff_import(
        file=full_export, deactivate_missing=True, dry_run=True, imported_by=coordinator.user
    )
    assert entries() == {}


def test_the_import_command_is_recorded_as_the_command_line(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(staff_csv(person("amira.khan@example.org")).getvalue())
    call_command("import_staff", str(path))
    amira = StaffMember.objects.get(work_email="amira.khan@example.org")
    assert entries() == {
        ("create", amira.pk): ("Command line", "Amira Khan added by a staff import")
    }


def roles(user):
    return list(
        AuditEntry.objects.filter(kind="role", object_id=user.pk)
        .order_by("pk")
        .values_list("who", "action", "note")
    )


def test_the_grant_role_command_records_a_grant_and_a_revoke(staff_member):
    call_command("grant_role", staff_member.work_email, "coordinator")
    call_command("grant_role", staff_member.work_email, "coordinator", "--revoke")
    assert roles(staff_member.user) == [
        ("Command line", "grant", "Coordinator role for Jo Evans"),
        ("Command line", "revoke", "Coordinator role for Jo Evans"),
    ]


def admin_save(client, user, groups, **flags):
    data = {
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in groups],
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        **{flag: "on" for flag, on in flags.items() if on},
    }
    response = client.post(reverse("admin:people_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_group_membership_changed_in_the_admin_site_is_recorded(admin_client, staff_member):
    sponsors, other = role_group("sponsor"), Group.objects.create(name="Newsletter")
    admin_save(admin_client, staff_member.user, [sponsors, other])
    admin_save(admin_client, staff_member.user, [other], is_staff=True)
    assert roles(staff_member.user) == [
        ("admin@example.com", "grant", "Newsletter group for Jo Evans"),
        ("admin@example.com", "grant", "Sponsors group for Jo Evans"),
        ("admin@example.com", "grant", "Staff status (admin site) for Jo Evans"),
        ("admin@example.com", "revoke", "Sponsors group for Jo Evans"),
    ]


def test_a_line_manager_or_leaver_changed_in_the_admin_site_is_recorded(
    admin_client, staff_member, line_manager, director
):
    """The admin site changes the same staff records an import does: the same entries."""
    url = reverse("admin:people_staffmember_change", args=[staff_member.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {name: "on" if value is True else value for name, value in data.items() if value}
    data["line_manager"] = director.pk
    del data["is_active"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert StaffMember.objects.get(pk=staff_member.pk).line_manager == director
    recorded = AuditEntry.objects.filter(kind="staff record", object_id=staff_member.pk)
    assert set(recorded.values_list("who", "note")) == {
        ("admin@example.com", "Jo Evans: line manager Sam Patel → Ruth Bennett, in the admin site"),
        ("admin@example.com", "Jo Evans deactivated in the admin site"),
    }


def test_permissions_given_to_a_role_group_in_the_admin_site_are_recorded(admin_client):
    """Widening what every coordinator may do is a privileged change too."""
    coordinators = role_group("coordinator")
    had = list(coordinators.permissions.values_list("pk", flat=True))
    viewing = Permission.objects.get(codename="view_application")
    url = reverse("admin:auth_group_change", args=[coordinators.pk])
    response = admin_client.post(
        url, {"name": coordinators.name, "permissions": [*had, viewing.pk]}
    )
    assert response.status_code == 302
    recorded = AuditEntry.objects.filter(kind="group", action="grant", object_id=coordinators.pk)
    view = "Programmes | application | Can view application"
    assert list(recorded.values_list("who", "note")) == [
        ("admin@example.com", f"Permission “{view}” for the Coordinators group")
    ]
