import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_record_cannot_make_a_management_loop(line_manager, staff_member, director):
    director.line_manager = staff_member
    with pytest.raises(ValidationError, match="that would make a loop"):
        director.full_clean()


def test_nobody_is_their_own_line_manager_with_a_readable_message(staff_member):
    staff_member.line_manager = staff_member
    with pytest.raises(ValidationError, match="that would make a loop"):
        staff_member.full_clean()


def test_the_admin_site_refuses_a_loop_next_to_the_field(admin_client, line_manager, director):
    url = reverse("admin:people_staffmember_change", args=[director.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "line_manager": line_manager.pk,
        "user": director.user.pk,
        "department": "",
        "location": "",
        "grade": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "that would make a loop" in response.text
    director.refresh_from_db()
    assert director.line_manager is None


def test_a_line_manager_is_led_from_a_reports_record_to_their_participation(
    client, line_manager, staff_member, director
):
    history = reverse("programmes:history", args=[staff_member.pk])
    client.force_login(line_manager.user)
    assert history in client.get(reverse("people:staff_detail", args=[staff_member.pk])).text
    client.force_login(director.user)  # further up: the record, but not the participation
    assert history not in client.get(reverse("people:staff_detail", args=[staff_member.pk])).text
