from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from . import permissions
from .filters import StaffMemberFilter
from .forms import StaffImportForm
from .models import StaffMember
from .staff_import import StaffImportError, staff_import


@login_required
def home(request):
    me = permissions.staff_member_of(request.user)
    if me is not None:
        me = StaffMember.objects.with_details().get(pk=me.pk)
    reports = StaffMember.objects.active().with_details().filter(line_manager=me) if me else []
    return render(request, "people/home.html", {"me": me, "reports": reports})


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
    context = {"staff_member": staff_member, "reports": reports}
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


def _import_summary(result):
    counts = (
        f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged and "
        f"{result.deactivated} deactivated, from {result.rows} rows"
    )
    if result.dry_run:
        return f"The file is good and nothing was changed. Importing it would give {counts}."
    return f"Staff imported: {counts}."
