"""Manage → Applications: each programme the coordinator runs, with what waits in its queue."""

import pytest
from django.urls import reverse

from programmes.models import Application
from programmes.services.applications import application_submit
from tests.factories import StaffMemberFactory
from tests.matching import programme_for_matching

pytestmark = pytest.mark.django_db


def apply(programme, person=None):
    person = person or StaffMemberFactory()
    return application_submit(
        by=person.user,
        application=Application(
            programme=programme, role="mentee", needs=["advice"], aims="Lead a team."
        ),
    )


def test_the_coordinator_sees_what_waits_in_each_programme(
    client, coordinator, staff_member, open_programme
):
    apply(open_programme, staff_member)  # waits for Sam Patel, Jo's manager
    apply(open_programme)  # no manager: waits for the decision
    client.force_login(coordinator.user)
    response = client.get(reverse("programmes:applications"))
    assert response.status_code == 200
    rows = response.context["programmes"]
    [row] = rows
    assert (row.waiting_for_manager, row.waiting_for_decision, row.on_waiting_list) == (1, 1, 0)
    assert reverse("programmes:queue", args=[open_programme.pk]) in response.text
    assert "Cleveland mentoring" in response.text


def test_programmes_run_by_others_are_not_listed(client, coordinator, open_programme):
    other = StaffMemberFactory()
    from mentoring.people.services import role_grant

    role_grant(user=other.user, role="coordinator")
    client.force_login(other.user)
    response = client.get(reverse("programmes:applications"))
    assert "Cleveland mentoring" not in response.text
    assert "You do not run any programme" in response.text


def test_the_applications_page_is_in_the_manage_navigation(client, coordinator, open_programme):
    client.force_login(coordinator.user)
    for url in [
        reverse("programmes:applications"),
        reverse("programmes:queue", args=[open_programme.pk]),
    ]:
        menu = client.get(url).context["menu"]
        assert [i["label"] for i in menu["manage"] if i["current"]] == ["Applications"], url


@pytest.mark.parametrize("programmes", [1, 4])
def test_the_applications_page_reads_a_constant_number_of_queries(
    client, coordinator, django_assert_num_queries, programmes
):
    for _ in range(programmes):
        apply(programme_for_matching(coordinator))
    client.force_login(coordinator.user)
    # session, user, permissions (2), the coordinator, the programmes with their counts,
    # sliding session expiry (3) and the navigation's line-manager check
    with django_assert_num_queries(10):
        client.get(reverse("programmes:applications"))


def test_a_programme_page_is_under_manage_for_a_coordinator(client, coordinator, open_programme):
    client.force_login(coordinator.user)
    menu = client.get(open_programme.get_absolute_url()).context["menu"]
    assert [i["label"] for i in menu["manage"] if i["current"]] == ["Programmes"]
