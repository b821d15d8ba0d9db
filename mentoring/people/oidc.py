"""Signing in with the organisation's account over OpenID Connect. mozilla-django-oidc runs the
protocol (state, nonce, PKCE, the token's signature against the provider's published keys);
this module finds the provider's endpoints in its discovery document, has PyJWT check the
token's issuer, audience and expiry too, and decides which staff record signs in."""

import logging
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from . import saml
from .auth import StaffBackend, account_for_work_email
from .two_factor.proof import signed_in_now

logger = logging.getLogger(__name__)

DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
}
DISCOVERY_CACHE_SECONDS = 3600
BACKEND = "mentoring.people.oidc.OrganisationAccountBackend"


def is_configured() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def discovery() -> dict:
    """The provider's published configuration (its endpoints and keys' address), kept an hour."""
    url = f"{settings.OIDC_ISSUER.rstrip('/')}/.well-known/openid-configuration"
    document = cache.get(url)
    if document is None:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        if document.get("issuer") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("The provider's discovery document names another issuer.")
        cache.set(url, document, DISCOVERY_CACHE_SECONDS)
    return document


def provider_setting(attr, *default):
    if attr in DISCOVERED:
        return discovery().get(DISCOVERED[attr])
    return import_from_settings(attr, *default)


def work_email(claims: dict) -> str:
    for claim in settings.OIDC_EMAIL_CLAIMS:
        if claims.get(claim):
            return str(claims[claim])
    return ""


class OrganisationAccountBackend(OIDCAuthenticationBackend):
    """Signs in the staff record whose work email the provider vouches for; nobody else."""

    get_settings = staticmethod(provider_setting)

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every sign-in; the provider is asked only when
        # someone comes back from it.
        self.request = None

    def authenticate(self, request, **kwargs):
        if not is_configured() or "nonce" not in kwargs:
            return None
        super().__init__()
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, jwt.PyJWTError) as problem:
            raise SuspiciousOperation(f"The provider's answer was refused: {problem}") from problem

    def get_payload_data(self, token, key):
        """The token's signature, issuer, audience and lifetime, all checked by PyJWT
        (mozilla-django-oidc leaves the issuer and audience unchecked)."""
        return jwt.decode(
            token,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=settings.OIDC_ISSUER,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )

    def get_userinfo(self, access_token, id_token, payload):
        return payload  # the verified id token's claims name the person

    def verify_claims(self, claims):
        return bool(work_email(claims)) and claims.get("email_verified") is not False

    def filter_users_by_claims(self, claims):
        user = account_for_work_email(work_email(claims))
        if user is None:
            self.request.sign_in_refused_for = work_email(claims)
            return []
        return [user]

    def get_user(self, user_id):
        return StaffBackend().get_user(user_id)


class SignInWithOrganisation(OIDCAuthenticationRequestView):
    get_settings = staticmethod(provider_setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not is_configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError, SuspiciousOperation) as problem:
            logger.warning("The identity provider could not be reached: %s", problem)
            context = {"unreachable": True, "contact": settings.ORGANISATION_CONTACT}
            return render(request, "registration/sso_failed.html", context, status=503)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)

    def get_extra_params(self, request):
        """Someone already signed in is checking it is them (two_factor/proof.py): the
        provider asks for their sign-in again rather than vouching from its own session."""
        return {"prompt": "login"} if request.user.is_authenticated else {}


class ReturnFromOrganisation(OIDCAuthenticationCallbackView):
    """Back from the provider: signed in, or a page saying why not and who can help."""

    get_settings = staticmethod(provider_setting)

    def get(self, request):
        if not is_configured():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as problem:
            logger.warning("Sign-in with the organisation's account refused: %s", problem)
            return self.login_failure()

    def login_success(self):
        """The library does not sign in again someone already signed in as the same person,
        so their fresh sign-in is recorded here (two_factor/proof.py)."""
        signed_in_now(self.request)
        return super().login_success()

    def login_failure(self):
        email = getattr(self.request, "sign_in_refused_for", None)
        template = "registration/no_staff_record.html" if email else "registration/sso_failed.html"
        context = {"email": email, "contact": settings.ORGANISATION_CONTACT}
        return render(self.request, template, context, status=403 if email else 400)


class SignOut(OIDCLogoutView):
    """Ends the portal session; someone who signed in with the organisation's account goes on
    to the provider to sign out there too, where it offers that (provider_sign_out_url)."""

    def post(self, request):
        if saml.signed_in_with_saml(request):
            after = saml.provider_sign_out_url(request) or reverse(settings.LOGOUT_REDIRECT_URL)
            auth.logout(request)
            return HttpResponseRedirect(after)
        return super().post(request)


def provider_sign_out_url(request) -> str:
    portal = reverse(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if request.session.get("_auth_user_backend") != BACKEND or not id_token:
        return portal
    try:
        end_session = discovery().get("end_session_endpoint")
    except (requests.RequestException, ValueError, SuspiciousOperation):
        end_session = None
    if not end_session:
        return portal
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(portal),
        }
    )
    return f"{end_session}?{query}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The policy in settings, with the provider's sign-out page allowed as where the
    "Sign out" form may lead (form-action holds for the redirect after the form, too)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        providers = [saml.provider_origin()]
        if is_configured():
            issuer = urlsplit(settings.OIDC_ISSUER)
            providers.append(f"{issuer.scheme}://{issuer.netloc}")
        providers = [origin for origin in providers if origin]
        if providers and not report_only:
            parts.update = (parts.update or {}) | {"form-action": providers}
        return parts
