"""The nightly import: the newest HR export left in STAFF_IMPORT_FOLDER, applied through the
staff import's own rules, then moved to done/ or failed/ (with the reason beside it), audited,
and the coordinators and site administrators told when it fails."""

import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record
from mentoring.emails import plain_text, subject_line
from mentoring.operations.services import job_failure_record

from .models import User
from .services import ROLE_GROUPS
from .staff_import import StaffImportError, staff_import

WHO = "Nightly import"
FOLDERS = ("processing", "done", "failed", "superseded")


@dataclass
class NightlyOutcome:
    file: str
    imported: bool
    summary: str


def nightly_import_run(*, folder: Path | None = None, now=None) -> NightlyOutcome | None:
    """Import the newest settled export in the folder, once: it is claimed by moving it into
    processing/, which only one worker can do. None when there is nothing to import."""
    folder = Path(folder or settings.STAFF_IMPORT_FOLDER)
    if not str(folder) or not folder.is_dir():
        return None
    for name in FOLDERS:
        (folder / name).mkdir(exist_ok=True)
    claimed = _claim(folder, now or time.time())
    if claimed is None:
        return None
    try:
        with claimed.open("rb") as file:
            result = staff_import(
                file=file,
                deactivate_missing=settings.STAFF_IMPORT_FULL_EXPORT,
                how=f" by the nightly import of {claimed.name}",
                who=WHO,
            )
    except StaffImportError as refused:
        reasons = [f"line {e.line}: {e.email or '-'}: {e.reason}" for e in refused.errors]
        return _failed(folder, claimed, reasons)
    except (OSError, ValueError) as error:
        job_failure_record(job=WHO, error=error, about=claimed.name)
        return _failed(folder, claimed, [f"The file could not be read: {error}"])
    summary = (
        f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged and "
        f"{result.deactivated} deactivated, from {result.rows} rows"
    )
    claimed.rename(folder / "done" / claimed.name)
    _record(f"{claimed.name} imported: {summary}")
    return NightlyOutcome(claimed.name, True, summary)


def _claim(folder, now):
    """The newest export that has not changed for STAFF_IMPORT_SETTLE_SECONDS (so one still
    being written is left for tomorrow), or one a worker that died left in processing/; older
    exports are moved to superseded/, as the newest holds what they did."""
    left = sorted((folder / "processing").glob("*.csv"))
    if left:
        return left[0]
    settled = now - settings.STAFF_IMPORT_SETTLE_SECONDS
    waiting = [p for p in folder.glob("*.csv") if p.is_file() and p.stat().st_mtime <= settled]
    waiting.sort(key=lambda p: (p.stat().st_mtime, p.name))
    if not waiting:
        return None
    newest, older = waiting[-1], waiting[:-1]
    for path in older:
        _move(path, folder / "superseded" / path.name)
    claimed = folder / "processing" / newest.name
    return claimed if _move(newest, claimed) else None


def _move(path, to):
    try:
        os.rename(path, to)  # atomic: of two workers, one moves it and the other finds it gone
    except FileNotFoundError:
        return False
    return True


def _failed(folder, claimed, reasons):
    failed = folder / "failed" / claimed.name
    claimed.rename(failed)
    failed.with_name(failed.name + ".reason.txt").write_text("\n".join(reasons) + "\n")
    _record(f"{claimed.name} refused; nothing was imported")
    _tell_failure(claimed.name, reasons)
    return NightlyOutcome(claimed.name, False, "; ".join(reasons))


def _record(note):
    with transaction.atomic():
        audit_record(
            by=None, who=WHO, action=AuditEntry.Action.CHANGE, kind="staff import", note=note
        )


def _tell_failure(name, reasons):
    """Email the coordinators and the site administrators: staff records stop being kept in
    step until someone fixes the export."""
    coordinators = Q(groups__name=ROLE_GROUPS["coordinator"][0])
    people = User.objects.filter(coordinators | Q(is_superuser=True), is_active=True)
    addresses = sorted(set(people.values_list("email", flat=True)))
    if not addresses:
        return
    context = {"name": name, "reasons": reasons[:20], "more": max(len(reasons) - 20, 0)}
    send_mail(
        subject_line("people/email/nightly_import_failed_subject.txt", context),
        plain_text("people/email/nightly_import_failed.txt", context),
        None,
        addresses,
    )
