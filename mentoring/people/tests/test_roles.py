import pytest
from django.contrib.auth.models import AnonymousUser

from mentoring.people import permissions
from mentoring.people.services import role_revoke
from tests.factories import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_is_granted_the_role_per_person(coordinator, staff_member):
    assert permissions.is_coordinator(coordinator.user)
    assert not permissions.is_coordinator(staff_member.user)


def test_a_revoked_coordinator_is_no_longer_one(coordinator):
    role_revoke(user=coordinator.user, role="coordinator")
    user = type(coordinator.user).objects.get(pk=coordinator.user.pk)
    assert not permissions.is_coordinator(user)


def test_an_inactive_coordinator_has_no_role(coordinator):
    coordinator.user.is_active = False
    assert not permissions.is_coordinator(coordinator.user)


def test_a_sponsor_reads_reports_but_does_not_coordinate(sponsor):
    assert permissions.is_sponsor(sponsor.user)
    assert not permissions.is_coordinator(sponsor.user)


def test_a_coordinator_may_also_read_reports(coordinator):
    assert permissions.is_sponsor(coordinator.user)


def test_line_manager_is_derived_from_active_reports(line_manager, staff_member):
    assert permissions.is_line_manager(line_manager.user)
    assert not permissions.is_line_manager(staff_member.user)
    staff_member.is_active = False
    staff_member.save()
    assert not permissions.is_line_manager(line_manager.user)


def test_anonymous_and_unlinked_accounts_have_no_roles():
    for user in [AnonymousUser(), UserFactory()]:
        assert not permissions.is_coordinator(user)
        assert not permissions.is_sponsor(user)
        assert not permissions.is_line_manager(user)


def test_who_can_view_a_staff_record(
    coordinator, director, line_manager, staff_member, colleague, sponsor
):
    assert permissions.can_view_staff_member(staff_member.user, staff_member)
    assert permissions.can_view_staff_member(line_manager.user, staff_member)
    assert permissions.can_view_staff_member(director.user, staff_member)
    assert permissions.can_view_staff_member(coordinator.user, staff_member)
    assert not permissions.can_view_staff_member(colleague.user, staff_member)
    assert not permissions.can_view_staff_member(sponsor.user, staff_member)
    assert not permissions.can_view_staff_member(staff_member.user, line_manager)


def test_only_coordinators_list_and_import_staff(coordinator, line_manager, sponsor):
    assert permissions.can_list_staff(coordinator.user)
    assert permissions.can_import_staff(coordinator.user)
    for person in [line_manager, sponsor, StaffMemberFactory()]:
        assert not permissions.can_list_staff(person.user)
        assert not permissions.can_import_staff(person.user)
