"""Signing in with the organisation's account over SAML 2.0. djangosaml2 and pysaml2 run the
protocol (xmlsec1 checks the signatures; pysaml2 the audience, recipient, lifetime and which
request a response answers); this module builds their configuration from the environment
settings and decides which staff record signs in, as OpenID Connect does (oidc.py)."""

import logging
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import requests
import saml2
from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2.backends import Saml2Backend
from djangosaml2.cache import IdentityCache, StateCache
from djangosaml2.views import (
    AssertionConsumerServiceView,
    LoginView,
    LogoutView,
    MetadataView,
    _get_subject_id,
)
from saml2.client import Saml2Client
from saml2.client_base import LogoutError
from saml2.config import SPConfig
from saml2.s_utils import UnsupportedBinding
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS

from .auth import StaffBackend, account_for_work_email

logger = logging.getLogger(__name__)

BACKEND = "mentoring.people.saml.SamlAccountBackend"
METADATA_CACHE_SECONDS = 3600


class ProviderUnreachable(Exception):
    pass


def is_configured() -> bool:
    idp = settings.SAML_IDP_METADATA_URL or settings.SAML_IDP_METADATA_FILE
    return bool(idp and settings.SAML_SP_ENTITY_ID)


def idp_metadata() -> str:
    """The identity provider's metadata (its certificate and addresses), kept an hour."""
    if settings.SAML_IDP_METADATA_FILE:
        return Path(settings.SAML_IDP_METADATA_FILE).read_text()
    url = settings.SAML_IDP_METADATA_URL
    document = cache.get(url)
    if document is None:
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
        except requests.RequestException as problem:
            raise ProviderUnreachable(str(problem)) from problem
        document = response.text
        cache.set(url, document, METADATA_CACHE_SECONDS)
    return document


def sp_config(request=None) -> SPConfig:
    """djangosaml2's configuration (SAML_CONFIG_LOADER): signed assertions required, answers
    only to the portal's own requests, the portal's addresses as the browser reaches them."""

    def url(name):
        return request.build_absolute_uri(reverse(name))

    config = SPConfig()
    config.load(
        {
            "entityid": settings.SAML_SP_ENTITY_ID,
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": settings.SAML_SP_KEY_FILE or None,
            "cert_file": settings.SAML_SP_CERT_FILE or None,
            "encryption_keypairs": [
                {"key_file": settings.SAML_SP_KEY_FILE, "cert_file": settings.SAML_SP_CERT_FILE}
            ]
            if settings.SAML_SP_KEY_FILE
            else [],
            "metadata": {"inline": [idp_metadata()]},
            "accepted_time_diff": settings.SAML_CLOCK_SKEW_SECONDS,
            "allow_unknown_attributes": True,  # Entra's and ADFS's claims by their full names
            "service": {
                "sp": {
                    "name": f"{settings.ORGANISATION_NAME} mentoring portal",
                    "endpoints": {
                        "assertion_consumer_service": [(url("saml2_acs"), saml2.BINDING_HTTP_POST)],
                        "single_logout_service": [
                            (url("saml2_ls"), saml2.BINDING_HTTP_REDIRECT),
                            (url("saml2_ls_post"), saml2.BINDING_HTTP_POST),
                        ],
                    },
                    "allow_unsolicited": False,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "authn_requests_signed": bool(settings.SAML_SP_KEY_FILE),
                    "logout_requests_signed": bool(settings.SAML_SP_KEY_FILE),
                    "name_id_format": NAMEID_FORMAT_EMAILADDRESS,
                    "name_id_format_allow_create": False,
                }
            },
        }
    )
    return config


