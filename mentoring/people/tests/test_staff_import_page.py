import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.people.models import StaffMember
from tests.csv_files import person, staff_csv

pytestmark = pytest.mark.django_db


def upload(client, file, name="staff.csv", **options):
    data = {"file": SimpleUploadedFile(name, file.getvalue(), "text/csv"), **options}
    return client.post(reverse("people:staff_import"), data, follow=True)


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator.user)
    return client


def test_a_coordinator_imports_a_good_file(signed_in):
    response = upload(signed_in, staff_csv(person("amira.khan@example.org")))
    assert "Staff imported: 1 new, 0 updated, 0 unchanged and 0 deactivated, from 1 rows." in (
        response.text
    )
    assert StaffMember.objects.filter(work_email="amira.khan@example.org").exists()


def test_a_bad_file_lists_each_problem_and_imports_nothing(signed_in):
    count = StaffMember.objects.count()
    response = upload(
        signed_in,
        staff_csv(person("a@example.org", manager="ghost@example.org"), person("a@example.org")),
    )
    assert "Nothing was imported: 2 problems to fix" in response.text
    assert "Unknown line manager ghost@example.org" in response.text
    assert "Duplicate work email: already on line 2." in response.text
    assert StaffMember.objects.count() == count


def test_check_only_changes_nothing(signed_in):
    count = StaffMember.objects.count()
    response = upload(signed_in, staff_csv(person("a@example.org")), dry_run="on")
    assert "The file is good and nothing was changed" in response.text
    assert StaffMember.objects.count() == count


def test_a_full_export_deactivates_people_not_in_it(signed_in, staff_member, coordinator):
    file = staff_csv(person("a@example.org"), person(coordinator.work_email))
    upload(signed_in, file, deactivate_missing="on")
    staff_member.refresh_from_db()
    assert not staff_member.is_active


def test_a_full_export_without_the_coordinator_is_refused(signed_in, staff_member):
    response = upload(signed_in, staff_csv(person("a@example.org")), deactivate_missing="on")
    assert "this full export would deactivate you" in response.text
    staff_member.refresh_from_db()
    assert staff_member.is_active


def test_a_file_that_is_not_csv_is_refused_next_to_the_field(signed_in):
    response = upload(signed_in, staff_csv(person("a@example.org")), name="staff.xlsx")
    assert "Choose a .csv file." in response.text
    assert not StaffMember.objects.filter(work_email="a@example.org").exists()


def test_no_file_is_refused_next_to_the_field(signed_in):
    response = signed_in.post(reverse("people:staff_import"), {})
    assert response.status_code == 200
    assert "This field is required." in response.text


def test_a_line_manager_cannot_import(client, line_manager):
    client.force_login(line_manager.user)
    response = upload(client, staff_csv(person("a@example.org")))
    assert response.status_code == 403
    assert not StaffMember.objects.filter(work_email="a@example.org").exists()


def test_a_file_over_the_size_limit_is_refused_beside_the_field_and_imports_nothing(
    signed_in, settings
):
    settings.STAFF_IMPORT_MAX_MB = 1
    rows = [person(f"p{n}@example.org") for n in range(13_500)]
    file = staff_csv(*rows)
    assert len(file.getvalue()) > 1024 * 1024
    response = upload(signed_in, file)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is 1.1 MB; the largest the portal accepts is 1 MB. Split it, or ask the "
        "administrator to raise the limit."
    ]
    assert not StaffMember.objects.filter(work_email="p1@example.org").exists()
