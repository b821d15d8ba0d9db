"""Emails' plain-text parts and subjects, rendered from templates without HTML escaping: no
browser reads them, so a name such as O'Brien & Co stays as written. HTML parts go through
`render_to_string` as usual, escaped."""

from django.template import engines
from django.template.context import Context


def plain_text(template_name: str, context: dict) -> str:
    template = engines["django"].get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def subject_line(template_name: str, context: dict) -> str:
    """A subject line: plain text on one line."""
    return " ".join(plain_text(template_name, context).split())
