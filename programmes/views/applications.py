from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentoring.people.permissions import is_coordinator, staff_member_of
from mentoring.web import add_errors, confirmation, run_service

from ..filters import ApplicationFilter
from ..forms import (
    APPLICATION_FORMS,
    BulkDecisionForm,
    DecisionForm,
    ManagerDecisionForm,
    ReviewRequestForm,
)
from ..models import Application, Programme
from ..permissions import can_manage_programme
from ..selectors import (
    application_in_words,
    bulk_decision_consequences,
    roles_open_to_apply,
    waiting_counts,
    where_i_stand,
    withdrawal_consequences,
)
from ..services import applications as services
from ..services.training import training_status
from .common import managed_programme

Status = Application.Status


@login_required
def application_new(request, pk, role):
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    standing = where_i_stand(request.user, programme)
    if role not in roles_open_to_apply(programme, standing):
        applied = [p for p in standing if p["application"].role == role]
        context = {"programme": programme, "role": role, "form": None}
        context["applied"] = applied[0] if applied else None
        return render(request, "programmes/application_form.html", context)
    form_class = APPLICATION_FORMS[role]
    extra = {"programme": programme} if role == "mentor" else {}
    form = form_class(request.POST if request.method == "POST" else None, **extra)
    if request.method == "POST" and form.is_valid():
        application = form.save(commit=False)
        application.programme, application.role = programme, role
        try:
            application = services.application_submit(
                by=request.user, application=application, areas=form.cleaned_data["areas"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                f"Application sent. {application.get_status_display()}. If you are willing, "
                "please also answer the optional equality monitoring questions (link below).",
            )
            return redirect("programmes:my_applications")
    context = {"form": form, "programme": programme, "role": role}
    return render(request, "programmes/application_form.html", context)


@login_required
def my_applications(request):
    me = staff_member_of(request.user)
    mine = Application.objects.filter(applicant=me) if me else Application.objects.none()
    applications = list(
        mine.select_related("programme", "applicant", "manager").order_by("-created_at")
    )
    for application in applications:
        application.can_go_to_coordinator = services.manager_cannot_decide(application)
        application.said = application_in_words(application)
    return render(
        request,
        "programmes/my_applications.html",
        {"applications": applications, "review_form": ReviewRequestForm()},
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _visible_application(request, pk)
    page = confirmation(
        request,
        title=f"Withdraw your application to be a {application.role} in {application.programme}?",
        what_happens=withdrawal_consequences(application),
        button="Withdraw my application",
        cancel=reverse("programmes:my_applications"),
    )
    if page:
        return page
    run_service(
        request, services.application_withdraw, "Application withdrawn.", application=application
    )
    return redirect("programmes:my_applications")


@login_required
@require_POST
def application_review(request, pk):
    application = _visible_application(request, pk)
    form = ReviewRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect("programmes:my_applications")
    run_service(
        request,
        services.application_request_review,
        "Sent to the coordinator, who will review it in confidence.",
        application=application,
        note=form.cleaned_data["note"],
    )
    return redirect("programmes:my_applications")


@login_required
def approvals(request):
    me = staff_member_of(request.user)
    tasks = Application.objects.filter(manager=me) if me else Application.objects.none()
    tasks = tasks.select_related("programme", "applicant")
    return render(
        request,
        "programmes/approvals.html",
        {
            "waiting": tasks.filter(status=Status.AWAITING_MANAGER).order_by("created_at"),
            "decided": tasks.exclude(status=Status.AWAITING_MANAGER).order_by(
                "-manager_decided_at"
            )[:20],
        },
    )


@login_required
def approval_decide(request, pk):
    application = _visible_application(request, pk)
    if application.manager != staff_member_of(request.user):
        raise PermissionDenied
    form = ManagerDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_manager_decide(
                by=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Thank you: your decision is recorded.")
            return redirect("programmes:approvals")
    return render(
        request, "programmes/approval_decide.html", {"application": application, "form": form}
    )


@login_required
def applications_waiting(request):
    """Each programme the coordinator runs, with what waits in its queue."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    context = {"programmes": list(waiting_counts(request.user))}
    return render(request, "programmes/applications_waiting.html", context)


@login_required
def application_queue(request, pk):
    programme = managed_programme(request, pk)
    queryset = programme.applications.with_people().order_by("created_at", "pk")
    application_filter = ApplicationFilter(request.GET, queryset=queryset)
    page = Paginator(application_filter.qs, 50).get_page(request.GET.get("page"))
    positions = services.waiting_list_positions(programme)
    for application in page.object_list:
        application.position = positions.get(application.pk)
    counts = programme.applications.aggregate(
        **{s.value: Count("pk", filter=Q(status=s.value)) for s in Status}
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programmes/application_queue.html",
        {
            "programme": programme,
            "filter": application_filter,
            "page": page,
            "counts": counts,
            "query": query.urlencode(),
            "bulk_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def application_bulk_decide(request, pk):
    programme = managed_programme(request, pk)
    form = BulkDecisionForm(request.POST, programme=programme)
    if not form.is_valid():
        messages.error(request, "Tick at least one application and choose a decision.")
        return redirect("programmes:queue", pk=programme.pk)
    chosen = form.cleaned_data["applications"].select_related("applicant")
    title, lines = bulk_decision_consequences(
        chosen, form.cleaned_data["decision"], form.cleaned_data["reason"]
    )
    page = confirmation(
        request,
        title=title,
        what_happens=lines,
        button="Record the decision",
        cancel=reverse("programmes:queue", args=[programme.pk]),
        undoable=form.cleaned_data["decision"] == "waiting_list",
        danger=form.cleaned_data["decision"] == "decline",
    )
    if page:
        return page
    done, refused = 0, []
    for application in chosen:
        try:
            services.application_decide(
                by=request.user,
                application=application,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
            done += 1
        except ValidationError as exc:
            refused.append(f"{application.applicant}: {' '.join(exc.messages)}")
    messages.success(
        request, f"Decision recorded for {done} application{'s' if done != 1 else ''}."
    )
    for problem in refused:
        messages.error(request, problem)
    return redirect("programmes:queue", pk=programme.pk)


@login_required
def application_decide(request, pk):
    application = _visible_application(request, pk)
    if not can_manage_programme(request.user, application.programme):
        raise PermissionDenied
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                by=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Decision recorded; the applicant can see it.")
            return redirect("programmes:queue", pk=application.programme_id)
    position = services.waiting_list_positions(application.programme).get(application.pk)
    context = {
        "application": application,
        "form": form,
        "position": position,
        "training": training_status(application),
    }
    return render(request, "programmes/application_decide.html", context)


def _visible_application(request, pk):
    visible = Application.objects.visible_to(request.user).with_people()
    return get_object_or_404(visible.prefetch_related("areas_wanted", "areas_offered"), pk=pk)
