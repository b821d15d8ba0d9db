"""Logging (README: Operating it): JSON lines or plain text, each with the request id, and
nothing in them that names a person, quotes what someone wrote or holds a secret address.

The request id is the balancer's `X-Request-ID` when it sends a well-formed one, otherwise a new
one; it is sent back in the response, given to every Celery task the request enqueues (a
message header) and set again in the worker while the task runs, so one id follows the work
from the page to the worker."""

import contextvars
import functools
import logging
import re
import threading
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.apps import apps
from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.urls import URLPattern, URLResolver, get_resolver, register_converter
from django.urls.converters import StringConverter

# Warnings (a library's, whitenoise's about a missing folder) become lines like the others,
# through the `py.warnings` logger, in every process that logs as the portal does.
logging.captureWarnings(True)

request_id = contextvars.ContextVar("request_id", default="")
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
HEADER = "request_id"  # the task message header carrying it
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
EMAIL_IN_ADDRESS = re.compile(r"[A-Za-z0-9._+-]+%40([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
# PostgreSQL's errors quote the row they refused, what people wrote in it, on a DETAIL line.
ROW_DETAIL = re.compile(r"^DETAIL:.*$", re.MULTILINE)
WITHHELD = "[withheld]"


class Secret(StringConverter):
    """A part of an address that is itself a secret (`<secret:token>`: a calendar feed's, a
    password link's): matched as `<str:>` is, and withheld from every log line."""


register_converter(Secret, "secret")

# Query parameters that carry a secret: OpenID Connect's code and state, SAML's messages (a
# sign-out over the redirect binding) and their signature.
SECRET_PARAMETERS = ["code", "state", "session_state", "SAMLRequest", "SAMLResponse"]
SECRET_PARAMETERS += ["RelayState", "Signature", "token"]
SECRET_QUERY = re.compile(
    r"((?:[?&;]|%3[fF]|%26)(?:" + "|".join(SECRET_PARAMETERS) + r")(?:=|%3[dD]))"
    r"(?:(?!%26)[^&\s'\"#])*"
)
# Every other value in an address's query is withheld too: what people searched for (a name, an
# email address), what a directory looked up. These say nothing about anyone.
QUERY_SHOWN = ["page", "programme", "preset", "status", "SigAlg"]
QUERY_VALUE = re.compile(r"([?&;](?!(?:" + "|".join(QUERY_SHOWN) + r")=)[\w.\[\]-]+=)[^&\s'\"#]*")
# One part of an address as a line quotes it, and where it ends.
PART, END = r"[^/?#\s'\"]+?", r"(?:[/?#\s'\"]|$)"


def request_ids(get_response):
    """Middleware: the request's id, kept until the request is finished (Django logs an error
    response after the middleware has returned) and sent back with the response."""

    def middleware(request):
        given = request.headers.get("X-Request-ID", "")
        request_id.set(given if WELL_FORMED.fullmatch(given) else uuid.uuid4().hex)
        response = get_response(request)
        response["X-Request-ID"] = request_id.get()
        return response

    return middleware


@receiver(request_finished, dispatch_uid="request-id-finished")
def _forget_request_id(**kwargs):
    request_id.set("")


@before_task_publish.connect(weak=False, dispatch_uid="request-id-to-task")
def _give_to_task(headers=None, **kwargs):
    if headers is not None and request_id.get():
        headers[HEADER] = request_id.get()


@task_prerun.connect(weak=False, dispatch_uid="request-id-in-task")
def _take_in_task(task=None, **kwargs):
    if given := getattr(task.request, HEADER, None):
        task.request.request_id_token = request_id.set(given)


@task_postrun.connect(weak=False, dispatch_uid="request-id-after-task")
def _drop_after_task(task=None, **kwargs):
    if token := getattr(task.request, "request_id_token", None):
        request_id.reset(token)


def _route_pattern(route: str, converters: dict) -> re.Pattern:
    """A route with secret parts (`calendar/<secret:token>.ics`) as a pattern over log text:
    each part a group, the secret ones named `secret…`; what follows the last part may be
    missing (an address mistyped or cut short)."""
    pieces = re.split(r"<(?:\w+:)?(\w+)>", route)
    pattern = re.escape(pieces[0])
    for n, (name, literal) in enumerate(zip(pieces[1::2], pieces[2::2], strict=True)):
        group = f"secret{n}" if isinstance(converters[name], Secret) else f"part{n}"
        suffix = literal.split("/")[0]
        pattern += f"(?P<{group}>{PART})(?=(?:{re.escape(suffix)})?{END})"
        if n < len(pieces) // 2 - 1:
            pattern += re.escape(literal)
    return re.compile(pattern)


def _routes(resolver, prefix="", converters=None):
    """Each route with a secret part, and the converters of its parts."""
    converters = (converters or {}) | getattr(resolver.pattern, "converters", {})
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route, converters)
        elif isinstance(entry, URLPattern):
            own = converters | getattr(entry.pattern, "converters", {})
            if any(isinstance(c, Secret) for c in own.values()):
                yield route, own


