"""Passkeys through django-otp-webauthn's own views and browser script, told who is adding or
using one: the signed-in person, or the person half way through signing in."""

import functools
import json
from urllib.parse import urlsplit

from django.urls import path
from django_otp.middleware import is_verified
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.helpers import WebAuthnHelper

from . import lockout
from .enrolment import factor_added
from .pending import pending_sign_in, sign_in_finish
from .proof import after_proof, proof_given, proved_recently


def relying_party_id(request):
    """Passkeys belong to the portal's own host name (ALLOWED_HOSTS vets it)."""
    return urlsplit(f"//{request.get_host()}").hostname


class PasskeyHelper(WebAuthnHelper):
    def get_allowed_origins(self):
        return [f"{self.request.scheme}://{self.request.get_host()}"]


class Paused(exceptions.OTPWebAuthnApiError):
    status_code = 429
    default_detail = "Signing in is paused after too many tries. Wait, then try again."
    default_code = "locked_out"


def _owner(request):
    """Who adds a passkey: the signed-in person, or someone who must set one up to sign in."""
    if request.user.is_authenticated:
        return request.user if proved_recently(request) else None
    pending = pending_sign_in(request)
    if pending is None or not pending.enrolling:
        return None
    user = pending.user
    user.otp_device = None
    user.is_verified = functools.partial(is_verified, user)
    return user


class RegistrationBegin(views.BeginCredentialRegistrationView):
    def get_user(self):
        return _owner(self.request)


class RegistrationComplete(views.CompleteCredentialRegistrationView):
    def get_user(self):
        return _owner(self.request)

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        device = views.WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
        next_url = factor_added(self.request, user=self.get_user(), device=device)
        return views.JsonResponse({"id": device.pk, "redirect_url": next_url})


class SignInBegin(views.BeginCredentialAuthenticationView):
    """Used to finish signing in, and by a signed-in person checking it is them (proof.py)."""

    def get_user(self):
        if self.request.user.is_authenticated:
            return self.request.user
        pending = pending_sign_in(self.request)
        return pending.user if pending else None

    def check_can_authenticate(self):
        user = self.get_user()
        if user is None:
            raise exceptions.NotAuthenticated()
        if lockout.is_locked(self.request, user):
            raise Paused()


class SignInComplete(views.CompleteCredentialAuthenticationView):
    get_user = SignInBegin.get_user
    check_can_authenticate = SignInBegin.check_can_authenticate

    def complete_auth(self, device):
        if self.request.user.is_authenticated:
            proof_given(self.request)
            self.next_url = after_proof(self.request)
        else:
            self.next_url = sign_in_finish(self.request, user=device.user, device=device)

    def get_success_url(self):
        return self.next_url

    def handle_exception(self, exc):
        user = self.get_user()
        if user is not None and not isinstance(exc, Paused | exceptions.NotAuthenticated):
            lockout.failure_record(self.request, user)
        return super().handle_exception(exc)


app_name = "otp_webauthn"
urlpatterns = [
    path("add/begin/", RegistrationBegin.as_view(), name="credential-registration-begin"),
    path("add/complete/", RegistrationComplete.as_view(), name="credential-registration-complete"),
    path("sign-in/begin/", SignInBegin.as_view(), name="credential-authentication-begin"),
    path("sign-in/complete/", SignInComplete.as_view(), name="credential-authentication-complete"),
]
