"""Import and update staff records from an HR system's CSV export (PEOPLE-1).

A file is checked as a whole first; if any row is bad nothing is written and every bad row
is reported with its line number, so HR can fix the export and try again.
"""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models, transaction
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record_many

from .models import (
    MOST_SENIORITY,
    CalendarFeed,
    Department,
    Grade,
    Location,
    StaffMember,
    User,
    normalise_email,
)
from .signals import line_management_changed

# The template's columns, in order (static/staff-import-template.csv).
COLUMNS = (
    "first_name last_name work_email job_title department location grade hours contract "
    "line_manager_email external organisation grade_seniority"
).split()
REQUIRED_COLUMNS = ["first_name", "last_name", "work_email"]
REQUIRED_FOR_EMPLOYEES = ["job_title", "department"]
HEADER_ALIASES = {
    "email": "work_email",
    "forename": "first_name",
    "surname": "last_name",
    "manager_email": "line_manager_email",
    "seniority": "grade_seniority",
    "line_manager": "line_manager_email",
    "working_hours": "hours",
    "contract_type": "contract",
    "external_participant": "external",
    "external_organisation": "organisation",
}
HOURS = {
    "": StaffMember.Hours.FULL_TIME,
    "full time": StaffMember.Hours.FULL_TIME,
    "ft": StaffMember.Hours.FULL_TIME,
    "part time": StaffMember.Hours.PART_TIME,
    "pt": StaffMember.Hours.PART_TIME,
}
CONTRACTS = {
    "": StaffMember.Contract.PERMANENT,
    "permanent": StaffMember.Contract.PERMANENT,
    "temporary": StaffMember.Contract.TEMPORARY,
    "fixed term": StaffMember.Contract.TEMPORARY,
}
YES_NO = dict.fromkeys(["", "no", "n", "false", "0"], False) | dict.fromkeys(
    ["yes", "y", "true", "1"], True
)
ACTIVE = YES_NO | {"": True}  # an optional column: a person listed is active unless it says no
BY_IMPORT = " by a staff import"
IMPORT_LOCK_KEY = 0x5354_4146  # "STAF": any constant, the same for every import
FIELDS_FROM_FILE = (
    "first_name last_name job_title department location grade hours contract is_external "
    "external_organisation is_active"
).split()
MAX_LENGTHS = {
    **{
        name: StaffMember._meta.get_field(name).max_length
        for name in ["first_name", "last_name", "work_email", "job_title", "external_organisation"]
    },
    **{
        name: model._meta.get_field("name").max_length
        for name, model in [("department", Department), ("location", Location), ("grade", Grade)]
    },
}
COLUMN_LABELS = {"external_organisation": "organisation"}


@dataclass
class RowError:
    line: int
    email: str
    reason: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    rows: int = 0
    dry_run: bool = False
    changes: dict = field(default_factory=dict, repr=False)  # whose records, for the audit


class StaffImportError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in the file; nothing was imported.")


@dataclass
class Row:
    line: int
    values: dict
    email: str = ""
    manager_email: str = ""
    cleaned: dict = field(default_factory=dict)
    seniority: int | None = None  # of the row's grade, where the file gives it


def staff_import(
    *, file, deactivate_missing=False, dry_run=False, imported_by=None, how=BY_IMPORT, who=""
):
    """Create and update staff by work email; all rows are valid or none is written."""
    if problem := size_problem(_size(file)):
        raise StaffImportError([RowError(0, "", problem)])
    rows = _read_rows(file)
    return _apply(rows, deactivate_missing, dry_run, imported_by, how=how, who=who)


def staff_records_apply(*, records, by=None, how=BY_IMPORT, who=""):
    """The same rules for records given as dicts of the file's columns (SCIM provisioning):
    all are valid or none is written, each change audited `how`, by `who` or else `by`."""
    rows = [
        Row(line=n, values={k: str(v).strip() for k, v in record.items()})
        for n, record in enumerate(records, start=1)
    ]
    return _apply(rows, False, False, by, how=how, who=who)


def _apply(rows, deactivate_missing, dry_run, imported_by, *, how, who):
    with transaction.atomic():
        _wait_for_other_imports()
        existing = {s.work_email: s for s in StaffMember.objects.select_related("line_manager")}
        errors = _check_rows(rows, existing, deactivate_missing)
        errors = sorted(
            errors + _importer_leaving(rows, imported_by, deactivate_missing),
            key=lambda error: error.line,
        )
        if errors:
            raise StaffImportError(errors)
        result = ImportResult(rows=len(rows), dry_run=dry_run)
        _write(rows, existing, deactivate_missing, result)
        staff_changes_record(by=imported_by, how=how, who=who, **result.changes)
        if dry_run:
            transaction.set_rollback(True)
    return result


