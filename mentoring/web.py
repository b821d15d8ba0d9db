"""Small helpers every app's views share: calling services, reading ids people send."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

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


CONFIRMED = "confirmed"


def confirmation(request, *, title, what_happens, button, cancel, undoable=False, danger=True):
    """The page that asks before an action that cannot be undone or that tells many people.

    The action's own button posts to its view, which calls this first: without `confirmed` in
    the post it answers with a page saying what will happen, whose button posts the same fields
    back with `confirmed`; only then does it return None and the view act. No JavaScript."""
    if request.POST.get(CONFIRMED) == "yes":
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in values
    ]
    context = {
        "title": title,
        "what_happens": what_happens,
        "button": button,
        "cancel": cancel,
        "undoable": undoable,
        "danger": danger,
        "fields": fields,
        "action": request.get_full_path(),
    }
    return render(request, "confirm.html", context)
