"""A person's calendar feed, fetched by their calendar app with no one signed in: the secret
address is the key, and any other address answers the same 404."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from mentoring.people.calendar_feeds import calendar_feed_owner

from ..calendar_feed import personal_calendar


@require_safe
def feed(request, token):
    person = calendar_feed_owner(token)
    if person is None:
        raise Http404
    response = HttpResponse(
        personal_calendar(person, timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="mentoring.ics"'
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, no_store=True)  # the address is the secret
    return response