def size_problem(size):
    """Why a file of `size` bytes is refused unread, or "" (a 17 MB file once took 88 s)."""
    limit = settings.STAFF_IMPORT_MAX_MB
    if size <= limit * 1024 * 1024:
        return ""
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; the largest the portal accepts is {limit} MB. "
        "Split it, or ask the administrator to raise the limit."
    )


def _size(file):
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def _importer_leaving(rows, imported_by, deactivate_missing):
    """The coordinator importing never deactivates themself: not by being left out of a full
    export, nor by a row marking them not active. The nightly and SCIM paths have no importer."""
    me = getattr(imported_by, "staff_member", None)
    if me is None:
        return []
    mine = [row for row in rows if row.email == me.work_email]
    if deactivate_missing and not mine:
        reason = "You are not in this file, so this full export would deactivate you."
        return [RowError(0, me.work_email, reason)]
    reason = (
        "This row marks you as not active, which would deactivate you. "
        "Ask another coordinator to import it."
    )
    return [RowError(row.line, row.email, reason) for row in mine if _leaves(row)]


def _leaves(row):
    return row.cleaned.get("is_active") is False


def _wait_for_other_imports():
    """Two imports at once run one after the other: on SQLite they queue for the database's
    write lock (see settings), on PostgreSQL for a transaction-scoped advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def _read_rows(file):
    reader = csv.reader(io.StringIO(_decode(file.read()), newline=""), strict=True)
    try:
        names = _header(next(reader, None))
        rows, line = [], reader.line_num
        for cells in reader:
            if any(cell.strip() for cell in cells):
                values = dict(zip(names, (cell.strip() for cell in cells), strict=False))
                rows.append(Row(line=line + 1, values=values))
            line = reader.line_num
    except csv.Error as exc:
        reason = f"The file is not readable as CSV ({exc})."
        raise StaffImportError([RowError(reader.line_num, "", reason)]) from exc
    if not rows:
        raise StaffImportError([RowError(2, "", "The file has no staff in it.")])
    return rows


def _decode(raw):
    reason = "The file is not UTF-8 text (save it as CSV UTF-8)."
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise StaffImportError([RowError(0, "", reason)]) from exc
    if "\x00" in text:  # UTF-16 saved by spreadsheet programs, or a binary file
        raise StaffImportError([RowError(0, "", reason)])
    return text


def _header(header):
    if not header:
        raise StaffImportError([RowError(1, "", "The file is empty.")])
    names = [_column_name(h) for h in header]
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        problems.append("Missing column(s): " + ", ".join(missing) + ".")
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        problems.append(
            "Column(s) given more than once, perhaps under another name: "
            + ", ".join(repeated)
            + "."
        )
    if problems:
        raise StaffImportError([RowError(1, "", " ".join(problems))])
    return names


def _column_name(header):
    name = header.strip().lower().replace("-", " ").replace(" ", "_")
    return HEADER_ALIASES.get(name, name)


def _check_rows(rows, existing, deactivate_missing):
    errors = []
    first_line_of = {}
    for row in rows:
        reason = _clean_row(row)
        if not reason and row.email in first_line_of:
            reason = f"Duplicate work email: already on line {first_line_of[row.email]}."
        if reason:
            errors.append(RowError(row.line, row.email, reason))
        first_line_of.setdefault(row.email, row.line)
    managers = _manager_map(rows, existing, deactivate_missing)
    for row in rows:
        if row.manager_email and row.manager_email not in managers:
            reason = f"Unknown line manager {row.manager_email}: not in this file or the records."
            errors.append(RowError(row.line, row.email, reason))
    errors.extend(_cycle_errors(rows, managers))
    errors.extend(_seniority_errors(rows))
    return sorted(errors, key=lambda e: e.line)


def _clean_row(row):
    v = row.values
    row.email = normalise_email(v.get("work_email", ""))
    row.manager_email = normalise_email(v.get("line_manager_email", ""))
    external = YES_NO.get(v.get("external", "").lower())
    active = ACTIVE.get(v.get("active", "").lower())
    required = REQUIRED_COLUMNS + ([] if external else REQUIRED_FOR_EMPLOYEES)
    missing = [c.replace("_", " ") for c in required if not v.get(c)]
    if missing:
        return "Missing " + ", ".join(missing) + "."
    for email in filter(None, [row.email, row.manager_email]):
        try:
            validate_email(email)
        except ValidationError:
            return f"“{email}” is not a valid email address."
    hours = HOURS.get(v.get("hours", "").lower().replace("-", " "))
    contract = CONTRACTS.get(v.get("contract", "").lower().replace("-", " "))
    if hours is None:
        return f"Hours “{v['hours']}” should be full time or part time."
    if contract is None:
        return f"Contract “{v['contract']}” should be permanent or temporary."
    if external is None:
        return f"External “{v['external']}” should be yes or no."
    if active is None:
        return f"Active “{v['active']}” should be yes or no."
    if external and not v.get("organisation"):
        return "Missing organisation for an external participant."
    if row.manager_email == row.email:
        return "Manager cycle: a person cannot be their own line manager."
    if reason := _clean_seniority(row):
        return reason
    row.cleaned = {
        "first_name": v["first_name"],
        "last_name": v["last_name"],
        "job_title": v.get("job_title", ""),
        "department": v.get("department", ""),
        "location": v.get("location", ""),
        "grade": v.get("grade", ""),
        "hours": hours,
        "contract": contract,
        "is_external": external,
        "external_organisation": v.get("organisation", "") if external else "",
        "is_active": active,
    }
    return _too_long({"work_email": row.email, **row.cleaned})


def _clean_seniority(row):
    given = row.values.get("grade_seniority", "")
    if not given:
        return ""
    if not given.isdigit() or int(given) > MOST_SENIORITY:
        return f"Grade seniority “{given}” should be a whole number from 0 to {MOST_SENIORITY}."
    if not row.values.get("grade"):
        return "Grade seniority needs a grade."
    row.seniority = int(given)
    return ""


def _seniority_errors(rows):
    """One grade, one seniority: a file that gives a grade two is refused."""
    first, errors = {}, []
    for row in rows:
        if row.seniority is None:
            continue
        grade = row.cleaned["grade"]
        value, line = first.setdefault(grade, (row.seniority, row.line))
        if value != row.seniority:
            reason = f"{grade} is given seniority {value} on line {line} and {row.seniority} here."
            errors.append(RowError(row.line, row.email, reason))
    return errors


def _grades_seniority_set(rows, grades):
    """The seniority the file gives each grade; a grade it gives none keeps its own."""
    given = {r.cleaned["grade"]: r.seniority for r in rows if r.seniority is not None}
    changed = [grades[n] for n, value in given.items() if grades[n].seniority != value]
    for grade in changed:
        grade.seniority = given[grade.name]
    Grade.objects.bulk_update(changed, ["seniority"])


def _too_long(values):
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            label = COLUMN_LABELS.get(name, name).replace("_", " ").capitalize()
            return f"{label} is longer than {limit} characters."
    return ""


def _manager_map(rows, existing, deactivate_missing):
    """Each known person's line manager email, after this file would be applied."""
    in_file = {row.email for row in rows}
    managers = {}
    if not deactivate_missing:
        for email, staff in existing.items():
            if email not in in_file:
                managers[email] = staff.line_manager.work_email if staff.line_manager else ""
    for row in rows:
        managers[row.email] = row.manager_email
    return managers


