"""Asking for a monitoring report and building it in the background (MON-2)."""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.pdf import pdf_from_template
from mentoring.people.permissions import is_coordinator, is_sponsor, staff_member_of
from programmes.permissions import can_manage_programme

from .. import anonymity
from ..models import MonitoringReport
from ..reports import financial_year, reading, report_content
from ..tasks import build_monitoring_report

logger = logging.getLogger(__name__)
REQUEUE_AFTER = timedelta(minutes=10)


def reports_visible_to(user):
    """Reports are anonymised: everyone who may read monitoring reports (sponsors and
    coordinators) reads them all; no one else reads any."""
    if is_sponsor(user):
        return MonitoringReport.objects.defer("pdf")
    return MonitoringReport.objects.none()


def report_request(*, by, programme, year_start):
    """A coordinator asks for the report on one of their programmes (or all) for a whole
    financial year that has begun; it is built in the background."""
    if not is_coordinator(by) or (programme and not can_manage_programme(by, programme)):
        raise PermissionDenied("Only the programme's coordinators can ask for its report.")
    start, end = financial_year(year_start)
    if start != year_start or start > timezone.localdate():
        raise ValidationError({"year": "Choose a financial year from the list."})
    report = MonitoringReport.objects.create(
        programme=programme,
        period_start=start,
        period_end=end,
        requested_by=staff_member_of(by),
        threshold=anonymity.threshold(),
    )
    build_monitoring_report.delay_on_commit(report_id=report.pk)
    return report


def reports_requeue(*, now=None):
    """Queue again the reports asked for a while ago and still waiting: their task was lost
    when the broker was down or restarted empty. Building twice is harmless."""
    now = now or timezone.now()
    waiting = MonitoringReport.objects.filter(
        status=MonitoringReport.Status.QUEUED, requested_at__lt=now - REQUEUE_AFTER
    )
    for pk in waiting.values_list("pk", flat=True):
        build_monitoring_report.delay_on_commit(report_id=pk)


def report_build(report_id):
    """Build a report that is waiting (or was cut short), saying how far it has got, and
    render its PDF once, so that downloading it is quick. Safe to run twice: a report already
    built is left alone."""
    with transaction.atomic():
        report = MonitoringReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status in (report.Status.READY, report.Status.FAILED):
            return
        report.status, report.progress = report.Status.BUILDING, 0
        report.save(update_fields=["status", "progress"])
    try:
        report.content = report_content(report, progress=lambda done: _progress(report_id, done))
    except Exception:
        logger.exception("Monitoring report %s could not be built", report_id)
        MonitoringReport.objects.filter(pk=report_id).update(status=report.Status.FAILED)
        raise
    report.status, report.finished_at = report.Status.READY, timezone.now()
    MonitoringReport.objects.filter(pk=report_id).update(
        status=report.status, progress=100, content=report.content, finished_at=report.finished_at
    )
    _keep_pdf(report)


def _keep_pdf(report):
    """Render the report's PDF once; if that fails, it is rendered when downloaded instead."""
    try:
        pdf = pdf_from_template("pdf/monitoring_report.html", reading(report))
    except Exception:
        logger.exception("The PDF of monitoring report %s could not be rendered", report.pk)
        return
    MonitoringReport.objects.filter(pk=report.pk).update(pdf=pdf)


def _progress(report_id, done):
    MonitoringReport.objects.filter(pk=report_id).update(progress=done)
