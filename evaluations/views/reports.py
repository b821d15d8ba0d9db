"""Monitoring reports: coordinators ask for them, coordinators and sponsors read them (MON-2)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from mentoring.audit.services import audit_record
from mentoring.pdf import pdf_download, pdf_response
from mentoring.people.permissions import is_coordinator, is_sponsor, staff_member_of
from mentoring.web import add_errors

from ..anonymity import threshold
from ..exports import report_csv as csv_text
from ..forms.reports import ReportForm
from ..models import MonitoringReport
from ..permissions import can_ask_for_report
from ..report_reading import reading
from ..services.reports import report_request, reports_visible_to


@login_required
def report_list(request):
    if not (is_coordinator(request.user) or is_sponsor(request.user)):
        raise PermissionDenied
    form = None
    if is_coordinator(request.user):
        data = request.POST if request.method == "POST" else None
        form = ReportForm(data, coordinator=staff_member_of(request.user))
        if form.is_valid():
            try:
                report = report_request(
                    by=request.user,
                    programme=form.cleaned_data["programme"],
                    year_start=form.cleaned_data["year_start"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect(report)
    elif request.method == "POST":
        raise PermissionDenied
    reports = reports_visible_to(request.user).select_related("programme")
    context = {"form": form, "reports": reports, "threshold": threshold()}
    return render(request, "evaluations/report_list.html", context)


def _report(request, pk, *, ready=False):
    report = get_object_or_404(reports_visible_to(request.user).select_related("programme"), pk=pk)
    if ready and report.status != MonitoringReport.Status.READY:
        raise Http404("This report is not ready yet.")
    return report


@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    failed = report.status == MonitoringReport.Status.FAILED
    again = failed and can_ask_for_report(request.user, report.programme)
    return render(request, "evaluations/report.html", reading(report) | {"can_build_again": again})


@login_required
def report_pdf(request, pk):
    report = _report(request, pk, ready=True)
    _downloaded(request, report, "PDF")
    filename = f"monitoring-report-{pk}.pdf"
    if not report.pdf:  # built before reports kept their PDF
        return pdf_response("pdf/monitoring_report.html", reading(report), filename)
    return pdf_download(bytes(report.pdf), filename)


@login_required
def report_csv(request, pk):
    report = _report(request, pk, ready=True)
    _downloaded(request, report, "CSV")
    response = HttpResponse(csv_text(report.content), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="monitoring-report-{pk}.csv"'
    return response


def _downloaded(request, report, what):
    audit_record(
        by=request.user,
        action="download",
        kind="monitoring report",
        obj=report,
        programme_id=report.programme_id,
        note=what,
    )
