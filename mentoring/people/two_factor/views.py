"""The second step of signing in, after a right password: a code from the authenticator app,
a passkey, or a recovery code. Until it is passed the person is not signed in."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from .. import oidc
from ..auth import SignInForm
from ..permissions import must_use_second_factor
from . import lockout
from .forms import AppCodeForm, PasswordAgainForm, RecoveryCodeForm
from .pending import pending_sign_in, sign_in_finish, sign_in_pause
from .proof import AFTER_PROOF, after_proof, proof_given
from .selectors import factors_of, signs_in_with
from .services import WRONG_CODE, recovery_code_used

STEPS = {
    "app": "two_factor:app_code",
    "passkey": "two_factor:passkey",
    "recovery": "two_factor:recovery_code",
}
RUNNING_OUT = 4
WRONG_RECOVERY_CODE = (
    "That recovery code is not right, or it has been used. Check it and try again."
)


class SignInView(LoginView):
    """Our sign-in page, with the second step after the password where there is one."""

    authentication_form = SignInForm

    def form_valid(self, form):
        step = second_step(self.request, form.get_user(), self.get_success_url())
        return step or super().form_valid(form)


def second_step(request, user, next_url):
    """None to sign in now; otherwise where the person goes to finish signing in."""
    kinds = signs_in_with(factors_of(user))
    if kinds:
        sign_in_pause(request, user=user, next_url=next_url)
        return redirect(STEPS[kinds[0]])
    if must_use_second_factor(user):
        sign_in_pause(request, user=user, next_url=next_url, enrolling=True)
        return redirect("two_factor:settings")
    return None


def half_signed_in(view):
    """Only for someone whose password was right a moment ago, and not locked out."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        pending = pending_sign_in(request)
        if pending is None or pending.enrolling:
            return redirect("login")
        if lockout.is_locked(request, pending.user):
            return lockout.locked_out_page(request, pending.user)
        return view(request, pending, *args, **kwargs)

    return wrapped


@half_signed_in
def app_code(request, pending):
    form = AppCodeForm(request.POST or None)
    if request.method == "POST":
        code = form.cleaned_data["code"] if form.is_valid() else None
        device = _device_taking(pending.user, TOTPDevice, code)
        if device is not None:
            return redirect(sign_in_finish(request, user=pending.user, device=device))
        lockout.failure_record(request, pending.user)
        if code:
            form.add_error("code", WRONG_CODE)
    return _step_page(request, pending, "app", form)


@half_signed_in
def recovery_code(request, pending):
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST":
        code = form.cleaned_data["code"] if form.is_valid() else None
        device = _device_taking(pending.user, StaticDevice, code)
        if device is not None:
            recovery_code_used(user=pending.user, device=device)
            next_url = sign_in_finish(request, user=pending.user, device=device)
            left = device.token_set.count()
            messages.warning(request, f"You have {left} recovery code{'s'[: left != 1]} left.")
            return redirect(next_url)
        lockout.failure_record(request, pending.user)
        if code:
            form.add_error("code", WRONG_RECOVERY_CODE)
    return _step_page(request, pending, "recovery", form)


@half_signed_in
def passkey(request, pending):
    return _step_page(request, pending, "passkey", None)


FORMS = {"app": AppCodeForm, "recovery": RecoveryCodeForm, "password": PasswordAgainForm}
WRONG = {
    "app": WRONG_CODE,
    "recovery": WRONG_RECOVERY_CODE,
    "password": "Your password is not right.",
}
DEVICES = {"app": TOTPDevice, "recovery": StaticDevice}


@login_required
def prove(request):
    """Check it is you before changing second factors: one of your factors, or, with none,
    your password or signing in with the organisation's account again."""
    user = request.user
    if lockout.is_locked(request, user):
        return lockout.locked_out_page(request, user)
    kinds = signs_in_with(factors_of(user))
    kind = _proof_kind(request, kinds)
    if kind == "organisation":
        again = urlencode({"next": request.session.get(AFTER_PROOF, "")})
        return redirect(f"{reverse('organisation_sign_in')}?{again}")
    form = FORMS[kind](request.POST or None) if kind in FORMS else None
    if request.method == "POST" and form is not None:
        if form.is_valid() and _passes(request, kind, form.cleaned_data):
            proof_given(request)
            return redirect(after_proof(request))
        lockout.failure_record(request, user)
        if form.is_bound and not form.errors:
            form.add_error(next(iter(form.fields)), WRONG[kind])
    others = [other for other in kinds if other != kind]
    context = {"form": form, "kind": kind, "others": others}
    if kind == "passkey":
        context["passkey_config"] = get_configuration(request)
    return render(request, "people/two_factor/prove.html", context)


def _proof_kind(request, kinds):
    if kinds:
        chosen = request.GET.get("with")
        return chosen if chosen in kinds else kinds[0]
    if request.session.get("_auth_user_backend") == oidc.BACKEND and oidc.is_configured():
        return "organisation"
    return "password" if request.user.has_usable_password() else "sign_in_again"


def _passes(request, kind, data) -> bool:
    if kind == "password":
        again = authenticate(request, username=request.user.email, password=data["password"])
        return again is not None and again.pk == request.user.pk
    device = _device_taking(request.user, DEVICES[kind], data["code"])
    if device is not None and kind == "recovery":
        recovery_code_used(user=request.user, device=device)
    return device is not None


def _running_out(left):
    codes = f"{left} recovery code{'s'[: left != 1]}"
    return f"You have {codes} left. Create new ones from your two-factor sign-in settings."


def _device_taking(user, model, code):
    if not code:
        return None
    for device in model.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def _step_page(request, pending, kind, form):
    kinds = signs_in_with(factors_of(pending.user))
    others = [(other, STEPS[other]) for other in kinds if other != kind]
    context = {"form": form, "kind": kind, "others": others}
    if kind == "passkey":
        context["passkey_config"] = get_configuration(request)
    return render(request, f"people/two_factor/step_{kind}.html", context)