def _cycle_errors(rows, managers):
    """Report each row that is its own manager somewhere up the chain. Each chain is walked
    once, however many rows share it."""
    errors, no_loop, loop_of = [], set(), {}
    for row in rows:
        path, on_path, current = [], set(), row.email
        while current and not (current in no_loop or current in on_path or current in loop_of):
            path.append(current)
            on_path.add(current)
            current = managers.get(current, "")
        if current in on_path:
            loop = path[path.index(current) :]
            loop_of.update(dict.fromkeys(loop, loop))
        elif current not in loop_of:
            no_loop.update(path)
        loop = loop_of.get(row.email, [])
        if len(loop) > 1:  # someone as their own manager is reported by _clean_row
            errors.append(
                RowError(row.line, row.email, f"Manager cycle: {_chain(loop, row.email)}.")
            )
    return errors


def _chain(loop, email):
    start = loop.index(email)
    names = [*loop[start:], *loop[:start]]
    if len(names) > 6:
        names = [*names[:3], f"… ({len(names) - 4} more) …", names[-1]]
    return " → ".join([*names, email])


def _write(rows, existing, deactivate_missing, result):
    lookups = {
        "department": Department.objects.get_or_create_by_names(
            r.cleaned["department"] for r in rows
        ),
        "location": Location.objects.get_or_create_by_names(r.cleaned["location"] for r in rows),
        "grade": Grade.objects.get_or_create_by_names(r.cleaned["grade"] for r in rows),
    }
    _grades_seniority_set(rows, lookups["grade"])
    accounts = _accounts_for(
        [r.email for r in rows if r.email not in existing or existing[r.email].user_id is None]
    )
    to_create, to_update, back, gone = [], [], [], []
    for row in rows:
        values = {k: (lookups[k].get(v) if k in lookups else v) for k, v in row.cleaned.items()}
        staff = existing.get(row.email)
        if staff is None:
            to_create.append(
                StaffMember(work_email=row.email, user_id=accounts[row.email], **values)
            )
        elif _differs(staff, values):
            if staff.is_active != values["is_active"]:
                (back if values["is_active"] else gone).append(staff)
            for k, v in values.items():
                setattr(staff, k, v)
            to_update.append(staff)
    managers = {row.email: row.manager_email for row in rows}
    _create_managers_first(to_create, managers, {e: s.pk for e, s in existing.items()})
    StaffMember.objects.bulk_update(to_update, FIELDS_FROM_FILE, batch_size=500)
    _link_accounts(existing.values(), accounts)
    created = {s.work_email for s in to_create}
    moves = _set_line_managers(rows)
    moved = {staff.work_email for staff, _ in moves}
    if moved:
        line_management_changed.send(sender=StaffMember, emails=moved)
    updated = {s.work_email for s in to_update} | moved
    result.created, result.updated = len(created), len(updated)
    result.unchanged = len(rows) - len(created) - len(updated)
    left = gone
    if deactivate_missing:
        missing = StaffMember.objects.active().exclude(work_email__in=[r.email for r in rows])
        left = [*gone, *missing.only("first_name", "last_name")]
        StaffMember.objects.filter(pk__in=[s.pk for s in left]).update(is_active=False)
    result.deactivated = len(left)
    # A leaver's calendar address is closed for good: coming back, they make a new one.
    CalendarFeed.objects.in_use().filter(person__in=[s.pk for s in left]).update(
        revoked_at=timezone.now()
    )
    result.changes = {"added": to_create, "back": back, "moves": moves, "left": left}


