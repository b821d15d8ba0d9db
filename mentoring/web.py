"""Small helpers every app's views share: calling services, reading ids people send."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

# ASCII digits only: str.isdigit() and int() accept "²" and "١", and no id has 19 digits.
ID = re.compile(r"[0-9]{1,18}")


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


def id_from(value):
    """An id from the query string or a form, or None: a typed-in word is not an error."""
    return int(value) if isinstance(value, str) and ID.fullmatch(value) else None


class IdField(forms.Field):
    """A form's id field: digits 0 to 9 or a message beside the field."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if (number := id_from(value)) is None:
            raise ValidationError("Enter a number made of the digits 0 to 9.", code="invalid")
        return number
