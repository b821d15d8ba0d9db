"""The monitoring reports' figures for Prometheus (/metrics), read at each scrape."""

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from .models import MonitoringReport

UNFINISHED = [MonitoringReport.Status.QUEUED, MonitoringReport.Status.BUILDING]


def collect():
    counts = dict(
        MonitoringReport.objects.filter(status__in=UNFINISHED)
        .values_list("status")
        .annotate(Count("pk"))
        .order_by()
    )
    reports = GaugeMetricFamily(
        "mentoring_reports_unfinished",
        "Monitoring reports waiting to be built or being built.",
        labels=["status"],
    )
    for status in UNFINISHED:
        reports.add_metric([status.value], counts.get(status, 0))
    yield reports
