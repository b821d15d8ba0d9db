from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

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
def role_grant(*, user, role):
    user.groups.add(role_group(role))


@transaction.atomic
def role_revoke(*, user, role):
    user.groups.remove(role_group(role))
