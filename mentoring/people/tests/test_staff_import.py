import io

import pytest
from django.urls import reverse

from mentoring.audit.models import AuditEntry
from mentoring.people.models import StaffMember, User
from mentoring.people.permissions import can_sign_in
from mentoring.people.staff_import import COLUMNS, StaffImportError, staff_import
from tests.csv_files import organisation, person, staff_csv

pytestmark = pytest.mark.django_db


def import_errors(file, **kwargs):
    with pytest.raises(StaffImportError) as caught:
        staff_import(file=file, **kwargs)
    return [(e.line, e.reason) for e in caught.value.errors]


def test_it_creates_staff_with_their_line_managers():
    staff_import(
        file=staff_csv(
            person("amira.khan@example.org"),
            person(
                "tom.reed@example.org",
                manager="amira.khan@example.org",
                hours="part time",
                contract="temporary",
            ),
            person(
                "grace.obi@trust.example",
                external="yes",
                organisation="Youth Trust",
                department="",
                job_title="",
            ),
        )
    )
    tom = StaffMember.objects.get(work_email="tom.reed@example.org")
    assert tom.line_manager.work_email == "amira.khan@example.org"
    assert (tom.hours, tom.contract) == ("part_time", "temporary")
    assert tom.department.name == "Housing" and tom.grade.name == "Grade 4"
    grace = StaffMember.objects.get(work_email="grace.obi@trust.example")
    assert grace.is_external and grace.external_organisation == "Youth Trust"


def test_it_sets_line_managers_whatever_the_row_order():
    rows = organisation(30)
    staff_import(file=staff_csv(*reversed(rows)))
    for row in rows[1:]:
        staff = StaffMember.objects.get(work_email=row["work_email"])
        assert staff.line_manager.work_email == row["line_manager_email"]


def test_it_gives_each_person_an_account_that_has_no_password_yet():
    staff_import(file=staff_csv(person("amira.khan@example.org")))
    user = User.objects.get(email="amira.khan@example.org")
    assert user.staff_member.work_email == "amira.khan@example.org"
    assert not user.has_usable_password()


