"""Logging (README: Operating it): JSON lines or plain text, each with the request id, and
nothing in them that names a person or quotes what someone wrote.

The request id is the balancer's `X-Request-ID` when it sends a well-formed one, otherwise a new
one; it is sent back in the response, given to every Celery task the request enqueues (a
message header) and set again in the worker while the task runs, so one id follows the work
from the page to the worker."""

import contextvars
import logging
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.core.signals import request_finished
from django.dispatch import receiver

request_id = contextvars.ContextVar("request_id", default="")
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
HEADER = "request_id"  # the task message header carrying it
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
# PostgreSQL's errors quote the row they refused, what people wrote in it, on a DETAIL line.
ROW_DETAIL = re.compile(r"^DETAIL:.*$", re.MULTILINE)


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


def withheld(text: str) -> str:
    """The text with every email address reduced to its domain and PostgreSQL's quoting of a
    row left out."""
    text = EMAIL.sub(r"[email]@\1", text)
    return ROW_DETAIL.sub("DETAIL: (left out: it quotes the row)", text)


class RequestId(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True


class Withheld(logging.Filter):
    """Every record as `withheld()` leaves it: its message, its traceback and its stack."""

    def filter(self, record):
        record.msg, record.args = withheld(record.getMessage()), ()
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = withheld(record.exc_text)
        if record.stack_info:
            record.stack_info = withheld(record.stack_info)
        return True
