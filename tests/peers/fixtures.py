"""The real protocol peers the tests start, each in its own process on a free local port."""

import json
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.cache import cache

from tests.peers.oidc_provider import PASSWORD
from tests.peers.saml_idp import PASSWORD as SAML_PASSWORD

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


@contextmanager
def serving(port: int, *arguments):
    """`python -m ARGUMENTS` in its own process, once it listens on `port`; stopped after."""
    process = subprocess.Popen(
        [sys.executable, "-m", *arguments],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(port, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


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
    with serving(port, "tests.peers.oidc_provider.serve", str(folder / "config.json")):
        yield Provider(f"http://127.0.0.1:{port}/o", config["client_id"], config["client_secret"])


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


def key_and_certificate(folder: Path, name: str) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it, written as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


@dataclass
class SamlProvider:
    """The SAML identity provider, seen from the tests."""

    base: str
    tamper_to: str
    sp_key_file: str
    sp_cert_file: str
    password: str = SAML_PASSWORD

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/metadata"

    def _control(self, **fields):
        requests.post(f"{self.base}/control", data=fields, timeout=10).raise_for_status()

    def meet_portal(self, portal_metadata: bytes | str):
        """Give the provider the portal's metadata, as an administrator would."""
        if isinstance(portal_metadata, bytes):
            portal_metadata = portal_metadata.decode()
        self._control(sp_metadata=portal_metadata)

    def next_answer(self, mischief: str):
        """The next answer the provider gives comes spoilt (see MISCHIEF in saml_idp.py)."""
        self._control(mischief=mischief)


@pytest.fixture(scope="session")
def saml_provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("saml_provider")
    key_file, cert_file = key_and_certificate(folder, "provider")
    sp_key_file, sp_cert_file = key_and_certificate(folder, "portal")
    port = free_port()
    config = {
        "port": port,
        "key_file": key_file,
        "cert_file": cert_file,
        "tamper_to": "alex.coordinator@example.org",
    }
    (folder / "config.json").write_text(json.dumps(config))
    with serving(port, "tests.peers.saml_idp", str(folder / "config.json")):
        yield SamlProvider(
            f"http://127.0.0.1:{port}", config["tamper_to"], sp_key_file, sp_cert_file
        )


def set_up_saml(settings, provider: SamlProvider, portal_base_url: str):
    settings.SAML_IDP_METADATA_URL = provider.metadata_url
    settings.SAML_SP_ENTITY_ID = f"{portal_base_url}/saml/metadata/"
    settings.SAML_SP_KEY_FILE = provider.sp_key_file
    settings.SAML_SP_CERT_FILE = provider.sp_cert_file
    settings.SAML_PROVIDER_NAME = "Test SAML Identity"
    cache.clear()


@pytest.fixture
def saml_sign_on(settings, saml_provider):
    """The portal (as the Django test client reaches it) set to sign staff in over SAML with
    the test provider, which has been given the portal's metadata from its own address."""
    from django.test import Client

    set_up_saml(settings, saml_provider, "http://testserver")
    saml_provider.meet_portal(Client().get("/saml/metadata/").content)
    yield saml_provider
    cache.clear()


@dataclass
class CalDavServer:
    """Radicale, a real CalDAV server, with its own empty storage; anyone may sign in with any
    password and keeps their own calendars."""

    url: str
    password: str = "any password"


@pytest.fixture(scope="session")
def radicale(tmp_path_factory):
    folder = tmp_path_factory.mktemp("radicale")
    port = free_port()
    storage = str(folder / "collections")
    with serving(
        port,
        *("radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}"),
        *("--auth-type", "none", "--rights-type", "owner_only"),
        *("--storage-filesystem-folder", storage, "--logging-level", "warning"),
    ):
        yield CalDavServer(f"http://127.0.0.1:{port}/")
