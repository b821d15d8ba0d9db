"""The coordinator dashboard (MON-1): across every programme the coordinator runs, or one."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from mentoring.people.permissions import is_coordinator, staff_member_of
from programmes.views.common import managed_programme

from .. import dashboard as selectors
from ..charts import Chart, MonthlyChart

RED = "#d4351c"  # GOV.UK red: 4.5:1 against white


@login_required
def dashboard(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    programmes = selectors.coordinated_programmes(request.user)
    return _render(request, programmes, programme=None)


@login_required
def programme_dashboard(request, pk):
    programme = managed_programme(request, pk)
    return _render(request, [programme], programme=programme)


def _render(request, programmes, *, programme):
    context = selectors.dashboard(programmes, viewer=staff_member_of(request.user)) | {
        "programme": programme,
        "shown": selectors.AT_RISK_SHOWN,
        "waiting_shown": selectors.WAITING_LIST_SHOWN,
    }
    if context["programmes"]:
        context["charts"] = _charts(context["totals"])
        context["trends"] = _trends(context["trends"])
    return render(request, "evaluations/dashboard.html", context)


def _charts(totals):
    return {
        "status": Chart(
            "Relationships by status",
            [(words, totals[f"status_{s}"]) for s, words in selectors.STATUS_WORDS.items()],
            "Relationships",
        ),
        "phase": Chart(
            "Active relationships by phase",
            [(words, totals[f"phase_{p}"]) for p, words in selectors.PHASE_WORDS.items()],
            "Relationships",
        ),
        "reasons": Chart(
            "Relationships at risk, by reason",
            [(words, totals[key]) for key, words in selectors.REASONS.items()],
            "Relationships",
            colour=RED,
        ),
    }


TRENDS = {
    "started": ("Relationships started, by month", "Relationships"),
    "ended": ("Relationships ended, by month", "Relationships"),
    "meetings": ("Meetings held, by month", "Meetings"),
}


def _trends(months):
    return {
        key: MonthlyChart(title, months[key], counting) for key, (title, counting) in TRENDS.items()
    }