def test_reimport_updates_by_work_email_and_reports_counts():
    staff_import(file=staff_csv(person("amira.khan@example.org"), person("tom.reed@example.org")))
    result = staff_import(
        file=staff_csv(
            person("AMIRA.KHAN@example.org", job_title="Head of People"),
            person("tom.reed@example.org", manager="amira.khan@example.org"),
            person("new.starter@example.org"),
        )
    )
    assert (result.created, result.updated, result.unchanged) == (1, 2, 0)
    assert StaffMember.objects.count() == 3
    assert (
        StaffMember.objects.get(work_email="amira.khan@example.org").job_title == "Head of People"
    )
    again = staff_import(
        file=staff_csv(
            person("amira.khan@example.org", job_title="Head of People"),
            person("tom.reed@example.org", manager="amira.khan@example.org"),
            person("new.starter@example.org"),
        )
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_it_deactivates_people_missing_from_a_full_export_only_when_asked():
    staff_import(file=staff_csv(person("stays@example.org"), person("leaver@example.org")))
    staff_import(file=staff_csv(person("stays@example.org")))
    assert StaffMember.objects.get(work_email="leaver@example.org").is_active

    result = staff_import(file=staff_csv(person("stays@example.org")), deactivate_missing=True)
    leaver = StaffMember.objects.select_related("user").get(work_email="leaver@example.org")
    assert result.deactivated == 1
    assert not leaver.is_active and not can_sign_in(leaver.user)


def test_a_returning_leaver_is_active_again():
    staff_import(file=staff_csv(person("stays@example.org"), person("leaver@example.org")))
    staff_import(file=staff_csv(person("stays@example.org")), deactivate_missing=True)
    staff_import(file=staff_csv(person("leaver@example.org")))
    assert can_sign_in(User.objects.select_related("staff_member").get(email="leaver@example.org"))


def test_a_row_marked_not_active_deactivates_that_person_and_is_audited():
    staff_import(file=staff_csv(person("stays@example.org"), person("leaver@example.org")))
    columns = [*COLUMNS, "active"]
    result = staff_import(
        file=staff_csv(person("leaver@example.org", active="no"), columns=columns)
    )
    leaver = StaffMember.objects.select_related("user").get(work_email="leaver@example.org")
    assert (result.updated, result.deactivated) == (1, 1)
    assert not leaver.is_active and not can_sign_in(leaver.user)
    assert StaffMember.objects.get(work_email="stays@example.org").is_active
    assert AuditEntry.objects.filter(
        kind="staff record", object_id=leaver.pk, note="Leaver Smith deactivated by a staff import"
    ).exists()


def test_an_active_column_takes_only_yes_or_no():
    columns = [*COLUMNS, "active"]
    errors = import_errors(staff_csv(person("a@example.org", active="maybe"), columns=columns))
    assert errors == [(2, "Active “maybe” should be yes or no.")]


def test_an_account_an_administrator_disabled_stays_disabled():
    staff_import(file=staff_csv(person("suspended@example.org")))
    User.objects.filter(email="suspended@example.org").update(is_active=False)
    staff_import(file=staff_csv(person("suspended@example.org", job_title="Changed")))
    assert not User.objects.get(email="suspended@example.org").is_active


def test_a_row_marking_the_coordinator_importing_it_as_a_leaver_is_refused(coordinator):
    columns = [*COLUMNS, "active"]
    file = staff_csv(
        person("someone@example.org"),
        person(coordinator.work_email, active="no", job_title="Changed"),
        columns=columns,
    )
    errors = import_errors(file, imported_by=coordinator.user)
    assert errors == [
        (
            3,
            "This row marks you as not active, which would deactivate you. "
            "Ask another coordinator to import it.",
        )
    ]
    coordinator.refresh_from_db()
    assert coordinator.is_active and coordinator.job_title != "Changed"
    assert not StaffMember.objects.filter(work_email="someone@example.org").exists()


def test_the_nightly_and_scim_paths_have_no_importer_so_any_leaver_is_deactivated(coordinator):
    columns = [*COLUMNS, "active"]
    staff_import(file=staff_csv(person(coordinator.work_email, active="no"), columns=columns))
    coordinator.refresh_from_db()
    assert not coordinator.is_active


def test_a_full_export_must_include_the_coordinator_importing_it(coordinator):
    errors = import_errors(
        staff_csv(person("someone@example.org")),
        deactivate_missing=True,
        imported_by=coordinator.user,
    )
    assert errors == [(0, "You are not in this file, so this full export would deactivate you.")]
    assert StaffMember.objects.get(pk=coordinator.pk).is_active


def test_a_dry_run_checks_the_file_and_changes_nothing():
    result = staff_import(file=staff_csv(person("amira.khan@example.org")), dry_run=True)
    assert result.created == 1 and result.dry_run
    assert not StaffMember.objects.exists() and not User.objects.exists()


def test_it_reports_an_unknown_manager():
    errors = import_errors(staff_csv(person("tom.reed@example.org", manager="nobody@example.org")))
    assert errors == [
        (2, "Unknown line manager nobody@example.org: not in this file or the records.")
    ]


def test_a_manager_already_in_the_records_need_not_be_in_the_file():
    staff_import(file=staff_csv(person("amira.khan@example.org")))
    staff_import(file=staff_csv(person("tom.reed@example.org", manager="amira.khan@example.org")))
    assert (
        StaffMember.objects.get(work_email="tom.reed@example.org").line_manager.first_name
        == "Amira"
    )


def test_a_full_export_must_contain_the_managers_it_names():
    staff_import(file=staff_csv(person("amira.khan@example.org")))
    errors = import_errors(
        staff_csv(person("tom.reed@example.org", manager="amira.khan@example.org")),
        deactivate_missing=True,
    )
    assert errors[0][0] == 2 and "Unknown line manager" in errors[0][1]


def test_it_reports_a_duplicate_email_with_the_first_line():
    errors = import_errors(
        staff_csv(person("a@example.org"), person("b@example.org"), person("A@example.org"))
    )
    assert errors == [(4, "Duplicate work email: already on line 2.")]


def test_it_reports_missing_fields():
    errors = import_errors(staff_csv(person("a@example.org", first_name="", department="")))
    assert errors == [(2, "Missing first name, department.")]


def test_it_reports_a_manager_cycle_on_every_row_in_it():
    errors = import_errors(
        staff_csv(
            person("a@example.org", manager="c@example.org"),
            person("b@example.org", manager="a@example.org"),
            person("c@example.org", manager="b@example.org"),
            person("d@example.org", manager="a@example.org"),
        )
    )
    assert [line for line, _ in errors] == [2, 3, 4]
    assert (
        errors[0][1]
        == "Manager cycle: a@example.org → c@example.org → b@example.org → a@example.org."
    )


def test_it_reports_a_cycle_through_someone_already_in_the_records():
    staff_import(
        file=staff_csv(person("a@example.org"), person("b@example.org", manager="a@example.org"))
    )
    errors = import_errors(staff_csv(person("a@example.org", manager="b@example.org")))
    assert errors == [(2, "Manager cycle: a@example.org → b@example.org → a@example.org.")]


def test_nobody_can_be_their_own_line_manager():
    errors = import_errors(staff_csv(person("a@example.org", manager="a@example.org")))
    assert errors == [(2, "Manager cycle: a person cannot be their own line manager.")]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"work_email": "not-an-email"}, "“not-an-email” is not a valid email address."),
        ({"hours": "sometimes"}, "Hours “sometimes” should be full time or part time."),
        ({"contract": "zero hours"}, "Contract “zero hours” should be permanent or temporary."),
        ({"external": "maybe"}, "External “maybe” should be yes or no."),
        ({"external": "yes"}, "Missing organisation for an external participant."),
    ],
)
def test_it_reports_values_it_cannot_read(change, reason):
    assert import_errors(staff_csv(person("a@example.org", **change))) == [(2, reason)]


