"""The portal's log lines, through the handler settings.LOGGING configures: JSON with the time,
level, logger, message and request id; no email address and no row PostgreSQL quotes."""

import io
import json
import logging

import pytest

from mentoring.logs import request_id


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
