"""The background processes' figures for Prometheus (/metrics), read at each scrape: when the
worker, the beat and the reminder sweep last ran, how long the sweep took, the tasks waiting in
the broker and the failures of the last day."""

import hmac
import ipaddress
import logging
from datetime import timedelta

import redis
from django.conf import settings
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from mentoring.discovery import app_modules

from .models import Heartbeat, JobFailure

logger = logging.getLogger(__name__)
QUEUE = "celery"  # Celery's default queue, the only one the portal uses


class PortalFigures:
    """Each app's figures: the `collect()` of its `metrics.py`, read at each scrape."""

    def collect(self):
        for module in app_modules("metrics"):
            yield from module.collect()


def may_read_metrics(request) -> bool:
    """Straight from an allowed address (not through a proxy, which would make every visitor
    look local), and with the token when one is set."""
    if "X-Forwarded-For" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:  # a Unix socket, say: no address to vouch for the request
        return False
    if not any(address in network for network in settings.METRICS_ALLOWED_IPS):
        return False
    if not settings.METRICS_TOKEN:
        return True
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    return hmac.compare_digest(given.encode(), settings.METRICS_TOKEN.encode())


def collect():
    yield from _heartbeats()
    yield GaugeMetricFamily(
        "mentoring_background_job_failures_last_day",
        "Background tasks, or pieces of a job, that failed in the last 24 hours.",
        value=JobFailure.objects.filter(at__gte=timezone.now() - timedelta(days=1)).count(),
    )
    if (length := queue_length()) is not None:
        yield GaugeMetricFamily(
            "mentoring_queue_length", "Tasks waiting in the broker for a worker.", value=length
        )


def _heartbeats():
    seen = GaugeMetricFamily(
        "mentoring_heartbeat_timestamp_seconds",
        "When the worker and the beat last noted they were running (Unix time).",
        labels=["process"],
    )
    sweep_at = GaugeMetricFamily(
        "mentoring_reminder_sweep_last_run_timestamp_seconds",
        "When the last reminder sweep finished (Unix time).",
    )
    sweep_took = GaugeMetricFamily(
        "mentoring_reminder_sweep_duration_seconds", "How long the last reminder sweep took."
    )
    for process, at, seconds in Heartbeat.objects.values_list("process", "at", "seconds"):
        if process == Heartbeat.Process.SWEEP:
            sweep_at.add_metric([], at.timestamp())
            sweep_took.add_metric([], seconds or 0)
        else:
            seen.add_metric([process], at.timestamp())
    yield from (seen, sweep_at, sweep_took)


def queue_length() -> int | None:
    """How many tasks wait in the broker; None when it cannot be asked (logged)."""
    try:
        if settings.REDIS_URL:
            timeout = settings.REDIS_TIMEOUT_SECONDS
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout
            )
            with client:
                return client.llen(QUEUE)
        return sum(1 for _ in (settings.CELERY_DATA_DIR / "queue").glob(f"*.{QUEUE}.msg"))
    except (redis.RedisError, OSError):
        logger.warning("Could not count the tasks waiting in the broker.", exc_info=True)
        return None
