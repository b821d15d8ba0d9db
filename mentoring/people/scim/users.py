"""SCIM Users (RFC 7643 §4.1, with the enterprise extension's department and manager) as staff
records. Every change goes through the staff import's own rules (staff_records_apply): the
whole change or nothing, managers resolved by email, cycles refused, line-management flags,
deactivation ending sessions, an audit entry naming what changed."""

import re
from dataclasses import dataclass

from django.db import transaction

from ..models import StaffMember, normalise_email
from ..staff_import import StaffImportError, staff_records_apply

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
# SCIM attribute (lower case, as SCIM compares them) → the import's column.
COLUMN_OF = {
    "username": "work_email",
    "name.givenname": "first_name",
    "name.familyname": "last_name",
    "title": "job_title",
    "department": "department",
}
HANDLED = {*COLUMN_OF, "active", "externalid", "manager"}
ID = re.compile(r"[1-9][0-9]{0,17}")
HOW = " by provisioning (SCIM)"
IDENTITY_ID_LENGTH = StaffMember._meta.get_field("identity_id").max_length


@dataclass
class ScimError(Exception):
    status: int
    detail: str
    scim_type: str = ""


def staff_id(text) -> int | None:
    """A SCIM id as a staff record's id, strictly: digits only, no sign, no leading zero."""
    return int(text) if isinstance(text, str) and ID.fullmatch(text) else None


def attributes_of(staff: StaffMember | None) -> dict:
    """What SCIM knows of a person, flat, keyed as COLUMN_OF is (a new person: nothing)."""
    if staff is None:
        return {}
    return {
        "username": staff.work_email,
        "name.givenname": staff.first_name,
        "name.familyname": staff.last_name,
        "title": staff.job_title,
        "department": staff.department.name if staff.department else "",
        "active": staff.is_active,
        "externalid": staff.identity_id,
        "manager": str(staff.line_manager_id or ""),
    }


def flatten(resource: dict, into: dict) -> dict:
    """A User resource (or a PATCH value without a path) laid flat onto `into`; attributes we
    do not keep (phone numbers, addresses and so on) are ignored, as RFC 7644 §3.3 allows."""
    if not isinstance(resource, dict):
        raise ScimError(400, "The value should be an object.", "invalidValue")
    for key, value in resource.items():
        path = attribute_path(key)
        if isinstance(value, dict) and path in ("name", ENTERPRISE.lower(), CORE.lower()):
            prefix = "name." if path == "name" else ""
            flatten({prefix + k: v for k, v in value.items()}, into)
        elif path in HANDLED:
            into[path] = value
    return into


def attribute_path(path: str) -> str:
    """A PATCH path or attribute name as COLUMN_OF keys it: the schema's URN dropped, lower
    case, "manager.value" as "manager"."""
    path = path.strip().lower()
    for urn in (ENTERPRISE.lower(), CORE.lower()):
        if path.startswith(urn + ":"):
            path = path[len(urn) + 1 :]
    return "manager" if path == "manager.value" else path


def patched(attributes: dict, operations) -> dict:
    """Apply PATCH operations (RFC 7644 §3.5.2, in the shapes Entra ID sends) to a copy."""
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "Operations should be a list of operations.", "invalidSyntax")
    attributes = dict(attributes)
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, "Each operation should be an object.", "invalidSyntax")
        op, path = str(operation.get("op", "")).lower(), operation.get("path")
        if op not in ("add", "replace", "remove"):
            raise ScimError(400, f"Unknown operation “{op}”.", "invalidSyntax")
        if path is not None and not isinstance(path, str):
            raise ScimError(400, "The path should be text.", "invalidPath")
        if op == "remove":
            if not path:
                raise ScimError(400, "Remove needs a path.", "noTarget")
            if attribute_path(path) in HANDLED:
                attributes[attribute_path(path)] = ""
        elif not path:
            flatten(operation.get("value"), attributes)
        elif attribute_path(path) in HANDLED:
            attributes[attribute_path(path)] = operation.get("value")
    return attributes


def user_save(*, staff: StaffMember | None, attributes: dict, who: str) -> StaffMember:
    """Create (staff None) or change one person, as the import would with one row."""
    record = _record(staff, attributes)
    with transaction.atomic():
        try:
            staff_records_apply(records=[record], how=HOW, who=who)
        except StaffImportError as refused:
            reasons = " ".join(e.reason for e in refused.errors)
            raise ScimError(400, reasons, "invalidValue") from refused
        saved = StaffMember.objects.get(work_email=record["work_email"])
        identity_id = _text(attributes.get("externalid"), "externalId")
        if len(identity_id) > IDENTITY_ID_LENGTH:
            raise ScimError(400, f"externalId is longer than {IDENTITY_ID_LENGTH}.", "invalidValue")
        if identity_id != saved.identity_id:
            saved.identity_id = identity_id
            StaffMember.objects.filter(pk=saved.pk).update(identity_id=identity_id)
    return saved


def _record(staff, attributes):
    record = {column: _text(attributes.get(a), a) for a, column in COLUMN_OF.items()}
    record["work_email"] = normalise_email(record["work_email"])
    if not record["work_email"]:
        raise ScimError(400, "userName (the work email) is required.", "invalidValue")
    if staff is not None and record["work_email"] != staff.work_email:
        detail = "A person's work email cannot be changed through provisioning."
        raise ScimError(400, detail, "mutability")
    record["line_manager_email"] = _manager_email(attributes.get("manager"))
    record["active"] = "yes" if _boolean(attributes.get("active", True)) else "no"
    if staff is not None:
        record |= _kept(staff)
    return record


def _kept(staff):
    """What the HR export says and SCIM does not, left as it is."""
    return {
        "location": staff.location.name if staff.location else "",
        "grade": staff.grade.name if staff.grade else "",
        "hours": staff.get_hours_display(),
        "contract": staff.get_contract_display(),
        "external": "yes" if staff.is_external else "no",
        "organisation": staff.external_organisation,
    }


def _manager_email(value):
    if isinstance(value, list):  # [{"value": id}], as some clients send
        value = value[0] if len(value) == 1 else None
    if isinstance(value, dict):
        value = value.get("value")
    if value in (None, ""):
        return ""
    pk = staff_id(value)
    manager = StaffMember.objects.filter(pk=pk).first() if pk else None
    if manager is None:
        raise ScimError(400, f"The manager “{value}” is not a known user id.", "invalidValue")
    return manager.work_email


def _boolean(value):
    """True or False; Entra ID has sent them as the strings "True" and "False"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ScimError(400, "active should be true or false.", "invalidValue")


def _text(value, name):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ScimError(400, f"{name} should be text.", "invalidValue")
    return value.strip()
