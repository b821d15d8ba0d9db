"""A person's own data (DATA-3): what the portal holds about them and what they wrote or may
read in their mentoring, as JSON and as a PDF, from their profile. Each app says what it holds
in its own `personal_data.py` (a function `sections(person)` returning [(title, records)]);
a record is {label: value}, labelled as the forms label it. A few queries for each section,
whatever the amount."""

import json
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record
from mentoring.discovery import app_modules
from mentoring.templatetags import time_of_day


def personal_data_download(*, by, person, as_pdf):
    """The person's data as they download it, recorded in the audit log without its content:
    for the PDF in words, otherwise as JSON text."""
    audit_record(
        by=by,
        action=AuditEntry.Action.DOWNLOAD,
        kind="personal data",
        object_id=person.pk,
        note="PDF" if as_pdf else "JSON",
    )
    return personal_data_for_reading(person) if as_pdf else personal_data_json(person)


def personal_data(person):
    sections = []
    for module in app_modules("personal_data"):
        sections += module.sections(person)
    return {
        "exported_at": timezone.now(),
        "person": person.full_name,
        "sections": [{"title": title, "records": records} for title, records in sections],
    }


def personal_data_for_reading(person):
    """The same, with every value in words, for the PDF."""
    data = personal_data(person)
    for section in data["sections"]:
        section["records"] = [_readable(r) for r in section["records"]]
    return data


def _readable(value):
    if isinstance(value, dict):
        return {label: _readable(v) for label, v in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return [_readable(v) for v in value]
        return "; ".join(str(_readable(v)) for v in value) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{date_format(timezone.localtime(value), 'j F Y')}, {time_of_day(value)}"
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)


def personal_data_json(person):
    return json.dumps(personal_data(person), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def record(obj, names, more=()):
    """{label: value} of these fields of `obj`, as the forms label and show them, then `more`
    ({label: value} too)."""
    fields = {}
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.choices and value not in (None, ""):
            value = getattr(obj, f"get_{name}_display")()
        elif field.is_relation:
            value = str(value) if value is not None else None
        fields[capfirst(field.verbose_name)] = value
    return fields | dict(more)