def staff_changes_record(*, by, added=(), back=(), moves=(), left=(), how=BY_IMPORT, who=""):
    """Who was added, reactivated, moved to another line manager or deactivated: an entry
    each, naming them, by whoever made the change (`who`, where no account made it), and
    `how` (issue 18)."""
    imported_by, by = by, how
    change = [(s.pk, f"{s.full_name} reactivated{by}") for s in back]
    change += [(s.pk, f"{s.full_name}: line manager {was} → {now},{by}") for s, (was, now) in moves]
    change += [(s.pk, f"{s.full_name} deactivated{by}") for s in left]
    for action, records in [
        (AuditEntry.Action.CREATE, [(s.pk, f"{s.full_name} added{by}") for s in added]),
        (AuditEntry.Action.CHANGE, change),
    ]:
        audit_record_many(
            by=imported_by, who=who, action=action, kind="staff record", records=records
        )


def _create_managers_first(new_staff, managers, ids):
    """Create new people in waves, managers before the people they manage, so that each row is
    written once with its line manager set (the file is known to have no cycles)."""
    waiting = new_staff
    while waiting:
        wave = [s for s in waiting if not managers[s.work_email] or managers[s.work_email] in ids]
        for staff in wave:
            staff.line_manager_id = ids.get(managers[staff.work_email])
        StaffMember.objects.bulk_create(wave, batch_size=500)
        ids.update((staff.work_email, staff.pk) for staff in wave)
        waiting = [s for s in waiting if s.pk is None]


def _differs(staff, values):
    """Compare without loading related rows: departments and the like by their ids."""
    for name, value in values.items():
        if isinstance(value, models.Model) or value is None:
            current, value = getattr(staff, f"{name}_id"), getattr(value, "pk", None)
        else:
            current = getattr(staff, name)
        if current != value:
            return True
    return False


def _set_line_managers(rows):
    """Point each row at its manager, now that everyone exists; return whose manager changed,
    with the names of their line manager before and after ("nobody" for none)."""
    staff_by_email = {s.work_email: s for s in StaffMember.objects.all()}
    name_of = {s.pk: s.full_name for s in staff_by_email.values()}
    changed = []
    for row in rows:
        staff = staff_by_email[row.email]
        manager = staff_by_email.get(row.manager_email)
        if staff.line_manager_id != (manager.pk if manager else None):
            was = name_of.get(staff.line_manager_id, "nobody")
            staff.line_manager = manager
            changed.append((staff, (was, manager.full_name if manager else "nobody")))
    StaffMember.objects.bulk_update([s for s, _ in changed], ["line_manager"], batch_size=500)
    return changed


def _accounts_for(emails):
    """Sign-in accounts for these people, created where missing; a new account has no password
    until its owner chooses one through 'forgotten password'."""
    have = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new = [User(email=email, password=make_password(None)) for email in emails if email not in have]
    User.objects.bulk_create(new, batch_size=500)
    return dict(User.objects.filter(email__in=emails).values_list("email", "pk"))


def _link_accounts(staff_members, accounts):
    unlinked = [s for s in staff_members if s.user_id is None and s.work_email in accounts]
    for staff in unlinked:
        staff.user_id = accounts[staff.work_email]
    StaffMember.objects.bulk_update(unlinked, ["user"])
