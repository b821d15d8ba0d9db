from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentoring.web import confirmation

from ..forms import AreaForm, PolicyForm, ProgrammeEditForm, StatusForm
from ..models import Area, Programme
from ..permissions import can_create_programme, can_manage_programme
from ..presets import PRESETS
from ..selectors import (
    archiving_consequences,
    closing_consequences,
    directory_offer,
    programmes_knowing_you,
    roles_open_to_apply,
    where_i_stand,
)
from ..services import programmes as services
from .common import managed_programme


@login_required
def programme_list(request):
    programmes = programmes_knowing_you(request.user)
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "can_create": can_create_programme(request.user)},
    )


@login_required
def programme_detail(request, pk):
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user)
        .select_related("sponsor", "policy")
        .prefetch_related("coordinators", "policy__revisions"),
        pk=pk,
    )
    standing = where_i_stand(request.user, programme)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "can_manage": can_manage_programme(request.user, programme),
            "next_statuses": services.TRANSITIONS[programme.status],
            "standing": standing,
            "can_apply_as": roles_open_to_apply(programme, standing),
            "directory": directory_offer(programme, standing),
            "preset": PRESETS.get(programme.preset),
        },
    )


@login_required
def programme_edit(request, pk):
    programme = managed_programme(request, pk)
    form = ProgrammeEditForm(request.POST if request.method == "POST" else None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                by=request.user,
                programme=form.save(commit=False),
                coordinators=form.cleaned_data["coordinators"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Programme saved.")
            return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form})


@login_required
@require_POST
def programme_status(request, pk):
    programme = managed_programme(request, pk)
    form = StatusForm(request.POST)
    closing = form.is_valid() and form.cleaned_data["status"] == Programme.Status.CLOSED
    page = closing and confirmation(
        request,
        title=f"Close {programme.name}?",
        what_happens=closing_consequences(programme),
        button="Close the programme",
        cancel=programme.get_absolute_url(),
    )
    if page:
        return page
    try:
        if not form.is_valid():
            raise ValidationError("Choose a status.")
        programme = services.programme_set_status(
            by=request.user, programme=programme, status=form.cleaned_data["status"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The programme is now {programme.get_status_display().lower()}.")
    return redirect(programme)


@login_required
@require_POST
def programme_archive(request, pk):
    programme = managed_programme(request, pk)
    page = confirmation(
        request,
        title=f"Archive {programme.name}?",
        what_happens=archiving_consequences(programme),
        button="Archive the programme",
        cancel=programme.get_absolute_url(),
    )
    if page:
        return page
    try:
        services.programme_archive(by=request.user, programme=programme)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(programme)
    messages.success(request, f"“{programme}” is archived.")
    return redirect("programmes:list")


@login_required
def policy_edit(request, pk):
    programme = managed_programme(request, pk)
    form = PolicyForm(request.POST if request.method == "POST" else None, instance=programme.policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_revise(
                by=request.user, policy=form.save(commit=False), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Policy saved and the change recorded in its history.")
            return redirect(programme)
    return render(request, "programmes/policy_form.html", {"form": form, "programme": programme})


@login_required
def area_list(request):
    if not can_create_programme(request.user):
        raise PermissionDenied
    form = AreaForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_add(by=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error("name", exc.messages)
        else:
            messages.success(request, f"“{area}” added.")
            return redirect("programmes:areas")
    return render(request, "programmes/area_list.html", {"areas": Area.objects.all(), "form": form})


@login_required
@require_POST
def area_toggle(request, pk):
    if not can_create_programme(request.user):
        raise PermissionDenied
    area = get_object_or_404(Area, pk=pk)
    services.area_set_active(by=request.user, area=area, active=not area.is_active)
    messages.success(request, f"“{area}” {'restored' if area.is_active else 'retired'}.")
    return redirect("programmes:areas")
