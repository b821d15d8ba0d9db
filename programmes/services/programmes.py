from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record
from mentoring.people.permissions import staff_member_of

from ..models import Area, Policy, PolicyRevision, Programme
from ..permissions import can_create_programme, can_manage_programme
from ..presets import PRESETS
from ..signals import coordinator_reading_switched_on, programme_created

# What the coordinators may read once each switch is on, in the audit log's words (PRG-3).
COORDINATOR_READING = {
    "coordinator_reads_meeting_logs": "coordinators may read meeting logs",
    "coordinator_reads_evaluation_text": "coordinators may read written evaluation answers",
}

# Changed by their own services, or by nobody; the coordinator-reading switches are audited
# in their own words, with when they were switched on.
NOT_SETTINGS = {
    "id",
    "status",
    "archived_at",
    "created_at",
    "updated_at",
    *COORDINATOR_READING,
    *(f"{switch}_since" for switch in COORDINATOR_READING),
}

# Where a programme may go from each status (PRG-1). Archiving is separate: see below.
TRANSITIONS = {
    Programme.Status.DRAFT: [Programme.Status.OPEN],
    Programme.Status.OPEN: [Programme.Status.RUNNING, Programme.Status.CLOSED],
    Programme.Status.RUNNING: [Programme.Status.OPEN, Programme.Status.CLOSED],
    Programme.Status.CLOSED: [],
}


@transaction.atomic
def programme_create(*, by, programme, coordinators=(), preset="", policy=None):
    """A coordinator creates a programme as a draft and is one of its coordinators; its policy
    record is its own, started from the chosen seed policy (if any) with `policy`'s answers
    (title, owner, text, next_review_on) over it."""
    if not can_create_programme(by):
        raise PermissionDenied("Only coordinators can create programmes.")
    programme.preset = preset
    programme.status = Programme.Status.DRAFT
    for switch in COORDINATOR_READING:
        setattr(
            programme, f"{switch}_since", timezone.now() if getattr(programme, switch) else None
        )
    programme.full_clean()
    programme.save()
    programme.coordinators.set({*coordinators, staff_member_of(by)})
    _policy_start(by=by, programme=programme, preset=preset, answers=policy or {})
    programme_created.send(sender=Programme, programme=programme, preset=preset, by=by)
    return programme


# What a coordinator may say about a new programme's policy record when setting it up.
POLICY_ANSWERS = ("title", "owner", "text", "next_review_on")


def policy_based_on(preset: str) -> str:
    """The published policy a preset's policy record starts from, with its version."""
    if not preset:
        return ""
    source, version = PRESETS[preset]["source"], PRESETS[preset]["policy"]["version"]
    return f"{source}, version {version}" if version else source


def _policy_start(*, by, programme, preset, answers):
    """Version 1 of the programme's own record, reviewed a year from today unless the
    coordinator says when; the seed's revision history stays with the seed (issue 20)."""
    today, seed = timezone.localdate(), PRESETS[preset]["policy"] if preset else {}
    policy = Policy(
        programme=programme,
        title=seed.get("title", programme.name),
        owner=seed.get("owner", ""),
        version="1",
        based_on=policy_based_on(preset),
        next_review_on=a_year_after(today),
    )
    for name in POLICY_ANSWERS:
        if answers.get(name) not in (None, ""):
            setattr(policy, name, answers[name])
    if policy.next_review_on <= today:
        raise ValidationError({"next_review_on": "The next review must be in the future."})
    policy.full_clean()
    policy.save()
    reason = f"Set up, based on {policy.based_on}" if policy.based_on else "Set up"
    PolicyRevision.objects.create(
        policy=policy, version="1", revised_on=today, reason=reason, author=_author(by)
    )


def _author(user):
    return str(staff_member_of(user) or user)


@transaction.atomic
def programme_update(*, by, programme, coordinators):
    _check_manager(by, programme)
    _check_not_archived(programme)
    if not coordinators:
        raise ValidationError({"coordinators": "A programme needs at least one coordinator."})
    before = Programme.objects.select_for_update().get(pk=programme.pk)
    programme.full_clean()
    had = set(before.coordinators.all())
    switched_on, notes = _coordinator_reading_changes(before, programme)
    programme.save()
    programme.coordinators.set(coordinators)
    programme_changes_record(by=by, before=before, had=had, programme=programme, notes=notes)
    if switched_on:
        coordinator_reading_switched_on.send(
            sender=Programme, programme=programme, switches=switched_on
        )
    return programme


