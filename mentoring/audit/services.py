from django.db import transaction

from .models import AuditEntry

COMMAND_LINE = "Command line"


def audit_record(
    *,
    by,
    action,
    kind,
    obj=None,
    object_id=None,
    relationship_id=None,
    programme_id=None,
    note="",
    who="",
):
    """Record that `by` did `action` to a record of `kind`: who, what and when, never the
    record's content (DATA-2). Call it inside the change's own transaction, so that a change
    rolled back leaves no entry."""
    entry = AuditEntry(
        user_id=by.pk if by is not None else None,
        who=(who or _name_of(by))[:200],
        action=action,
        kind=kind,
        object_id=obj.pk if obj is not None else object_id,
        relationship_id=relationship_id,
        programme_id=programme_id,
        note=note,
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
    return entry


def audit_record_many(*, by, action, kind, records, who=""):
    """The same for many records at once, each an (object id, note) pair, in one insert per
    thousand (a staff import may touch thousands of people). `who` names what acted where no
    account did (a provisioning token, the nightly import)."""
    who = (who or _name_of(by))[:200]
    entries = [
        AuditEntry(
            user_id=by.pk if by is not None else None,
            who=who,
            action=action,
            kind=kind,
            object_id=object_id,
            note=note[:200],
        )
        for object_id, note in records
    ]
    with transaction.atomic():
        AuditEntry.objects.bulk_create(entries, batch_size=1000)


def _name_of(user):
    """The name as it is today: later renames must not rewrite history. Nobody is signed in
    for what a management command does."""
    if user is None:
        return COMMAND_LINE
    staff_member = getattr(user, "staff_member", None)
    if staff_member is not None:
        return staff_member.full_name
    # Our User has no name of its own (it lives on the staff record), so this is its email.
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name or user.get_username()
