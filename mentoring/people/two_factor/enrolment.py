"""The person's own two-factor settings: add an authenticator app or a passkey, see and renew
recovery codes, remove a factor. Someone who must use a second factor and has none comes
here straight after their password, before they are signed in."""

from base64 import b32encode
from binascii import unhexlify
from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.util import random_hex
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from mentoring.web import add_errors, confirmation

from ..permissions import must_use_second_factor
from .forms import AppCodeForm
from .pending import pending_sign_in, sign_in_finish
from .proof import proof_given, proof_required
from .selectors import KINDS, NAMES, factors_of, recovery_codes_left
from .services import (
    REMOVABLE,
    authenticator_app_add,
    factor_remove,
    passkey_added,
    recovery_codes_create,
)

NEW_KEY = "two_factor_new_app_key"
SHOW_CODES = "two_factor_codes_to_show"
AFTER_CODES = "two_factor_after_codes"


def account_owner(view):
    """The signed-in person, or someone who must set up a second factor to finish signing in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, request.user, None, *args, **kwargs)
        pending = pending_sign_in(request)
        if pending is None or not pending.enrolling:
            return redirect(f"{reverse('login')}?next={request.path}")
        return view(request, pending.user, pending, *args, **kwargs)

    return wrapped


@account_owner
def overview(request, user, pending):
    factors = factors_of(user)
    context = {
        "factors": [f for f in factors if f.kind != "recovery"],
        "codes_left": recovery_codes_left(user) if factors else None,
        "enrolling": pending is not None,
        "required": must_use_second_factor(user),
    }
    return render(request, "people/two_factor/overview.html", context)


@proof_required
@account_owner
def add_app(request, user, pending):
    key = request.session.setdefault(NEW_KEY, random_hex(20))
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = authenticator_app_add(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            request.session.pop(NEW_KEY, None)
            return redirect(factor_added(request, user=user, device=device))
    context = {"form": form, "qr_code": _qr_code(user, key), "text_key": _text_key(key)}
    return render(request, "people/two_factor/add_app.html", context)


@proof_required
@account_owner
def add_passkey(request, user, pending):
    context = {"passkey_config": get_configuration(request)}
    return render(request, "people/two_factor/add_passkey.html", context)


def factor_added(request, *, user, device) -> str:
    """After an app or passkey is added: recovery codes with the first, signing in for someone
    who had to set one up, and where to go next."""
    if KINDS["passkey"] is type(device):
        passkey_added(user=user, device=device)
    next_url = reverse("two_factor:settings")
    if not StaticDevice.objects.filter(user=user).exists():
        request.session[SHOW_CODES] = recovery_codes_create(user=user)
        next_url = reverse("two_factor:recovery_codes")
    if request.user.is_anonymous:
        request.session[AFTER_CODES] = sign_in_finish(request, user=user, device=device)
    elif not request.user.is_verified():
        otp_login(request, device)
        proof_given(request)
    messages.success(request, f"{NAMES[_kind_of(device)]} added.")
    return next_url


def _kind_of(device):
    return next(kind for kind, model in KINDS.items() if isinstance(device, model))


@login_required
@proof_required
def recovery_codes(request):
    has_factor = any(f.kind != "recovery" for f in factors_of(request.user))
    if request.method == "POST" and not has_factor:
        messages.error(request, "Add an authenticator app or a passkey first.")
        return redirect("two_factor:recovery_codes")
    if request.method == "POST":
        page = confirmation(
            request,
            title="Create new recovery codes?",
            what_happens=["Your old recovery codes stop working.", "You see 10 new ones once."],
            button="Create new recovery codes",
            cancel=reverse("two_factor:recovery_codes"),
        )
        if page:
            return page
        request.session[SHOW_CODES] = recovery_codes_create(user=request.user)
        return redirect("two_factor:recovery_codes")
    context = {
        "codes": request.session.pop(SHOW_CODES, None),
        "then": request.session.pop(AFTER_CODES, None),
        "left": recovery_codes_left(request.user),
        "has_factor": has_factor,
    }
    return render(request, "people/two_factor/recovery_codes.html", context)


@login_required
@require_POST
@proof_required
def remove(request, kind, pk):
    if kind not in REMOVABLE:
        raise Http404
    name = NAMES[kind].lower()
    page = confirmation(
        request,
        title=f"Remove this {name}?",
        what_happens=[
            f"You can no longer use this {name} to sign in.",
            "We email you to say it was removed.",
        ],
        button=f"Remove the {name}",
        cancel=reverse("two_factor:settings"),
    )
    if page:
        return page
    try:
        factor_remove(user=request.user, kind=kind, pk=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{NAMES[kind]} removed.")
    return redirect("two_factor:settings")


def _qr_code(user, key):
    """The app's set-up link as an SVG drawn in the page (no request for an image)."""
    url = KINDS["app"](user=user, key=key, name=NAMES["app"]).config_url
    svg = segno.make(url, error="m").svg_inline(scale=4, border=4, omitsize=False)
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="QR code" ', 1))


def _text_key(key):
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