def programme_changes_record(*, by, before, had, programme, notes=()):
    """An audit entry for each setting changed and for who joined or left its coordinators,
    in the portal or the admin site (issue 18 §13); `before` and `had` as stored before, and
    `notes` any the caller adds (the coordinator-reading switches)."""
    has = set(programme.coordinators.all())
    changes = [*notes, *settings_changed(before, programme), *_coordinators_changed(had, has)]
    for note in changes:
        audit_record(
            by=by,
            action=AuditEntry.Action.CHANGE,
            kind="programme settings",
            obj=programme,
            programme_id=programme.pk,
            note=note,
        )


def settings_changed(stored, programme):
    """What changed, a sentence for each setting (issue 18): from what to what, except for its
    texts, where only that they changed."""
    notes = []
    for field in Programme._meta.concrete_fields:
        if field.name in NOT_SETTINGS or _value(stored, field) == _value(programme, field):
            continue
        label = capfirst(field.verbose_name)
        if isinstance(field, models.TextField):
            notes.append(f"{label} changed")
        else:
            notes.append(f"{label}: {_said(stored, field)} → {_said(programme, field)}")
    return notes


def _value(programme, field):
    return getattr(programme, field.attname)


def _said(programme, field):
    if field.is_relation:
        related = getattr(programme, field.name)
        return getattr(related, "full_name", str(related)) if related else "none"
    if field.choices:
        return getattr(programme, f"get_{field.name}_display")()
    value = _value(programme, field)
    if isinstance(value, bool):
        return "on" if value else "off"
    return "none" if value is None else str(value)[:40]


def _coordinators_changed(had, has):
    if had == has:
        return []
    parts = [
        f"{verb} {', '.join(sorted(p.full_name for p in people))}"
        for verb, people in [("added", has - had), ("removed", had - has)]
        if people
    ]
    return ["Coordinators: " + "; ".join(parts)]


def _coordinator_reading_changes(before, programme):
    """Switched on, the coordinators read only what is written from now on: what was written
    before was written under the old promise (PRG-3); switched off, it applies at once.
    Returns the switches turned on, and a note for the audit log on each change."""
    now, switched_on, notes = timezone.now(), [], []
    for switch, words in COORDINATOR_READING.items():
        since = f"{switch}_since"
        setattr(programme, since, getattr(before, since))
        on = getattr(programme, switch)
        if on == getattr(before, switch):
            continue
        if on:
            setattr(programme, since, now)
            switched_on.append(switch)
        notes.append(f"{words}: {'on' if on else 'off'}")
    return switched_on, notes


@transaction.atomic
def programme_set_status(*, by, programme, status):
    """Open, start, close: only along TRANSITIONS, and never for an archived programme."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _check_manager(by, programme)
    _check_not_archived(programme)
    if status not in TRANSITIONS[programme.status]:
        raise ValidationError(
            f"A programme that is {programme.get_status_display().lower()} cannot become "
            f"{Programme.Status(status).label.lower()}."
        )
    programme.status = status
    programme.save(update_fields=["status", "updated_at"])
    return programme


@transaction.atomic
def programme_archive(*, by, programme):
    """Archive a draft or closed programme: it leaves the lists but its records stay."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _check_manager(by, programme)
    if programme.status not in (Programme.Status.DRAFT, Programme.Status.CLOSED):
        raise ValidationError("Close the programme before archiving it.")
    if not programme.is_archived:
        programme.archived_at = timezone.now()
        programme.save(update_fields=["archived_at", "updated_at"])
    return programme


@transaction.atomic
def policy_revise(*, by, policy, reason):
    """Save a change to the policy record and add a row to its revision history (PRG-4)."""
    _check_manager(by, policy.programme)
    _check_not_archived(policy.programme)
    if not reason.strip():
        raise ValidationError({"reason": "Say what changed and why, for the revision history."})
    policy.full_clean()
    policy.save()
    PolicyRevision.objects.create(
        policy=policy,
        version=policy.version,
        revised_on=timezone.localdate(),
        reason=reason.strip(),
        author=_author(by),
    )
    return policy


def a_year_after(day: date) -> date:
    """The same day next year; 28 February after a 29th."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _check_not_archived(programme):
    if programme.is_archived:
        raise ValidationError("This programme is archived; nothing about it can change.")


def _check_manager(user, programme):
    if not can_manage_programme(user, programme):
        raise PermissionDenied("Only this programme's coordinators can change it.")


@transaction.atomic
def area_add(*, by, name):
    """Add an area of development to the vocabulary that applications and matching share."""
    if not can_create_programme(by):
        raise PermissionDenied("Only coordinators keep the list of areas.")
    name = " ".join(name.split())
    if Area.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"“{name}” is already on the list."})
    area = Area(name=name)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def area_set_active(*, by, area, active):
    """Retire an area (it stays on the records that use it) or bring it back."""
    if not can_create_programme(by):
        raise PermissionDenied("Only coordinators keep the list of areas.")
    area.is_active = active
    area.save(update_fields=["is_active"])
    return area
