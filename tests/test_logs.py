"""The portal's log lines, through the handler settings.LOGGING configures: JSON with the time,
level, logger, message and request id; no email address and no row PostgreSQL quotes."""

import io
import json
import logging
import re

import pytest
from django.http import HttpResponseServerError
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver
from django.utils.log import log_response

from mentoring.logs import Withheld, request_id, secret_addresses, withheld
from mentoring.people.calendar_feeds import calendar_feed_revoke, calendar_feed_start


@pytest.fixture
def log_lines():
    """What the portal's console handler writes, one parsed JSON line each."""
    [handler] = [h for h in logging.getLogger().handlers if h.name == "console"]
    stream = io.StringIO()
    before = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(before)


def test_a_line_is_json_with_time_level_logger_message_and_request_id(log_lines):
    token = request_id.set("balancer-7f3a9c01")
    logging.getLogger("mentoring.somewhere").warning("Something to %s.", "know")
    request_id.reset(token)

    [line] = log_lines()
    assert line["message"] == "Something to know."
    assert (line["level"], line["logger"]) == ("WARNING", "mentoring.somewhere")
    assert line["request_id"] == "balancer-7f3a9c01"
    assert line["time"].startswith("20") and "T" in line["time"]


def test_an_email_address_logged_is_withheld_keeping_its_domain(log_lines):
    logging.getLogger("mentoring.people").warning("Refused: %s", "jo.evans@example.org")

    [line] = log_lines()
    assert "jo.evans" not in json.dumps(line)
    assert line["message"] == "Refused: [email]@example.org"


def test_an_error_quoting_the_row_it_refused_leaves_the_row_out(log_lines):
    try:
        raise ValueError(
            'new row violates check constraint "x"\n'
            "DETAIL: Failing row contains (12, What we talked about, jo.evans@example.org)."
        )
    except ValueError:
        logging.getLogger("mentoring.operations").exception("Retention failed.")

    [line] = log_lines()
    assert 'new row violates check constraint "x"' in line["exc_info"]
    assert "What we talked about" not in line["exc_info"] and "jo.evans" not in line["exc_info"]


def test_the_request_id_from_the_balancer_is_kept_and_sent_back(client):
    response = client.get("/health/live", HTTP_X_REQUEST_ID="4bf92f3577b34da6a3ce929d0e0e4736")

    assert response["X-Request-ID"] == "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.mark.parametrize("given", ["", "short", "has spaces in it", "x" * 200, "a\nb-12345678"])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(client, given):
    response = client.get("/health/live", HTTP_X_REQUEST_ID=given)

    made = response["X-Request-ID"]
    assert made != given and len(made) == 32 and int(made, 16) >= 0


def test_each_request_gets_its_own_id(client):
    first = client.get("/health/live")["X-Request-ID"]

    assert client.get("/health/live")["X-Request-ID"] != first


def test_django_s_own_line_about_a_request_carries_its_id_and_later_lines_none(client, log_lines):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="balancer-7f3a9c01")
    logging.getLogger("mentoring.somewhere").warning("Between requests.")

    [not_found, between] = log_lines()
    assert not_found["logger"] == "django.request" and "/no-such-page/" in not_found["message"]
    assert not_found["request_id"] == "balancer-7f3a9c01"
    assert between["request_id"] == ""


def test_a_failing_readiness_probe_logs_its_checks_not_an_error_for_each_probe(
    db, client, log_lines
):
    response = client.get("/health/ready")

    assert response.status_code == 503  # no worker or beat heard from
    assert {line["logger"] for line in log_lines()} == {"mentoring.operations.health"}
    assert {line["level"] for line in log_lines()} == {"WARNING"}


def test_a_revoked_calendar_feed_address_polled_leaves_no_token_in_the_log(
    client, staff_member, log_lines
):
    secret = calendar_feed_start(by=staff_member.user)
    calendar_feed_revoke(by=staff_member.user)

    response = client.get(f"/mentoring/calendar/{secret}.ics")

    assert response.status_code == 404
    [not_found] = log_lines()
    assert secret not in json.dumps(not_found)
    assert not_found["message"] == "Not Found: /mentoring/calendar/[withheld].ics"


FEED = "/mentoring/calendar/Q2FsZW5kYXItZmVlZC1zZWNyZXQtdG9rZW4tZm9yLXRlc3Q.ics"


