"""Backup and restore (docs/backup-and-restore.md): scripts/backup dumps the database with
pg_dump, scripts/restore loads the dump into a new, empty database with pg_restore and erases
what passed its retention period since the backup; the portal then opens the restored report
and its PDF. PostgreSQL only: `make test` runs it in its PostgreSQL pass."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from evaluations.models import MonitoringReport
from evaluations.reports import financial_year
from evaluations.services.reports import report_request
from evaluations.tests.cohorts import cohort
from relationships.models import MeetingLog, Relationship
from tests.concurrency import POSTGRESQL_ONLY
from tests.matching import programme_for_matching
from tests.test_retention import SECRET, ended, words_left, written_in

pytestmark = POSTGRESQL_ONLY
ROOT = Path(__file__).resolve().parent.parent


def database_url(name):
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def run(script, *args, database, tmp_path, **settings):
    env = {
        **settings,
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url(database),
        "SECRET_KEY": "test-only",
        "ENV_FILE": str(tmp_path / "no.env"),
        "CELERY_DATA_DIR": str(tmp_path / "celery"),
        "PYTHON": sys.executable,
    }
    done = attempt(script, *args, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return done.stdout


def attempt(script, *args, env, cwd):
    return subprocess.run(
        [ROOT / "scripts" / script, *args], env=env, capture_output=True, text=True, cwd=cwd
    )


@contextmanager
def new_database():
    name = f"restored_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def portal_reading(name):
    """The portal's own connection pointed at another database for a while."""
    test_database = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = test_database


@pytest.fixture
def built_report(coordinator):
    programme, _ = cohort(coordinator, name="Backed up", completed=10)
    start, _ = financial_year(timezone.localdate())
    report = report_request(by=coordinator.user, programme=programme, year_start=start)
    report.refresh_from_db()  # built by the (in-process) worker once the request committed
    assert report.status == MonitoringReport.Status.READY and report.pdf
    return report


@pytest.fixture
def past_retention(coordinator, colleague, staff_member):
    """A relationship over for longer than its programme keeps what was written, backed up
    before the nightly job erased it."""
    programme = programme_for_matching(coordinator, agreement_required=False, retention_months=12)
    relationship = written_in(programme, colleague, staff_member)
    ended(relationship, timedelta(days=400))
    return relationship


def test_a_restored_backup_opens_its_report_and_pdf_and_has_erased_what_is_past_retention(
    client, coordinator, built_report, past_retention, tmp_path
):
    pdf = bytes(built_report.pdf)
    dump = run(
        "backup", tmp_path / "backups", database=connection.settings_dict["NAME"], tmp_path=tmp_path
    ).strip()
    assert Path(dump).is_file() and Path(dump).suffix == ".dump"
    with new_database() as restored:
        output = run("restore", dump, database=restored, tmp_path=tmp_path)
        assert "Erased what was written in 1 relationship." in output
        with portal_reading(restored):
            client.force_login(coordinator.user)
            page = client.get(reverse("evaluations:report", args=[built_report.pk]))
            download = client.get(reverse("evaluations:report_pdf", args=[built_report.pk]))
            erased_at = Relationship.objects.get(pk=past_retention.pk).content_erased_at
            words = words_left()
    assert page.status_code == 200
    assert "Backed up" in page.content.decode()
    assert download.status_code == 200 and download.content == pdf
    assert erased_at is not None and words == set()
    # The database the backup came from is as it was.
    assert MeetingLog.objects.filter(achieved=SECRET).exists()


def test_restore_refuses_a_database_that_is_not_empty(built_report, tmp_path):
    dump = run(
        "backup", tmp_path, database=connection.settings_dict["NAME"], tmp_path=tmp_path
    ).strip()
    with pytest.raises(AssertionError, match="already exists"):
        run("restore", dump, database=connection.settings_dict["NAME"], tmp_path=tmp_path)
    assert MonitoringReport.objects.get().pdf == built_report.pdf


def test_a_backup_that_fails_leaves_no_file_that_looks_like_a_backup(tmp_path):
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": database_url("no_such_database")}
    done = attempt("backup", tmp_path / "backups", env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_backup_deletes_the_dumps_older_than_the_days_it_keeps_them(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    old, recent, other = (
        folder / "mentoring-2026-10-01T023000Z.dump",
        folder / "mentoring-2026-11-20T023000Z.dump",
        folder / "notes.txt",
    )
    for path, days in [(old, 36), (recent, 34), (other, 400)]:
        path.write_text("")
        when = (timezone.now() - timedelta(days=days)).timestamp()
        os.utime(path, (when, when))
    new = run(
        "backup",
        folder,
        database=connection.settings_dict["NAME"],
        tmp_path=tmp_path,
        BACKUP_KEEP_DAYS="35",
    ).strip()
    assert {p.name for p in folder.iterdir()} == {Path(new).name, recent.name, other.name}


def aged(path, days):
    path.write_text("")
    when = (timezone.now() - timedelta(days=days)).timestamp()
    os.utime(path, (when, when))
    return path


def test_a_backup_makes_room_before_it_dumps_but_never_deletes_the_newest_it_has(tmp_path):
    """On a full volume the dump fails: the old ones are deleted first, so the next night
    works; when every dump is old (backups failing for weeks), the newest is kept."""
    folder = tmp_path / "backups"
    folder.mkdir()
    oldest = aged(folder / "mentoring-2026-09-01T023000Z.dump", 96)
    newest = aged(folder / "mentoring-2026-10-01T023000Z.dump", 66)
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url("no_such_database"),
        "BACKUP_KEEP_DAYS": "35",
    }
    done = attempt("backup", folder, env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert not oldest.exists() and newest.exists()


def test_a_dump_left_half_written_by_a_killed_backup_is_deleted_by_the_next(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    left = aged(folder / "mentoring-2026-11-01T023000Z.dump.partial", 1)
    new = run(
        "backup", folder, database=connection.settings_dict["NAME"], tmp_path=tmp_path
    ).strip()
    assert {p.name for p in folder.iterdir()} == {Path(new).name}
    assert not left.exists()
