from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.pdf import pdf_response
from mentoring.web import confirmation

from . import permissions
from .calendar_feeds import (
    calendar_feed_addresses,
    calendar_feed_in_use,
    calendar_feed_revoke,
    calendar_feed_start,
)
from .equality import equality_answers_save, equality_answers_withdraw, has_answered
from .export import personal_data_download
from .filters import StaffMemberFilter
from .forms import EqualityAnswersForm, GradeSeniorityForm, StaffImportForm
from .models import Grade, StaffMember
from .permissions import staff_member_of
from .services import grades_seniority_set
from .staff_import import StaffImportError, staff_import


@login_required
def profile(request):
    me = StaffMember.objects.with_details().filter(user=request.user).first()
    if me is None:
        raise PermissionDenied("Only people with a staff record have a profile here.")
    context = {"me": me, "answered": has_answered(request.user)}
    return render(request, "people/profile.html", context)


@login_required
def calendar(request):
    me = _me(request)
    return render(request, "people/calendar.html", {"feed": calendar_feed_in_use(me)})


@login_required
@require_POST
def calendar_start(request):
    """Turn the feed on, or make a new address (which stops the old one, so asks first); the
    page then shows the address, this once."""
    me = _me(request)
    if calendar_feed_in_use(me):
        page = confirmation(
            request,
            title="Make a new address for your calendar?",
            what_happens=[
                "Your calendar's current address stops working straight away: calendars "
                "subscribed to it stop showing your meetings and due dates.",
                "You then add the new address to your calendar.",
            ],
            button="Make a new address",
            cancel=reverse("calendar"),
        )
        if page:
            return page
    secret = calendar_feed_start(by=request.user)
    context = {"feed": calendar_feed_in_use(me), "address": calendar_feed_addresses(secret)}
    return render(request, "people/calendar.html", context)


@login_required
@require_POST
def calendar_revoke(request):
    _me(request)
    page = confirmation(
        request,
        title="Turn off your calendar feed?",
        what_happens=[
            "Its address stops working straight away: calendars subscribed to it stop "
            "showing your meetings and due dates.",
            "You can turn it on again later, with a new address.",
        ],
        button="Turn off the feed",
        cancel=reverse("calendar"),
    )
    if page:
        return page
    if calendar_feed_revoke(by=request.user):
        messages.success(request, "Your calendar feed is off: its address no longer works.")
    return redirect("calendar")


@login_required
def my_data(request, as_pdf=False):
    """Everything the portal holds about the person asking, for them alone (DATA-3)."""
    me = _me(request)
    filename = f"my-mentoring-data-{timezone.localdate():%Y-%m-%d}"
    if as_pdf:
        data = personal_data_download(by=request.user, person=me, as_pdf=True)
        return pdf_response("pdf/personal_data.html", data, f"{filename}.pdf")
    data = personal_data_download(by=request.user, person=me, as_pdf=False)
    response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def _me(request):
    me = staff_member_of(request.user)
    if me is None:
        raise PermissionDenied("Only people with a staff record have data here.")
    return me


@login_required
def staff_list(request):
    if not permissions.can_list_staff(request.user):
        raise PermissionDenied
    queryset = StaffMember.objects.with_details()
    staff_filter = StaffMemberFilter(request.GET, queryset=queryset)
    page = Paginator(staff_filter.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/staff_list.html",
        {"filter": staff_filter, "page": page, "query": query.urlencode()},
    )


@login_required
def staff_detail(request, pk):
    visible = StaffMember.objects.visible_to(request.user).with_details()
    staff_member = get_object_or_404(visible.select_related("user"), pk=pk)
    reports = staff_member.direct_reports.active().with_details()
    context = {
        "staff_member": staff_member,
        "reports": reports,
        "can_see_history": permissions.can_view_participation(request.user, staff_member),
    }
    if permissions.can_view_sign_in_details(request.user) and staff_member.user:
        context["account"] = staff_member.user
        context["account_roles"] = staff_member.user.groups.order_by("name")
    return render(request, "people/staff_detail.html", context)


@login_required
def staff_import_upload(request):
    if not permissions.can_import_staff(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = StaffImportForm(request.POST, request.FILES) if posted else StaffImportForm()
    errors = []
    if posted and form.is_valid():
        try:
            result = staff_import(
                file=form.cleaned_data["file"],
                deactivate_missing=form.cleaned_data["deactivate_missing"],
                dry_run=form.cleaned_data["dry_run"],
                imported_by=request.user,
            )
        except StaffImportError as exc:
            errors = exc.errors
        else:
            messages.success(request, _import_summary(result))
            return redirect("people:staff_import")
    return render(request, "people/staff_import.html", {"form": form, "errors": errors})


@login_required
def grades(request):
    """The seniority of each grade, which matching uses for the direction of a pairing."""
    if not permissions.can_set_grade_seniority(request.user):
        raise PermissionDenied
    grades = list(Grade.objects.order_by(F("seniority").asc(nulls_last=True), "name"))
    form = GradeSeniorityForm(request.POST if request.method == "POST" else None, grades=grades)
    if request.method == "POST" and form.is_valid():
        grades_seniority_set(by=request.user, seniorities=form.seniorities())
        messages.success(request, "Grade seniority saved.")
        return redirect("people:grades")
    return render(request, "people/grades.html", {"form": form, "grades": grades})


def _import_summary(result):
    counts = (
        f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged and "
        f"{result.deactivated} deactivated, from {result.rows} rows"
    )
    if result.dry_run:
        return f"The file is good and nothing was changed. Importing it would give {counts}."
    return f"Staff imported: {counts}."


@login_required
def equality(request):
    if staff_member_of(request.user) is None:
        raise PermissionDenied
    form = EqualityAnswersForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        equality_answers_save(by=request.user, answers=form.cleaned_data)
        messages.success(request, "Thank you. Your answers are saved, apart from your name.")
        return redirect("equality")
    context = {"form": form, "answered": has_answered(request.user)}
    return render(request, "people/equality.html", context)


@login_required
@require_POST
def equality_withdraw(request):
    if staff_member_of(request.user) is None:
        raise PermissionDenied
    page = confirmation(
        request,
        title="Delete your equality monitoring answers?",
        what_happens=[
            "Your answers are deleted and no longer counted in the anonymised reports.",
            "You can answer again at any time.",
        ],
        button="Delete my answers",
        cancel=reverse("equality"),
    )
    if page:
        return page
    equality_answers_withdraw(by=request.user)
    messages.success(request, "Your equality monitoring answers are deleted.")
    return redirect("equality")


def privacy(request):
    """Who sees what, in plain words, for anyone (before signing in too)."""
    return render(request, "people/privacy.html")
