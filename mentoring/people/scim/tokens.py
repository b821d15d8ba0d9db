"""Bearer tokens for SCIM provisioning: made and revoked by a site administrator, audited;
only a hash of each is kept."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record

from ..models import ProvisioningToken
from ..permissions import can_manage_provisioning

PREFIX = "scim_"
KIND = "provisioning token"


def _hash(secret: str) -> str:
    # The token is 256 random bits, so a fast hash is as good as a slow one here.
    return hashlib.sha256(secret.encode()).hexdigest()


def provisioning_token_create(*, by, name: str) -> tuple[ProvisioningToken, str]:
    """Make a named token; returns it with the secret, which is never shown again."""
    if not can_manage_provisioning(by):
        raise PermissionDenied("Only site administrators make provisioning tokens.")
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ProvisioningToken(name=name.strip(), token_hash=_hash(secret), created_by=by)
        token.full_clean()
        token.save()
        note = f"Provisioning token “{token.name}” made"
        audit_record(by=by, action=AuditEntry.Action.CREATE, kind=KIND, obj=token, note=note)
    return token, secret


def provisioning_token_revoke(*, by, token: ProvisioningToken) -> None:
    """Stop a token working, for good."""
    if not can_manage_provisioning(by):
        raise PermissionDenied("Only site administrators revoke provisioning tokens.")
    with transaction.atomic():
        revoked = ProvisioningToken.objects.in_use().filter(pk=token.pk)
        if revoked.update(revoked_at=timezone.now()):
            note = f"Provisioning token “{token.name}” revoked"
            audit_record(by=by, action=AuditEntry.Action.REVOKE, kind=KIND, obj=token, note=note)


def provisioning_token_for(secret: str) -> ProvisioningToken | None:
    """The token in use that this secret is, noting when it was used; None for any other."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = ProvisioningToken.objects.in_use().filter(token_hash=_hash(secret)).first()
    if token is not None:
        token.last_used_at = timezone.now()
        ProvisioningToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token
