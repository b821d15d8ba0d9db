import ipaddress

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils import timezone

from .models import StaffMember, User, normalise_email
from .permissions import can_sign_in, can_sign_in_with_password


def lockout_username(request, credentials):
    """Count failed sign-ins under the address as sign-in reads it, so no other spelling of
    it earns more attempts. Django passes the address under the model's field name (email);
    the lockout page has only the form's field (username)."""
    credentials = credentials or {}
    username = (
        credentials.get(User.USERNAME_FIELD)
        or credentials.get("username")
        or request.POST.get("username")
        or ""
    )
    return normalise_email(username)


def is_organisation_sign_in(request, credentials) -> bool:
    """Whether a sign-in attempt is a return from the organisation's identity provider (which
    passes a nonce or a checked SAML assertion, never a password), for the lockout to leave
    alone."""
    credentials = credentials or {}
    return "nonce" in credentials or "session_info" in credentials


SIGNED_IN_AT = "signed_in_at"  # in the session, a timestamp: its lifetime counts from it


@receiver(user_logged_in)
def session_start(sender, request, user, **kwargs):
    """Start the session's lifetime (mentoring/middleware.py) however the person signed in:
    portal, admin site or a test's force_login."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = timezone.now().timestamp()


def client_address(request):
    """The address of the person making the request, as far as it can be trusted. Each of the
    PROXY_COUNT proxies in front appends the address it sees to X-Forwarded-For (nginx's
    $proxy_add_x_forwarded_for), so only the last PROXY_COUNT entries are theirs; anything to
    the left came from the client and may be forged. Without the header (or without proxies)
    it is the address that connected."""
    connected = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    if not settings.PROXY_COUNT or not entries:
        return connected
    address = entries[-min(settings.PROXY_COUNT, len(entries))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return connected


class SignInForm(AuthenticationForm):
    """A refusal is shown beside the email field and linked from the error summary, as GOV.UK
    asks, in words that do not say which of the two was wrong."""

    error_messages = {
        "invalid_login": "The email address or password is not right. Check both and try again.",
        "inactive": "This account cannot sign in. Ask your mentoring coordinator for help.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Work email address"
        self.fields["username"].error_messages["required"] = "Enter your work email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])

    def clean(self):
        try:
            return super().clean()
        except ValidationError as refusal:
            self.add_error("username", refusal)
            return self.cleaned_data


class StaffBackend(ModelBackend):
    """Signs in only people allowed in now: a leaver's sessions end as soon as HR marks them
    inactive, wherever that happens (import or admin site)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username if username is not None else kwargs.get(User.USERNAME_FIELD)
        if username is not None:
            username = normalise_email(username)
        user = super().authenticate(request, username=username, password=password)
        return user if user is not None and can_sign_in_with_password(user) else None

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and can_sign_in(user)

    def get_user(self, user_id):
        user = User.objects.select_related("staff_member").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def account_for_work_email(email: str) -> User | None:
    """The account of the staff record with this work email, the address read as the staff
    import reads it, for a person the organisation's identity provider vouches for. None for
    no record, a leaver, or someone from a partner organisation (they sign in with a password):
    nobody gets an account by signing in."""
    staff_member = (
        StaffMember.objects.select_related("user")
        .filter(work_email=normalise_email(email), is_external=False)
        .first()
    )
    user = staff_member.user if staff_member is not None else None
    if user is None:
        return None
    user.staff_member = staff_member
    return user if can_sign_in(user) else None
