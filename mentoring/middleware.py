"""What every response of the portal carries."""

from django.utils.cache import patch_cache_control


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
