"""Proving it is you again before changing your second factors: whoever holds a signed-in
session (a borrowed laptop, a session from before two-factor sign-in) must not be able to
add or remove one. A person with a factor passes it; a person with none signs in again."""

from functools import wraps

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .selectors import factors_of

PROOF_MINUTES = 10
PROVED_AT = "two_factor_proved_at"
SIGNED_IN_AT = "two_factor_signed_in_at"
AFTER_PROOF = "two_factor_after_proof"


def _now() -> float:
    return timezone.now().timestamp()


def signed_in_now(request):
    request.session[SIGNED_IN_AT] = _now()


@receiver(user_logged_in, dispatch_uid="two_factor_signed_in_at")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        signed_in_now(request)


def proof_given(request):
    """The person has just passed their second factor (or their password, having none)."""
    request.session[PROVED_AT] = _now()


def proved_recently(request) -> bool:
    """A factor passed in the last PROOF_MINUTES; for someone with no factor, a fresh
    sign-in (password or the organisation's account) counts as well."""
    kinds = (PROVED_AT,) if factors_of(request.user) else (PROVED_AT, SIGNED_IN_AT)
    since = _now() - PROOF_MINUTES * 60
    return any(request.session.get(kind, 0) >= since for kind in kinds)


def proof_required(view):
    """Signed-in people prove it is them first; someone finishing signing in has just given
    their password, so goes on."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated and not proved_recently(request):
            back = request.get_full_path() if request.method == "GET" else None
            request.session[AFTER_PROOF] = back or reverse("two_factor:settings")
            return redirect("two_factor:prove")
        return view(request, *args, **kwargs)

    return wrapped


def after_proof(request) -> str:
    return request.session.pop(AFTER_PROOF, None) or reverse("two_factor:settings")
