from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record
from mentoring.emails import plain_text, subject_line

from .models import Grade, StaffMember
from .permissions import can_set_grade_seniority

ROLE_GROUPS = {
    "coordinator": ("Coordinators", ["coordinate_programmes", "read_monitoring_reports"]),
    "sponsor": ("Sponsors", ["read_monitoring_reports"]),
}


def role_group(role):
    """The group that carries a role's permissions, created on first use (ROLE-1, ROLE-4)."""
    if role not in ROLE_GROUPS:
        raise ValidationError(f"Unknown role “{role}”: choose coordinator or sponsor.")
    name, codenames = ROLE_GROUPS[role]
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="people", codename__in=codenames)
    )
    return group


@transaction.atomic
def role_grant(*, user, role, by=None):
    """Give someone a role; `by` is None on the command line. Audited (issue 18)."""
    user.groups.add(role_group(role))
    access_changes_record(by=by, user=user, granted=[f"{role.capitalize()} role"])


@transaction.atomic
def role_revoke(*, user, role, by=None):
    user.groups.remove(role_group(role))
    access_changes_record(by=by, user=user, revoked=[f"{role.capitalize()} role"])


def access_changes_record(*, by, user, granted=(), revoked=()):
    """One audit entry for each role, group or admin status someone was given or lost."""
    name = _name_of(user)
    for action, labels in [(AuditEntry.Action.GRANT, granted), (AuditEntry.Action.REVOKE, revoked)]:
        for label in labels:
            audit_record(
                by=by, action=action, kind="role", object_id=user.pk, note=f"{label} for {name}"
            )


def group_permission_changes_record(*, by, group, granted=(), revoked=()):
    """One audit entry for each permission a group was given or lost."""
    for action, permissions in [
        (AuditEntry.Action.GRANT, granted),
        (AuditEntry.Action.REVOKE, revoked),
    ]:
        for permission in sorted(permissions, key=str):
            audit_record(
                by=by,
                action=action,
                kind="group",
                object_id=group.pk,
                note=f"Permission “{permission}” for the {group.name} group",
            )


def _name_of(user):
    staff_member = StaffMember.objects.filter(user=user).first()
    return staff_member.full_name if staff_member else user.email


def password_link_send(*, user, domain, use_https):
    """Email someone a link to choose a password: their first, after an HR import, or a new one."""
    context = {
        "email": user.email,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    send_mail(
        subject_line("registration/password_reset_subject.txt", context),
        plain_text("registration/password_reset_email.txt", context),
        None,
        [user.email],
    )


def grades_seniority_set(*, by, seniorities: dict) -> int:
    """Set each grade's seniority ({grade id: whole number or None for not known}), which
    matching uses to tell which way round a pairing is. Returns how many changed; each
    change is audited."""
    if not can_set_grade_seniority(by):
        raise PermissionDenied("Only coordinators set the seniority of grades.")
    with transaction.atomic():
        grades = list(Grade.objects.select_for_update().filter(pk__in=seniorities))
        changed = [g for g in grades if g.seniority != seniorities[g.pk]]
        for grade in changed:
            grade.seniority = seniorities[grade.pk]
            grade.full_clean()
            audit_record(
                by=by,
                action=AuditEntry.Action.CHANGE,
                kind="grade",
                object_id=grade.pk,
                note=f"Seniority of {grade.name}: {_or_not_known(grade.seniority)}",
            )
        Grade.objects.bulk_update(changed, ["seniority"])
    return len(changed)


def _or_not_known(value):
    return "not known" if value is None else value
