"""A real SAML 2.0 identity provider for the tests: pysaml2's own Server (signing with
xmlsec1) in a small WSGI app with its own sign-in page. Run as
`python -m tests.peers.saml_idp CONFIG.json`; the tests tell it the portal's metadata and,
through /control, to spoil its next answer (MISCHIEF) the way an attacker or a broken clock
would."""

import html
import json
import shutil
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import saml2
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server

PASSWORD = "the-identity-provider's-password"
EMAIL_ATTRIBUTE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
MISCHIEF = {
    "tampered": "the person's email changed after signing",
    "expired": "the assertion's lifetime already over (NotOnOrAfter in the past)",
    "wrong_audience": "the assertion meant for another service",
    "wrong_request": "an answer to a request the portal never made (wrong InResponseTo)",
    "unsigned": "neither response nor assertion signed",
}


class Provider:
    def __init__(self, config: dict):
        self.config = config
        self.base = f"http://127.0.0.1:{config['port']}"
        self.sp_metadata = ""
        self.mischief = ""
        self.signed_in = set()

    def server(self, lifetime_minutes=15) -> Server:
        settings = {
            "entityid": f"{self.base}/metadata",
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": self.config["key_file"],
            "cert_file": self.config["cert_file"],
            "metadata": {"inline": [self.sp_metadata]} if self.sp_metadata else {},
            "service": {
                "idp": {
                    "name": "Test identity provider",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{self.base}/sso", saml2.BINDING_HTTP_REDIRECT)
                        ],
                        "single_logout_service": [
                            (f"{self.base}/slo", saml2.BINDING_HTTP_REDIRECT)
                        ],
                    },
                    "policy": {"default": {"lifetime": {"minutes": lifetime_minutes}}},
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                    "want_authn_requests_signed": False,
                }
            },
        }
        config = IdPConfig()
        config.load(settings)
        return Server(config=config)

    def metadata(self) -> str:
        return create_metadata_string(None, self.server().config, valid=24).decode()

    def answer(self, saml_request: str, relay_state: str, email: str) -> str:
        """The page that posts the signed answer to the portal, spoilt as asked."""
        mischief, self.mischief = self.mischief, ""
        server = self.server(lifetime_minutes=-10 if mischief == "expired" else 15)
        request = server.parse_authn_request(saml_request, saml2.BINDING_HTTP_REDIRECT).message
        sp = request.issuer.text
        acs = (
            request.assertion_consumer_service_url
            or server.config.metadata.assertion_consumer_service(sp, saml2.BINDING_HTTP_POST)[0][
                "location"
            ]
        )
        response = server.create_authn_response(
            {"mail": [email], EMAIL_ATTRIBUTE: [email]},
            in_response_to="id-not-asked-for" if mischief == "wrong_request" else request.id,
            destination=acs,
            sp_entity_id="https://somewhere-else.example/" if mischief == "wrong_audience" else sp,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            authn={"class_ref": saml2.saml.AUTHN_PASSWORD, "authn_auth": self.base},
            sign_assertion=mischief != "unsigned",
            sign_response=False,
        )
        response = str(response)
        if mischief == "tampered":
            response = response.replace(email, self.config["tamper_to"])
        self.signed_in.add(email)
        post = server.apply_binding(
            saml2.BINDING_HTTP_POST, response, acs, relay_state, response=True
        )
        return post["data"]


def page(body: str) -> bytes:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Test identity provider</title></head><body>{body}</body></html>"
    ).encode()


def sign_in_page(query: dict, error="") -> bytes:
    hidden = "".join(
        f"<input type='hidden' name='{name}' value='{html.escape(query.get(name, [''])[0])}'>"
        for name in ("SAMLRequest", "RelayState")
    )
    return page(
        "<h1>Test identity provider</h1>"
        f"{f'<p>{error}</p>' if error else ''}"
        "<form method='post' action='/sso'>"
        "<label>Email <input name='username' type='email'></label>"
        "<label>Password <input name='password' type='password'></label>"
        f"{hidden}<button type='submit'>Sign in to the identity provider</button></form>"
    )


def app_for(provider: Provider):
    def app(environ, start_response):
        path = environ["PATH_INFO"]
        method = environ["REQUEST_METHOD"]
        query = parse_qs(environ.get("QUERY_STRING", ""))
        form = {}
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(length).decode())
        status, headers, body = "200 OK", [("Content-Type", "text/html; charset=utf-8")], b""
        if path == "/metadata":
            headers = [("Content-Type", "application/samlmetadata+xml")]
            body = provider.metadata().encode()
        elif path == "/control" and method == "POST":
            if "sp_metadata" in form:
                provider.sp_metadata = form["sp_metadata"][0]
            provider.mischief = form.get("mischief", [provider.mischief])[0]
            body = b"ok"
        elif path == "/sso" and method == "GET":
            body = sign_in_page(query)
        elif path == "/sso" and method == "POST":
            if form.get("password", [""])[0] != PASSWORD:
                body = sign_in_page(form, error="Wrong password")
            else:
                email = form["username"][0]
                body = provider.answer(
                    form["SAMLRequest"][0], form.get("RelayState", [""])[0], email
                ).encode()
        elif path == "/favicon.ico":
            status = "204 No Content"
        elif path == "/signed-in":
            headers = [("Content-Type", "text/plain")]
            body = "\n".join(sorted(provider.signed_in)).encode()
        elif path == "/slo":
            status, headers, body = sign_out(provider, query)
        else:
            status, body = "404 Not Found", b"not found"
        start_response(status, headers)
        return [body]

    return app


def sign_out(provider: Provider, query: dict):
    """The portal's logout request: answered with a logout response sent back to it."""
    server = provider.server()
    request = server.parse_logout_request(
        query["SAMLRequest"][0], saml2.BINDING_HTTP_REDIRECT
    ).message
    provider.signed_in.discard(request.name_id.text)
    response = server.create_logout_response(request, [saml2.BINDING_HTTP_REDIRECT])
    back = server.apply_binding(
        saml2.BINDING_HTTP_REDIRECT,
        str(response),
        response.destination,
        query.get("RelayState", [""])[0],
        response=True,
    )
    location = dict(back["headers"])["Location"]
    return "302 Found", [("Location", location)], b""


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    config = json.loads(Path(sys.argv[1]).read_text())
    provider = Provider(config)
    make_server(
        "127.0.0.1",
        config["port"],
        app_for(provider),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    ).serve_forever()
