"""Documents people keep: rendered from a template with WeasyPrint, not screenshots."""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative addresses and `{% static %}` ones both resolve under this base.
STATIC_BASE = "file:///static/"


class StaticFilesOnly(URLFetcher):
    """Serves the portal's own static files, read from the static folders by path; refuses
    every other address, so nothing a person wrote can make the portal open a connection."""

    def fetch(self, url, headers=None):
        path = static_file(url)
        if path is None:
            raise ValueError(f"A PDF loads only the portal's own static files, not {url[:80]}")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as file:
            return URLFetcherResponse(url, file.read(), {"Content-Type": mime_type})


def static_file(url):
    """The file in the static folders that `url` names, or None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc or not parts.path.startswith("/static/"):
        return None
    name = unquote(parts.path.removeprefix("/static/"))
    try:
        return finders.find(name) if name else None
    except SuspiciousFileOperation:
        return None


def pdf_from_template(template_name, context):
    context = {"organisation": settings.ORGANISATION_NAME, **context}
    return pdf_from_html(render_to_string(template_name, context))


def pdf_from_html(html):
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticFilesOnly()).write_pdf()


def pdf_response(template_name, context, filename):
    return pdf_download(pdf_from_template(template_name, context), filename)


def pdf_download(pdf, filename):
    """A PDF's bytes as a download (never kept by a cache: mentoring/middleware.py)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