def work_email(session_info: dict) -> str:
    """The work email the provider vouches for: the NameID, or the attribute named in
    SAML_EMAIL_ATTRIBUTE (pysaml2 gives well-known attributes their short names)."""
    wanted = settings.SAML_EMAIL_ATTRIBUTE
    if not wanted:
        name_id = session_info.get("name_id")
        return str(getattr(name_id, "text", "") or "").strip()
    attributes = session_info.get("ava") or {}
    for name in (wanted, wanted.rsplit("/", 1)[-1]):
        values = attributes.get(name)
        if values:
            return str(values[0]).strip()
    return ""


class SamlAccountBackend(Saml2Backend):
    """Signs in the staff record whose work email the provider vouches for; nobody else."""

    def authenticate(self, request, session_info=None, **kwargs):
        if session_info is None or not is_configured():
            return None
        email = work_email(session_info)
        user = account_for_work_email(email) if email else None
        if user is None:
            request.sign_in_refused_for = email or None
        return user

    def get_user(self, user_id):
        return StaffBackend().get_user(user_id)


def unreachable(request):
    logger.warning("The SAML identity provider's metadata could not be read.")
    context = {"unreachable": True, "contact": settings.ORGANISATION_CONTACT}
    return render(request, "registration/sso_failed.html", context, status=503)


class OnlyWhenSetUp:
    """Not found until an administrator sets SAML up; a page saying so if the provider's
    metadata cannot be read."""

    def dispatch(self, request, *args, **kwargs):
        if not is_configured():
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except ProviderUnreachable:
            return unreachable(request)


class SignInWithOrganisation(OnlyWhenSetUp, LoginView):
    pass


# The provider posts from its own site, with no token of ours: the signature stands in for it.
@method_decorator(csrf_exempt, name="dispatch")
class ReturnFromOrganisation(OnlyWhenSetUp, AssertionConsumerServiceView):
    """Back from the provider: signed in, or a page saying why not and who can help."""

    def post(self, request, *args, **kwargs):
        if not request.POST.get("SAMLResponse"):
            return self.handle_acs_failure(request, status=400)
        return super().post(request, *args, **kwargs)

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        if exception is not None:
            logger.warning("Sign-in with the organisation's account refused: %s", exception)
        email = getattr(request, "sign_in_refused_for", None)
        template = "registration/no_staff_record.html" if email else "registration/sso_failed.html"
        context = {"email": email, "contact": settings.ORGANISATION_CONTACT}
        return render(request, template, context, status=403 if email else 400)


class Metadata(OnlyWhenSetUp, MetadataView):
    pass


@method_decorator(csrf_exempt, name="dispatch")
class SignedOutAtProvider(OnlyWhenSetUp, LogoutView):
    """The provider's answer to the portal's sign-out (or its own request to sign out)."""


def signed_in_with_saml(request) -> bool:
    return request.session.get("_auth_user_backend") == BACKEND


def provider_sign_out_url(request) -> str | None:
    """Where to send someone signed in over SAML to sign out at the provider too (single
    logout), or None where the provider offers none; the portal session ends either way."""
    subject_id = _get_subject_id(request.saml_session)
    if subject_id is None:
        return None
    try:
        state = StateCache(request.saml_session)
        client = Saml2Client(
            sp_config(request),
            state_cache=state,
            identity_cache=IdentityCache(request.saml_session),
        )
        result = client.global_logout(subject_id)
        state.sync()
    except (ProviderUnreachable, UnsupportedBinding, LogoutError) as problem:
        logger.info("No single sign-out at the SAML provider: %s", problem)
        return None
    for logout_info in (result or {}).values():
        if isinstance(logout_info, tuple) and logout_info[0] == saml2.BINDING_HTTP_REDIRECT:
            return dict(logout_info[1]["headers"])["Location"]
    return None


def provider_origin() -> str | None:
    """The provider's address, for the sign-out form to be allowed to lead there."""
    if not is_configured() or not settings.SAML_IDP_METADATA_URL:
        return None
    address = urlsplit(settings.SAML_IDP_METADATA_URL)
    return f"{address.scheme}://{address.netloc}"
