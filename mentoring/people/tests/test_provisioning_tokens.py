"""The site administrator's provisioning tokens: made with a name and shown once, kept only
as a hash, each one's last use shown, revoked after asking; all audited."""

import hashlib
import re

import pytest
from django.urls import reverse

from mentoring.audit.models import AuditEntry
from mentoring.people.models import ProvisioningToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/staff/provisioning/"


@pytest.fixture
def administrator(client):
    user = UserFactory(email="it.admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def made_token(client, name="Entra ID"):
    page = client.post(PAGE, {"name": name})
    assert page.status_code == 200
    return re.search(r'id="new-token">([^<]+)<', page.text)[1], page


def test_an_administrator_makes_a_token_shown_once_and_kept_only_as_a_hash(client, administrator):
    secret, page = made_token(client)
    token = ProvisioningToken.objects.get()
    assert token.name == "Entra ID" and token.created_by == administrator
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in client.get(PAGE).text
    assert AuditEntry.objects.filter(
        kind="provisioning token", action="create", note="Provisioning token “Entra ID” made"
    ).exists()


def test_the_page_gives_the_tenant_url_for_the_identity_provider(client, administrator):
    assert "http://testserver/scim/v2/" in client.get(PAGE).text


def test_a_token_needs_a_name(client, administrator):
    page = client.post(PAGE, {"name": " "})
    assert "Enter a name for the token" in page.text and not ProvisioningToken.objects.exists()


def test_the_page_says_when_each_token_was_last_used(client, administrator):
    secret, _ = made_token(client)
    assert "Never" in client.get(PAGE).text
    client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {secret}"})
    assert "Never" not in client.get(PAGE).text


def test_revoking_asks_first_then_the_token_stops_working(client, administrator):
    secret, _ = made_token(client)
    token = ProvisioningToken.objects.get()
    url = reverse("people:provisioning_revoke", args=[token.pk])
    asked = client.post(url)
    assert "Revoke the token “Entra ID”?" in asked.text
    token.refresh_from_db()
    assert token.revoked_at is None

    done = client.post(url, {"confirmed": "yes"})
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    answer = client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 401
    assert AuditEntry.objects.filter(kind="provisioning token", action="revoke").count() == 1
    assert client.post(url, {"confirmed": "yes"}).status_code == 404  # revoked already


def test_a_coordinator_may_neither_see_nor_make_tokens(client, coordinator):
    client.force_login(coordinator.user)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "Mine"}).status_code == 403
    assert not ProvisioningToken.objects.exists()


def test_the_navigation_offers_the_page_to_administrators_only(client, administrator, coordinator):
    link = f'href="{PAGE}"'
    assert link in client.get(reverse("home")).text
    client.force_login(coordinator.user)
    assert link not in client.get(reverse("home")).text
