"""Documents people keep: rendered from a template with WeasyPrint, not screenshots."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def pdf_from_template(template_name, context):
    context = {"organisation": settings.ORGANISATION_NAME, **context}
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(template_name, context, filename):
    return pdf_download(pdf_from_template(template_name, context), filename)


def pdf_download(pdf, filename):
    """A PDF's bytes as a download (never kept by a cache: mentoring/middleware.py)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
