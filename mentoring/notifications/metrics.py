"""The notifications' figures for Prometheus (/metrics), read at each scrape in one query."""

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from .services import waiting_to_email


def collect():
    now = timezone.now()
    found = waiting_to_email(now).aggregate(count=Count("pk"), oldest=Min("created_at"))
    yield GaugeMetricFamily(
        "mentoring_notifications_waiting_to_email",
        "Notifications to be emailed on their own and not emailed yet.",
        value=found["count"],
    )
    yield GaugeMetricFamily(
        "mentoring_notifications_oldest_unsent_age_seconds",
        "How long the oldest of those has waited; 0 when none waits.",
        value=(now - found["oldest"]).total_seconds() if found["oldest"] else 0,
    )
