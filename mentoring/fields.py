"""Model fields the apps share."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

COMMENT = 5_000  # a reason, a note, a reply, an answer
LONG_TEXT = 20_000  # what people write at length: aims, logs, plans, agreement clauses
DOCUMENT = 200_000  # a whole policy document


class LimitedTextField(models.TextField):
    """Text people type, held to its max_length by the model (so by every service's
    full_clean) as well as by its form: a plain TextField's max_length only sizes the form."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length)]