_deriving = threading.local()


def secret_addresses() -> tuple[re.Pattern, ...]:
    """Every address with a secret in it, derived from the URL patterns using `<secret:…>`."""
    return _addresses_in(settings.ROOT_URLCONF)


@functools.cache
def _addresses_in(urlconf: str) -> tuple[re.Pattern, ...]:
    routes = _routes(get_resolver(urlconf))
    return tuple(_route_pattern(route, converters) for route, converters in routes)


def _secret_addresses() -> tuple[re.Pattern, ...]:
    """The addresses once the URL patterns can be read: not before the apps are loaded (the
    gunicorn master, which logs no addresses), nor from a line logged while reading them, nor
    while they fail to load (no address answers then; a filter must never raise)."""
    if not apps.ready or getattr(_deriving, "now", False):
        return ()
    _deriving.now = True
    try:
        return secret_addresses()
    except Exception:
        return ()
    finally:
        _deriving.now = False


def _withhold_parts(match: re.Match) -> str:
    text, start = match.group(0), match.start()
    for name in sorted(match.groupdict(), key=match.start, reverse=True):
        if name.startswith("secret"):
            text = text[: match.start(name) - start] + WITHHELD + text[match.end(name) - start :]
    return text


def withheld(text: str) -> str:
    """The text with every email address reduced to its domain, PostgreSQL's quoting of a row
    left out, and each secret in an address (in its path) and each value in its query (but
    for QUERY_SHOWN) replaced by [withheld]."""
    text = EMAIL.sub(r"[email]@\1", text)
    text = EMAIL_IN_ADDRESS.sub(r"[email]@\1", text)
    text = ROW_DETAIL.sub("DETAIL: (left out: it quotes the row)", text)
    for address in _secret_addresses():
        text = address.sub(_withhold_parts, text)
    text = SECRET_QUERY.sub(r"\1" + WITHHELD, text)
    return QUERY_VALUE.sub(r"\1" + WITHHELD, text)


class RequestId(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True


# What every record has; anything else on one came in `extra` (Django's `request`, for one).
OWN_FIELDS = {*vars(logging.LogRecord("", 0, "", 0, "", (), None)), "message", "asctime"}
OWN_FIELDS.add("request_id")


class Withheld(logging.Filter):
    """Every record as `withheld()` leaves it: its message, its traceback, its stack and every
    field given in `extra` (written out as text, as the JSON lines would)."""

    def filter(self, record):
        record.msg, record.args = withheld(record.getMessage()), ()
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = withheld(record.exc_text)
        if record.stack_info:
            record.stack_info = withheld(record.stack_info)
        for name, value in vars(record).items():
            if name not in OWN_FIELDS and not isinstance(value, int | float | bool | None):
                setattr(record, name, withheld(str(value)))
        return True
