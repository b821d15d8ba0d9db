"""The real protocol peers the tests start, each in its own process on a free local port."""

import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache

from tests.peers.oidc_provider import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "/accounts/organisation/callback/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The test provider stopped: {process.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("The test provider did not start listening")


@dataclass
class Provider:
    """The OpenID Connect provider, seen from the tests."""

    issuer: str
    client_id: str
    client_secret: str
    password: str = PASSWORD

    def _control(self, **fields):
        requests.post(f"{self.issuer[: -len('/o')]}/control/", data=fields, timeout=10)

    def add_person(self, email: str):
        self._control(person=email)

    def add_portal(self, base_url: str):
        self._control(
            redirect_uri=base_url + CALLBACK, after_sign_out=base_url + "/accounts/login/"
        )

    def next_id_token(self, mischief: str):
        """The next id token the provider issues comes altered (see its views)."""
        self._control(mischief=mischief)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc_provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    port = free_port()
    config = {
        "port": port,
        "database": str(folder / "provider.sqlite3"),
        "private_key": key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        "client_id": "mentoring-portal",
        "client_secret": "the-portal's-secret-for-tests",
        "redirect_uris": ["http://testserver" + CALLBACK],
    }
    (folder / "config.json").write_text(json.dumps(config))
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.peers.oidc_provider.serve", str(folder / "config.json")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(port, process)
        yield Provider(f"http://127.0.0.1:{port}/o", config["client_id"], config["client_secret"])
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def single_sign_on(settings, oidc_provider):
    """The portal set to sign staff in with the test provider."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider.client_secret
    settings.OIDC_PROVIDER_NAME = "Test Identity"
    cache.clear()
    yield oidc_provider
    cache.clear()
