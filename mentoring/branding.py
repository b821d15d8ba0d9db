"""The organisation's brand colour, set once (ORGANISATION_COLOUR) and served as a stylesheet,
since the Content-Security-Policy admits no inline style. White text sits on it, so it must be
dark enough to read (WCAG 1.4.3, 4.5:1)."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import Error, Warning, register
from django.http import HttpResponse
from django.views.decorators.cache import cache_control

HEX = re.compile(r"#[0-9a-fA-F]{6}")
LEAST_CONTRAST = 4.5


def contrast_with_white(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def brand_colour():
    colour = settings.ORGANISATION_COLOUR
    if HEX.fullmatch(colour) and contrast_with_white(colour) >= LEAST_CONTRAST:
        return colour.lower()
    return "#1d70b8"


@cache_control(public=True, max_age=3600)
def brand_css(request):
    css = f":root{{--app-brand-colour:{brand_colour()}}}\n"
    return HttpResponse(css, content_type="text/css")


@register()
def check_brand_colour(app_configs, **kwargs):
    colour = settings.ORGANISATION_COLOUR
    if HEX.fullmatch(colour) and contrast_with_white(colour) >= LEAST_CONTRAST:
        return []
    return [
        Warning(
            f"ORGANISATION_COLOUR {colour!r} is not a colour white text can be read on.",
            hint="Give a #rrggbb colour with a contrast of at least 4.5:1 against white; "
            "until then the portal uses #1d70b8.",
            id="mentoring.W001",
        )
    ]


@register()
def check_logo(app_configs, **kwargs):
    logo = settings.ORGANISATION_LOGO
    if not logo or finders.find(logo):
        return []
    return [
        Error(
            f"ORGANISATION_LOGO {logo!r} is not a file under static/.",
            hint="Put the logo in static/ (e.g. static/img/logo.svg) and give its path "
            "inside static/ (img/logo.svg), or leave ORGANISATION_LOGO empty to show the name.",
            id="mentoring.E002",
        )
    ]
