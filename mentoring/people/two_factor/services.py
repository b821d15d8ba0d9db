"""Adding and removing second factors, and using a recovery code: each audited, and each
addition or removal told to the person by email (never a code in it)."""

from binascii import unhexlify

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record
from mentoring.emails import plain_text, subject_line

from ..permissions import must_use_second_factor
from .selectors import KINDS, NAMES

RECOVERY_CODES = 10
REMOVABLE = ("app", "passkey")
KIND = "second factor"
WRONG_CODE = "The code is not right. Enter the 6-digit code your app shows now."


def authenticator_app_add(*, user, key: str, code: str) -> TOTPDevice:
    """Add the app whose secret is `key` (hex) once it shows a code that proves it holds it."""
    totp = TOTP(unhexlify(key))
    if not (code.isascii() and code.isdigit() and totp.verify(int(code), tolerance=1)):
        raise ValidationError({"code": WRONG_CODE})
    with transaction.atomic():
        device = TOTPDevice(user=user, key=key, name=NAMES["app"], confirmed=True)
        device.last_t = totp.t()  # the code that proved it cannot sign in as well
        device.full_clean()
        device.save()
        _told(user, added=NAMES["app"])
    return device


def passkey_added(*, user, device):
    """A passkey the library has just saved (passkeys.py)."""
    _told(user, added=NAMES["passkey"])


def recovery_codes_create(*, user) -> list[str]:
    """Ten new recovery codes, each good for one sign-in; any older ones stop working."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": NAMES["recovery"], "confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        audit_record(
            by=user,
            action=AuditEntry.Action.CREATE,
            kind=KIND,
            obj=device,
            note="New recovery codes",
        )
    return codes


def recovery_code_used(*, user, device):
    audit_record(
        by=user,
        action=AuditEntry.Action.CHANGE,
        kind=KIND,
        obj=device,
        note=f"Signed in with a recovery code ({device.token_set.count()} left)",
    )


def factor_remove(*, user, kind: str, pk: int):
    """Remove one of the person's own apps or passkeys. Someone who must use a second factor
    keeps at least one; when the last goes, so do the recovery codes."""
    device = KINDS[kind].objects.filter(user=user, pk=pk).first() if kind in REMOVABLE else None
    if device is None:
        raise ValidationError("That is not one of your ways of signing in.")
    left = sum(
        KINDS[k]
        .objects.filter(user=user, confirmed=True)
        .exclude(pk=device.pk if k == kind else 0)
        .count()
        for k in REMOVABLE
    )
    if not left and must_use_second_factor(user):
        raise ValidationError(
            "You must keep a second factor. Add another authenticator app or passkey first."
        )
    with transaction.atomic():
        device.delete()
        if not left:
            StaticDevice.objects.filter(user=user).delete()
        _told(user, removed=NAMES[kind])


def _told(user, *, added=None, removed=None):
    audit_record(
        by=user,
        action=AuditEntry.Action.CREATE if added else AuditEntry.Action.DELETE,
        kind=KIND,
        object_id=user.pk,
        note=added or removed,
    )
    context = {"added": added, "removed": removed, "site_url": settings.SITE_URL}
    subject = subject_line("people/two_factor/email_subject.txt", context)
    body = plain_text("people/two_factor/email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
