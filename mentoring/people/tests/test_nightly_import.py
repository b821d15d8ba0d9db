"""The nightly import from STAFF_IMPORT_FOLDER: the newest settled export, once, through the
staff import's rules; the result kept beside the file and in the audit log; a failure told to
the coordinators and site administrators."""

import os
import time

import pytest
from django.urls import reverse

from mentoring.audit.models import AuditEntry
from mentoring.people.models import StaffMember
from mentoring.people.nightly_import import nightly_import_run
from tests.csv_files import person, staff_csv
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOUR_AGO = time.time() - 3600


@pytest.fixture
def folder(tmp_path, settings):
    settings.STAFF_IMPORT_FOLDER = str(tmp_path)
    return tmp_path


def export(folder, name, *rows, when=HOUR_AGO):
    path = folder / name
    path.write_bytes(staff_csv(*rows).getvalue())
    os.utime(path, (when, when))
    return path


def test_it_imports_the_newest_export_and_moves_it_to_done(folder):
    export(folder, "hr-monday.csv", person("old@example.org"), when=HOUR_AGO - 86400)
    export(folder, "hr-tuesday.csv", person("amira.khan@example.org"))
    outcome = nightly_import_run()
    assert outcome.imported and outcome.file == "hr-tuesday.csv"
    assert list(StaffMember.objects.values_list("work_email", flat=True)) == [
        "amira.khan@example.org"
    ]
    assert (folder / "done" / "hr-tuesday.csv").exists()
    assert (folder / "superseded" / "hr-monday.csv").exists()
    assert not list(folder.glob("*.csv"))
    amira = StaffMember.objects.get()
    assert AuditEntry.objects.filter(
        who="Nightly import",
        object_id=amira.pk,
        note__endswith="by the nightly import of hr-tuesday.csv",
    ).exists()
    assert AuditEntry.objects.filter(
        kind="staff import", note__startswith="hr-tuesday.csv imported: 1 new"
    ).exists()


def test_each_file_is_imported_once(folder):
    export(folder, "hr.csv", person("amira.khan@example.org"))
    assert nightly_import_run().imported
    assert nightly_import_run() is None
    assert AuditEntry.objects.filter(kind="staff import").count() == 1


def test_an_export_still_being_written_is_left_for_the_next_night(folder):
    export(folder, "hr.csv", person("amira.khan@example.org"), when=time.time())
    assert nightly_import_run() is None
    assert (folder / "hr.csv").exists() and not StaffMember.objects.exists()


def test_an_export_a_stopped_worker_left_half_done_is_imported_again(folder):
    (folder / "processing").mkdir()
    export(folder / "processing", "hr.csv", person("amira.khan@example.org"))
    assert nightly_import_run().imported and StaffMember.objects.count() == 1


def test_a_refused_export_changes_nothing_and_tells_coordinators_and_administrators(
    folder, coordinator, staff_member, line_manager, mailoutbox
):
    UserFactory(email="it.admin@example.org", is_superuser=True)
    before = list(StaffMember.objects.values_list("pk", "line_manager", "updated_at"))
    export(
        folder,
        "hr.csv",
        person(line_manager.work_email, manager=staff_member.work_email),
        person(staff_member.work_email, manager=line_manager.work_email),
    )
    outcome = nightly_import_run()
    assert not outcome.imported and "Manager cycle" in outcome.summary
    assert list(StaffMember.objects.values_list("pk", "line_manager", "updated_at")) == before
    assert (folder / "failed" / "hr.csv").exists()
    assert "Manager cycle" in (folder / "failed" / "hr.csv.reason.txt").read_text()
    [email] = mailoutbox
    assert set(email.to) == {coordinator.work_email, "it.admin@example.org"}
    assert email.subject == "The nightly staff import could not import hr.csv"
    assert "line 2" in email.body and "Manager cycle" in email.body
    assert AuditEntry.objects.filter(
        who="Nightly import", note="hr.csv refused; nothing was imported"
    ).exists()


def test_a_full_export_deactivates_leavers_whose_sessions_end(
    folder, settings, client, staff_member, line_manager, director
):
    settings.STAFF_IMPORT_FULL_EXPORT = True
    client.force_login(staff_member.user)
    export(folder, "hr.csv", *(person(p.work_email) for p in [line_manager, director]))
    assert nightly_import_run().imported
    assert not StaffMember.objects.get(pk=staff_member.pk).is_active
    assert client.get(reverse("home")).status_code == 302


def test_without_a_folder_it_does_nothing(settings):
    settings.STAFF_IMPORT_FOLDER = ""
    assert nightly_import_run() is None
