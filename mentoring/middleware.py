"""What every request and response of the portal goes through."""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from django.utils.cache import patch_cache_control

from mentoring.people.auth import SIGNED_IN_AT


def no_store_for_signed_in(get_response):
    """Nothing shown to a signed-in person is kept by their browser or a cache on the way:
    pages, PDFs, .ics and CSV files alike. Static files are served before this, by WhiteNoise,
    and stay cacheable."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def session_lifetime(get_response):
    """A session ends SESSION_MAX_HOURS after signing in, however busy it has been since (the
    idle expiry alone would let a session in use live for ever); the person signs in again."""

    def middleware(request):
        now = timezone.now().timestamp()
        signed_in_at = request.session.get(SIGNED_IN_AT)
        if signed_in_at is not None and now - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
            logout(request)
            return redirect_to_login(request.get_full_path())
        response = get_response(request)
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            request.session[SIGNED_IN_AT] = now  # a session from before this rule
        return response

    return middleware
