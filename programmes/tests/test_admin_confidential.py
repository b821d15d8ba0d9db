"""The admin site is no back door to applications (DATA-1): what an applicant wrote in
confidence is hidden there unless the signed-in person reads it in the portal too."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import StaffMemberFactory
from tests.matching import accepted

AIMS = "I want to leave my team."
NOTE = "My manager will not support anyone."


@pytest.fixture
def application(open_programme, staff_member):
    return accepted(
        open_programme, staff_member, "mentee", aims=AIMS, aims_private=True, confidential_note=NOTE
    )


@pytest.fixture
def viewer(client):
    """Staff who may view every model in the admin, and has no part in any programme."""
    person = StaffMemberFactory()
    person.user.is_staff = True
    person.user.save()
    person.user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(person.user)
    return person


def test_a_staff_user_who_may_view_applications_reads_no_private_aims_or_note(
    client, application, viewer
):
    change = client.get(reverse("admin:programmes_application_change", args=[application.pk]))
    listing = client.get(reverse("admin:programmes_application_changelist"), {"q": "manager"})
    assert change.status_code == listing.status_code == 200
    for page in [change, listing]:
        assert AIMS not in page.text and NOTE not in page.text


def test_nor_can_they_filter_applications_on_what_was_written(client, application, viewer):
    changelist = reverse("admin:programmes_application_changelist")
    response = client.get(changelist, {"confidential_note__icontains": "manager"})
    assert response.status_code in (302, 400)
    assert "result_list" not in (response.context or {})


def test_the_programmes_coordinator_reads_them_there_as_in_the_portal(
    client, application, coordinator
):
    coordinator.user.is_staff = True
    coordinator.user.save()
    coordinator.user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(coordinator.user)
    page = client.get(reverse("admin:programmes_application_change", args=[application.pk]))
    assert AIMS in page.text and NOTE in page.text
