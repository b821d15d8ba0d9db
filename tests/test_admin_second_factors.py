"""Second factors in the admin site: seen and deleted (someone who lost their phone), never
added or changed there, and no secret shown. Keys and codes are set only by the portal's own
enrolment, which checks that the person holds them."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp_webauthn.models import WebAuthnCredential

from mentoring.audit.models import AuditEntry
from mentoring.people.models import ProvisioningToken
from mentoring.people.two_factor.services import recovery_codes_create

pytestmark = pytest.mark.django_db
MODELS = [TOTPDevice, StaticDevice, WebAuthnCredential]


def url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.fixture
def devices(staff_member):
    user = staff_member.user
    app = TOTPDevice.objects.create(user=user, key=random_hex(20), name="App", confirmed=True)
    recovery_codes_create(user=user)
    passkey = WebAuthnCredential.objects.create(
        user=user,
        name="Passkey",
        confirmed=True,
        credential_id=b"credential-id",
        public_key=b"public-key-bytes",
        sign_count=0,
    )
    return {TOTPDevice: app, StaticDevice: StaticDevice.objects.get(), WebAuthnCredential: passkey}


def secrets_of(device):
    if isinstance(device, TOTPDevice):
        return [device.key]
    if isinstance(device, StaticDevice):
        return list(StaticToken.objects.values_list("token", flat=True))
    return [device.public_key.hex(), device.credential_id.hex()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_no_second_factor_can_be_added_in_the_admin_site(admin_client, model):
    assert admin_client.get(url(model, "add")).status_code == 403
    assert (
        admin_client.post(url(model, "add"), {"name": "Mine", "key": "00" * 20}).status_code == 403
    )
    assert not model.objects.exists()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_second_factor_is_seen_without_its_secret_and_cannot_be_changed(
    admin_client, devices, model
):
    device = devices[model]
    page = admin_client.get(url(model, "change", device.pk))
    assert page.status_code == 200
    assert not any(f'name="{field}"' in page.text for field in ["key", "name", "token_set-0-token"])
    secrets = secrets_of(device)
    assert secrets and not any(secret in page.text for secret in secrets)
    assert (
        admin_client.post(url(model, "change", device.pk), {"name": "Changed"}).status_code == 403
    )
    assert model.objects.get(pk=device.pk).name != "Changed"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_second_factor_can_be_deleted_for_someone_who_lost_it(admin_client, devices, model):
    device = devices[model]
    response = admin_client.post(url(model, "delete", device.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=device.pk).exists()
    assert AuditEntry.objects.filter(note__endswith="removed in the admin site").count() == 1


def test_a_provisioning_token_is_seen_in_the_admin_site_without_its_hash_and_never_changed(
    admin_client, client
):
    made = admin_client.post(reverse("people:provisioning"), {"name": "Entra ID"})
    assert made.status_code == 200
    token = ProvisioningToken.objects.get()
    page = admin_client.get(url(ProvisioningToken, "change", token.pk))
    assert page.status_code == 200 and token.token_hash not in page.text
    assert admin_client.get(url(ProvisioningToken, "add")).status_code == 403
    delete = admin_client.post(url(ProvisioningToken, "delete", token.pk), {"post": "yes"})
    assert delete.status_code == 403 and ProvisioningToken.objects.exists()
