"""What second factors a person has, in their words."""

from dataclasses import dataclass
from datetime import datetime

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

# The kinds a person can add, as they are named on pages, in emails and in their data.
KINDS = {"app": TOTPDevice, "passkey": WebAuthnCredential, "recovery": StaticDevice}
NAMES = {"app": "Authenticator app", "passkey": "Passkey", "recovery": "Recovery codes"}


@dataclass(frozen=True)
class Factor:
    kind: str
    pk: int
    name: str
    added_at: datetime
    last_used_at: datetime | None

    @property
    def kind_name(self):
        return NAMES[self.kind]


def factors_of(user) -> list[Factor]:
    """The person's confirmed factors, oldest first: one query for each kind."""
    found = []
    for kind, model in KINDS.items():
        for device in model.objects.filter(user=user, confirmed=True).order_by("created_at"):
            found.append(
                Factor(kind, device.pk, device.name, device.created_at, device.last_used_at)
            )
    return found


def signs_in_with(factors) -> list[str]:
    """The kinds of second step the person can take, the usual one first."""
    kinds = {factor.kind for factor in factors}
    return [kind for kind in KINDS if kind in kinds]


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0