@pytest.mark.parametrize(
    "line, written",
    [
        (f"Not Found: {FEED}", "Not Found: /mentoring/calendar/[withheld].ics"),
        (f"GET {FEED[:-4]} HTTP/1.1", "GET /mentoring/calendar/[withheld] HTTP/1.1"),
        (
            "GET /accounts/reset/MTI/cxy4kq-3f2b1e9d8c7a6b5c4d3e2f1a0b9c8d7e/ HTTP/1.1",
            "GET /accounts/reset/[withheld]/[withheld]/ HTTP/1.1",
        ),
        ("/accounts/reset/MTI/set-password/", "/accounts/reset/[withheld]/[withheld]/"),
        (
            "/accounts/organisation/callback/?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj",
            "/accounts/organisation/callback/?code=[withheld]&state=[withheld]",
        ),
        (
            "/saml/ls/?SAMLRequest=fZJNT8MwDIbv&RelayState=%2F&SigAlg=rsa-sha256&Signature=b3Vy",
            "/saml/ls/?SAMLRequest=[withheld]&RelayState=[withheld]&SigAlg=rsa-sha256"
            "&Signature=[withheld]",
        ),
        (
            "/accounts/login/?next=/accounts/organisation/callback/%3Fcode%3Dabc%26state%3Dxyz",
            "/accounts/login/?next=[withheld]",
        ),
        ("/staff/?q=Jo+Evans&page=2", "/staff/?q=[withheld]&page=2"),
        (
            '"GET /scim/v2/Users?filter=userName%20eq%20%22jo.evans%40example.org%22 HTTP/1.1"',
            '"GET /scim/v2/Users?filter=[withheld] HTTP/1.1"',
        ),
        ("Refused jo.evans%40example.org", "Refused [email]@example.org"),
        ("/mentoring/meetings/12/invite.ics", "/mentoring/meetings/12/invite.ics"),
        ("/accounts/reset/done/", "/accounts/reset/done/"),
    ],
)
def test_each_secret_in_an_address_is_withheld_and_nothing_else(line, written):
    assert withheld(line) == written


def test_a_failing_feed_leaves_its_token_out_of_the_message_traceback_and_request(log_lines):
    request = RequestFactory().get(FEED, {"state": "af0ifjsldkj"})
    try:
        raise RuntimeError(f"Could not build {request.get_full_path()}")
    except RuntimeError as failure:  # as Django's own handler logs it
        answer = HttpResponseServerError()
        log_response(
            "Internal Server Error: %s", FEED, response=answer, request=request, exception=failure
        )

    [line] = log_lines()
    assert "Q2FsZW5k" not in json.dumps(line) and "af0ifjsldkj" not in json.dumps(line)
    assert line["message"] == "Internal Server Error: /mentoring/calendar/[withheld].ics"
    assert "Could not build /mentoring/calendar/[withheld].ics?state=[withheld]" in line["exc_info"]
    assert (
        line["request"]
        == "<WSGIRequest: GET '/mentoring/calendar/[withheld].ics?state=[withheld]'>"
    )
    assert line["status_code"] == 500


def test_every_handler_a_request_line_reaches_withholds_secrets(settings):
    settings.DEBUG = True  # Django's own console handler writes only then
    logger, handlers = logging.getLogger("django.request"), []
    while logger:
        handlers += [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]
        logger = logger.parent if logger.propagate else None

    assert handlers
    for handler in handlers:
        assert any(isinstance(f, Withheld) for f in handler.filters), handler


# Parts of addresses that name no secret: a kind, a schema, a step, a SCIM id (the API needs
# its bearer token, in a header, which is never logged).
NOT_SECRET = {
    "scim/v2/ResourceTypes/<str:name>",
    "scim/v2/Schemas/<str:urn>",
    "scim/v2/Users/<str:pk>",
    "programmes/new/<slug:step>/",
    "accounts/two-factor/remove/<str:kind>/<int:pk>/",
    "accounts/reset/<uidb64>/<token>/",  # Django's, found first as ours with <secret:…>
}


def routes(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        yield from routes(entry, route) if isinstance(entry, URLResolver) else [route]


def test_every_address_with_a_part_other_than_an_id_is_declared_secret_or_not():
    unclassified = [
        route
        for route in routes(get_resolver())
        if re.search(r"<(?!int:|secret:)", route) and not route.startswith("admin/")
    ]

    assert set(unclassified) == NOT_SECRET
    assert secret_addresses()  # derived from the <secret:…> ones
