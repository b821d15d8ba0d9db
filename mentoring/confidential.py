"""What is confidential, declared once on each model (DATA-1, DATA-3): a model whose records
hold what someone wrote in confidence says so with `CONFIDENTIAL = Confidential(...)`; a model
with free text that is not confidential lists it in `NOT_CONFIDENTIAL`. The admin site's
hiding, the Reader's check for a record and retention's erasure are derived from it, and a
test fails when a model gains a text field that is in neither."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models

ERASED = "Erased after the retention period."
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


@dataclass(frozen=True)
class Confidential:
    """`content`: the kind of content in the Reader's words ("meeting log"), or a function
    of the record giving it. `text`: the fields holding what was written, hidden and erased.
    `kept`: what was said that the reports count, hidden but never erased. `relationship`,
    `author` and `written_at`: paths from a record to its relationship, its author and when
    it was first written; `changed_at`: to when it was last changed, where it can change after
    (None there: never changed). `erase`: "blank", "delete" or None (kept, such as applications).
    `says_erased`: text fields the database requires to say something, which say `ERASED`
    where they said anything. A record not in a relationship is erased once `dated` is further
    back than the retention period of its programme, reached by `programme`. `session`: the
    path to the meeting it was written at or about ("self" for a meeting), which may be a
    one-to-one session outside a group that only its people see."""

    content: str | Callable
    text: tuple[str, ...]
    kept: tuple[str, ...] = ()
    relationship: str | None = None
    author: str | None = None
    written_at: str | None = None
    changed_at: str | None = None
    erase: str | None = "blank"
    says_erased: tuple[str, ...] = ()
    programme: str | None = None
    dated: str | None = None
    session: str | None = None

    @property
    def hidden(self):
        return (*self.text, *self.kept)

    def content_of(self, obj):
        return self.content(obj) if callable(self.content) else self.content

    def author_id(self, obj):
        return _follow(obj, f"{self.author}_id") if self.author else None

    def written_at_of(self, obj):
        return _follow(obj, self.written_at) if self.written_at else None

    def changed_at_of(self, obj):
        return _follow(obj, self.changed_at) if self.changed_at else None

    def session_of(self, obj):
        if self.session == "self":
            return obj
        return _follow(obj, self.session) if self.session else None

    def relationship_id(self, obj):
        return _follow(obj, f"{self.relationship}_id") if self.relationship else None

    def erased(self, model):
        """The values that erase a record's text, whatever the database's constraints ask."""
        values = {}
        for name in self.text:
            field = model._meta.get_field(name)
            blank = field.get_default() if isinstance(field, models.JSONField) else ""
            values[name] = blank
            if name in self.says_erased:
                values[name] = models.Case(
                    models.When(**{name: ""}, then=models.Value("")),
                    default=models.Value(ERASED),
                )
        return values


def _follow(obj, path):
    for step in path.split("__"):
        obj = getattr(obj, step) if obj is not None else None
    return obj


def project_models():
    """Every model of this project's own apps (not Django's or a library's)."""
    for config in apps.get_app_configs():
        if _ours(Path(config.path)):
            yield from config.get_models()


def _ours(path):
    base = Path(settings.BASE_DIR)
    if not path.is_relative_to(base):
        return False
    return not any(part.startswith(".") for part in path.relative_to(base).parts)


def declared():
    """Every model with a confidential declaration, and its declaration."""
    return [(m, m.CONFIDENTIAL) for m in project_models() if hasattr(m, "CONFIDENTIAL")]


def declaration(model):
    return getattr(model, "CONFIDENTIAL", None)


def unclassified(model):
    """The text fields a model holds that it has not said are confidential or not. A field
    with choices holds a category, not what someone wrote."""
    said = set(getattr(model, "NOT_CONFIDENTIAL", ()))
    if declaration(model):
        said |= set(declaration(model).hidden)
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, TEXT_FIELDS) and not f.choices and f.name not in said
    ]


def touches_confidential(model, lookup):
    """Whether a lookup or ordering path (`meeting__log__achieved__icontains`) reaches a
    confidential field of any model on the way."""
    for part in lookup.lstrip("-").split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:  # a transform such as `icontains`
            return False
        if declaration(model) and part in declaration(model).hidden:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False