def test_a_bad_file_imports_nothing_and_reports_every_bad_row():
    staff_import(file=staff_csv(person("existing@example.org", job_title="Officer")))
    errors = import_errors(
        staff_csv(
            person("existing@example.org", job_title="Changed"),
            person("good@example.org"),
            person("bad@example.org", manager="ghost@example.org"),
            person("good@example.org"),
            person("", first_name="Nameless"),
        )
    )
    assert [line for line, _ in errors] == [4, 5, 6]
    assert list(StaffMember.objects.values_list("work_email", "job_title")) == [
        ("existing@example.org", "Officer")
    ]


def test_it_reports_a_missing_column_on_the_header_line():
    file = staff_csv(person("a@example.org"), columns=["first_name", "work_email"])
    assert import_errors(file) == [(1, "Missing column(s): last_name.")]


def test_it_accepts_common_header_names_from_hr_systems():
    file = staff_csv(
        {
            "Forename": "Amira",
            "Surname": "Khan",
            "Email": "amira@example.org",
            "Job title": "Head",
            "Department": "HR",
        },
        columns=["Forename", "Surname", "Email", "Job title", "Department"],
    )
    staff_import(file=file)
    assert StaffMember.objects.get().full_name == "Amira Khan"


def test_it_refuses_a_file_that_is_not_utf8_text():
    errors = import_errors(io.BytesIO(b"\xff\xfe\x00bad"))
    assert errors == [(0, "The file is not UTF-8 text (save it as CSV UTF-8).")]


def test_it_imports_a_5000_row_export():
    rows = organisation(5000)
    result = staff_import(file=staff_csv(*reversed(rows)))
    assert result.created == 5000
    assert StaffMember.objects.filter(line_manager__isnull=False).count() == 4999
    assert User.objects.filter(staff_member__isnull=False).count() == 5000


def test_a_file_with_no_staff_imports_nothing_even_as_a_full_export(staff_member):
    errors = import_errors(staff_csv(), deactivate_missing=True)
    assert errors == [(2, "The file has no staff in it.")]
    assert StaffMember.objects.get(pk=staff_member.pk).is_active


def test_it_reports_a_column_given_twice_under_two_names():
    file = staff_csv(
        {
            "first_name": "Jo",
            "last_name": "Evans",
            "work_email": "jo@example.org",
            "Email": "jo.home@gmail.com",
        },
        columns=["first_name", "last_name", "work_email", "Email"],
    )
    assert import_errors(file) == [
        (1, "Column(s) given more than once, perhaps under another name: work_email.")
    ]


def test_it_reports_values_longer_than_the_records_hold():
    errors = import_errors(staff_csv(person("a@example.org", department="D" * 201)))
    assert errors == [(2, "Department is longer than 200 characters.")]


def test_it_reads_a_real_export_with_bom_crlf_quotes_and_extra_columns():
    text = (
        "\ufeffFirst name,Last name,Work email,Job title,Department,Payroll number\r\n"
        '"Amira","Khan","amira.khan@example.org","Head of People, HR","Human Resources",P123\r\n'
        "\r\n"
        'Tom,Reed,tom.reed@example.org,"Adviser","Human Resources",P124\r\n'
    )
    result = staff_import(file=io.BytesIO(text.encode("utf-8")))
    assert result.created == 2
    amira = StaffMember.objects.get(work_email="amira.khan@example.org")
    assert amira.job_title == "Head of People, HR"


def test_it_reports_where_the_csv_itself_is_broken():
    text = 'first_name,last_name,work_email\nAmy,Lee,amy@example.org\n"Bob"x,Ray,b@example.org\n'
    errors = import_errors(io.BytesIO(text.encode()))
    assert errors == [(3, "The file is not readable as CSV (',' expected after '\"').")]


def test_it_refuses_a_file_saved_as_utf16():
    file = io.BytesIO("first_name,last_name,work_email\nAmy,Lee,a@example.org\n".encode("utf-16"))
    assert import_errors(file) == [(0, "The file is not UTF-8 text (save it as CSV UTF-8).")]


def test_a_long_manager_cycle_is_shortened_in_the_message():
    emails = [f"p{n}@example.org" for n in range(8)]
    rows = [person(email, manager=emails[n - 1]) for n, email in enumerate(emails)]
    errors = import_errors(staff_csv(*rows))
    assert len(errors) == 8
    assert errors[0][1] == (
        "Manager cycle: p0@example.org → p7@example.org → p6@example.org → … (4 more) … "
        "→ p1@example.org → p0@example.org."
    )


@pytest.mark.parametrize(
    "in_the_file, signs_in_as",
    [
        ("Amira.Khan@Ｅxample.org", "amira.khan@example.org"),  # a fullwidth E from the export
        ("amira.khan@straße.example", "amira.khan@straße.example"),
    ],
)
def test_an_address_is_kept_in_the_one_spelling_sign_in_uses(client, in_the_file, signs_in_as):
    staff_import(file=staff_csv(person(in_the_file)))
    user = User.objects.get()
    user.set_password("a-long-password-1")
    user.save()

    client.post(reverse("login"), {"username": signs_in_as, "password": "a-long-password-1"})

    assert client.session["_auth_user_id"] == str(user.pk)
    assert StaffMember.objects.get().work_email == user.email
