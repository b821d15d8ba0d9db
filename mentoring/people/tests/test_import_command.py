import pytest
from django.core.management import CommandError, call_command

from mentoring.people.models import StaffMember
from tests.csv_files import person, staff_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def csv_path(tmp_path):
    def write(*rows):
        path = tmp_path / "staff.csv"
        path.write_bytes(staff_csv(*rows).getvalue())
        return str(path)

    return write


def test_it_imports_a_file_and_says_what_it_did(csv_path, capsys):
    call_command("import_staff", csv_path(person("a@example.org"), person("b@example.org")))
    assert "Imported: 2 new, 0 updated, 0 unchanged, 0 deactivated (2 rows)." in (
        capsys.readouterr().out
    )
    assert StaffMember.objects.count() == 2


def test_it_prints_every_bad_row_and_fails(csv_path, capsys):
    path = csv_path(person("a@example.org", manager="ghost@example.org"), person("a@example.org"))
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_staff", path)
    err = capsys.readouterr().err
    assert "line 2: a@example.org: Unknown line manager ghost@example.org" in err
    assert "line 3: a@example.org: Duplicate work email: already on line 2." in err
    assert not StaffMember.objects.exists()


def test_it_deactivates_only_with_the_flag(csv_path, staff_member):
    call_command("import_staff", csv_path(person("a@example.org")))
    assert StaffMember.objects.get(pk=staff_member.pk).is_active
    call_command("import_staff", csv_path(person("a@example.org")), "--deactivate-missing")
    assert not StaffMember.objects.get(pk=staff_member.pk).is_active


def test_it_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_staff", str(tmp_path / "missing.csv"))


def test_it_refuses_a_file_over_the_size_limit_before_reading_it(csv_path, settings, capsys):
    settings.STAFF_IMPORT_MAX_MB = 1
    path = csv_path(*[person(f"p{n}@example.org") for n in range(13_500)])
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_staff", path)
    assert "The file is 1.1 MB; the largest the portal accepts is 1 MB." in capsys.readouterr().err
    assert not StaffMember.objects.exists()
