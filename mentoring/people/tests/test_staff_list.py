import pytest
from django.urls import reverse

from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator.user)
    return client


def test_it_finds_a_person_by_any_part_of_their_name(signed_in, staff_member, colleague):
    response = signed_in.get(reverse("people:staff_list"), {"q": "jo ev"})
    assert list(response.context["page"].object_list) == [staff_member]


def test_it_filters_by_department_and_working_pattern(signed_in, staff_member, colleague):
    part_timer = StaffMemberFactory(hours="part_time", department=staff_member.department)
    response = signed_in.get(
        reverse("people:staff_list"),
        {"department": staff_member.department.pk, "hours": "part_time"},
    )
    assert list(response.context["page"].object_list) == [part_timer]


def test_it_pages_through_staff_25_at_a_time_keeping_the_filters(signed_in):
    StaffMemberFactory.create_batch(30, job_title="Planner")
    response = signed_in.get(reverse("people:staff_list"), {"q": "planner", "page": 2})
    assert len(response.context["page"].object_list) == 5
    assert "q=planner&amp;page=1" in response.text


def test_a_bad_filter_value_is_reported_not_an_error(signed_in):
    response = signed_in.get(reverse("people:staff_list"), {"department": "999999"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


@pytest.mark.parametrize("size", [5, 50])
def test_the_page_takes_the_same_queries_whatever_the_numbers(
    signed_in, django_assert_num_queries, line_manager, size
):
    StaffMemberFactory.create_batch(size, line_manager=line_manager)
    # session, user, permissions (2), count, page of staff, three filter drop-downs,
    # and the sliding session expiry (savepoint, update, release)
    # and the navigation's line-manager check
    with django_assert_num_queries(14):
        signed_in.get(reverse("people:staff_list"))


def test_it_filters_inactive_and_external_people(signed_in, staff_member, colleague):
    colleague.is_active = False
    colleague.save()
    external = StaffMemberFactory(is_external=True, external_organisation="Youth Trust")
    inactive = signed_in.get(reverse("people:staff_list"), {"is_active": "false"})
    assert list(inactive.context["page"].object_list) == [colleague]
    externals = signed_in.get(reverse("people:staff_list"), {"is_external": "true"})
    assert list(externals.context["page"].object_list) == [external]


@pytest.mark.parametrize("size", [2, 20])
def test_a_staff_record_takes_the_same_queries_whatever_the_team_size(
    signed_in, django_assert_num_queries, line_manager, size
):
    StaffMemberFactory.create_batch(size, line_manager=line_manager)
    # session, user, permissions (2), the record, its reports, the person's roles,
    # and the sliding session expiry (3)
    # and the navigation's line-manager check, and whether the reader may open the person's
    # participation history
    with django_assert_num_queries(13):
        response = signed_in.get(reverse("people:staff_detail", args=[line_manager.pk]))
    assert len(response.context["reports"]) == size


def test_a_coordinator_sees_whether_someone_can_sign_in(signed_in, staff_member, sponsor):
    url = reverse("people:staff_detail", args=[staff_member.pk])
    assert "Has a password; has not signed in yet" in signed_in.get(url).text
    staff_member.user.set_unusable_password()
    staff_member.user.save()
    assert "Has not chosen a password yet" in signed_in.get(url).text
    staff_member.is_active = False
    staff_member.save()
    assert "Cannot sign in: the staff record is inactive" in signed_in.get(url).text
    response = signed_in.get(reverse("people:staff_detail", args=[sponsor.pk]))
    assert "Sponsors" in response.text


def test_a_line_manager_sees_the_record_but_not_the_sign_in_details(
    client, line_manager, staff_member
):
    client.force_login(line_manager.user)
    response = client.get(reverse("people:staff_detail", args=[staff_member.pk]))
    assert staff_member.work_email in response.text
    assert "Signing in" not in response.text and "account" not in response.context
