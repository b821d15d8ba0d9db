"""Small helpers every app's views share for calling services."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def add_errors(form, exc):
    """Put a service's refusal next to the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def run_service(request, service, success, **kwargs):
    """Call a service for a one-button action and say how it went; True if it was done."""
    try:
        service(by=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True
