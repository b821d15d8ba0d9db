"""Demo reports: this financial year's anonymised monitoring report across all programmes, for
the sponsor to read and the coordinator to compare with a new one."""

from django.utils import timezone

from .models import MonitoringReport
from .reports import financial_year
from .services.reports import report_build, report_request


def demo_load(*, demo):
    if MonitoringReport.objects.exists():
        return ["Demo reports: already there."]
    start, _ = financial_year(timezone.localdate())
    coordinator = demo["logins"]["coordinator"]
    report = report_request(by=coordinator, programme=None, year_start=start)
    report_build(report.pk)  # now, so it is there at once; the worker will find it built
    return ["Demo reports: this year's monitoring report across all programmes."]
