from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

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


def password_link_send(*, user, domain, use_https):
    """Email someone a link to choose a password: their first, after an HR import, or a new one."""
    context = {
        "email": user.email,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = render_to_string("registration/password_reset_subject.txt", context)
    body = render_to_string("registration/password_reset_email.html", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
