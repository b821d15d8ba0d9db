"""Asking for a monitoring report and building it in the background (MON-2)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from mentoring.pdf import pdf_from_template
from mentoring.people.permissions import is_sponsor, staff_member_of

from .. import anonymity
from ..models import MonitoringReport
from ..permissions import can_ask_for_report
from ..report_reading import reading
from ..reports import earlier_bases, equality_content, financial_year, general_content
from ..tasks import build_monitoring_report

logger = logging.getLogger(__name__)
REQUEUE_AFTER = timedelta(minutes=10)
MOST_ATTEMPTS = 2  # a report whose worker died twice is failed, not taken a third time


def reports_visible_to(user):
    """Reports are anonymised: everyone who may read monitoring reports (sponsors and
    coordinators) reads them all; no one else reads any."""
    if is_sponsor(user):
        return MonitoringReport.objects.defer("pdf", "equality_basis", "general_basis")
    return MonitoringReport.objects.none()


def report_request(*, by, programme, year_start):
    """A coordinator asks for the report on one of their programmes (or all) for a whole
    financial year that has begun; it is built in the background."""
    if not can_ask_for_report(by, programme):
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
    """Queue again the reports asked for a while ago and still waiting (their task was lost
    when the broker was down or restarted empty) and those whose worker died building them;
    a report whose worker died twice is marked failed. Building twice is harmless."""
    now = now or timezone.now()
    waiting = MonitoringReport.objects.filter(
        status=MonitoringReport.Status.QUEUED, requested_at__lt=now - REQUEUE_AFTER
    )
    abandoned = MonitoringReport.objects.filter(_abandoned(now))
    abandoned.filter(build_attempts__gte=MOST_ATTEMPTS).update(
        status=MonitoringReport.Status.FAILED
    )
    for pk in [*waiting.values_list("pk", flat=True), *abandoned.values_list("pk", flat=True)]:
        build_monitoring_report.delay_on_commit(report_id=pk)


def _abandoned(now):
    """Reports still being built long after a worker took them (or, for those taken before
    builds were timed, after they were asked for): that worker died."""
    since = now - timedelta(minutes=settings.REPORT_BUILD_TIMEOUT_MINUTES)
    return Q(status=MonitoringReport.Status.BUILDING) & (
        Q(build_started_at__lt=since) | Q(build_started_at__isnull=True, requested_at__lt=since)
    )


def report_build(report_id, *, redelivered=False):
    """Build a report that is waiting (or whose worker died), saying how far it has got, and
    render its PDF once, so that downloading it is quick. Safe to run twice: a report built,
    failed or being built by a live worker is left alone, and only the latest worker to take
    it may record what it built. A task the broker delivers again (`redelivered`) was never
    finished by the worker that took it, which died: it takes a report left building at once."""
    attempt = _take(report_id, redelivered=redelivered)
    if attempt is None:
        return
    report = MonitoringReport.objects.get(pk=report_id)
    mine = MonitoringReport.objects.filter(
        pk=report_id, status=MonitoringReport.Status.BUILDING, build_attempts=attempt
    )
    try:
        earlier = earlier_bases(report)
        report.content = general_content(report, earlier, lambda done: _progress(mine, done))
        with transaction.atomic():
            _one_build_of_the_year_at_a_time(report)
            if (settled_by := earlier_bases(report)).keys() != earlier.keys():
                report.content = general_content(report, settled_by)  # one was built meanwhile
            report.content["sections"].append(equality_content(report))
            report.status, report.finished_at = report.Status.READY, timezone.now()
            built = mine.update(
                status=report.status,
                progress=100,
                content=report.content,
                equality_basis=report.equality_basis,
                general_basis=report.general_basis,
                finished_at=report.finished_at,
            )
    except Exception:
        logger.exception("Monitoring report %s could not be built", report_id)
        mine.update(status=report.Status.FAILED)
        raise
    if built:
        _keep_pdf(report)


def _one_build_of_the_year_at_a_time(report):
    """Lock the year's reports, so that the equality tables of each are settled against every
    report of the year built before it (`evaluations.rebuilds`)."""
    year = MonitoringReport.objects.filter(
        period_start=report.period_start, period_end=report.period_end
    )
    list(year.select_for_update().order_by("pk").values_list("pk", flat=True))


def _take(report_id, *, redelivered):
    """Mark the report as being built by this worker, in one guarded UPDATE so that two
    workers cannot both take it; the attempt's number, or None when it is not to be built."""
    now = timezone.now()
    Status = MonitoringReport.Status
    left = Q(status=Status.BUILDING) if redelivered else _abandoned(now)
    with transaction.atomic():
        takeable = MonitoringReport.objects.filter(pk=report_id).filter(
            Q(status=Status.QUEUED) | left & Q(build_attempts__lt=MOST_ATTEMPTS)
        )
        if not takeable.update(
            status=Status.BUILDING,
            progress=0,
            build_started_at=now,
            build_attempts=F("build_attempts") + 1,
        ):
            return None
        return MonitoringReport.objects.values_list("build_attempts", flat=True).get(pk=report_id)


def _keep_pdf(report):
    """Render the report's PDF once; if that fails, it is rendered when downloaded instead."""
    try:
        pdf = pdf_from_template("pdf/monitoring_report.html", reading(report))
    except Exception:
        logger.exception("The PDF of monitoring report %s could not be rendered", report.pk)
        return
    MonitoringReport.objects.filter(pk=report.pk).update(pdf=pdf)


def _progress(mine, done):
    mine.update(progress=done)
