"""A sign-in half done: the password was right, the second step is still to come. The session
holds only who and until when; the person is not signed in, so every page but the second
step's sends them to the sign-in page."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import resolve_url
from django.utils import timezone
from django_otp import login as otp_login

from ..auth import StaffBackend
from ..models import User
from .proof import proof_given

PENDING = "two_factor_pending"
BACKEND = "mentoring.people.auth.StaffBackend"


@dataclass(frozen=True)
class Pending:
    user: User
    next_url: str
    enrolling: bool  # no factor yet, and one is required: setting one up is the second step


def sign_in_pause(request, *, user, next_url, enrolling=False):
    """Hold the sign-in after the password, for TWO_FACTOR_STEP_MINUTES at most."""
    request.session.cycle_key()
    until = timezone.now().timestamp() + settings.TWO_FACTOR_STEP_MINUTES * 60
    request.session[PENDING] = {
        "user": user.pk,
        "next": next_url,
        "until": until,
        "enrolling": enrolling,
    }


def pending_sign_in(request) -> Pending | None:
    held = request.session.get(PENDING)
    if not held or held["until"] < timezone.now().timestamp():
        return None
    user = User.objects.select_related("staff_member").filter(pk=held["user"]).first()
    if user is None or not StaffBackend().user_can_authenticate(user):
        return None
    return Pending(user=user, next_url=held["next"], enrolling=held["enrolling"])


def sign_in_finish(request, *, user, device) -> str:
    """Sign the person in, verified by `device`; returns where they were going."""
    next_url = request.session.get(PENDING, {}).get("next") or resolve_url(
        settings.LOGIN_REDIRECT_URL
    )
    login(request, user, backend=BACKEND)
    request.session.pop(PENDING, None)
    otp_login(request, device)
    proof_given(request)
    return next_url
