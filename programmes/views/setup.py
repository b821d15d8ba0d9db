from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ..permissions import can_create_programme
from ..presets import PRESETS
from ..services import programmes as services
from ..setup import (
    STEP_BY_SLUG,
    STEPS,
    check_answers,
    draft_answer,
    draft_clear,
    draft_of,
    draft_start,
    first_unanswered,
    next_step,
    policy_from,
    previous_step,
    programme_from,
    starting_point,
)

STEP_COUNT = len(STEPS) + 1  # and checking the answers


def _coordinator(view):
    def checked(request, *args, **kwargs):
        if not can_create_programme(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(checked)


@_coordinator
def programme_new(request):
    """Choose where to start; choosing starts a new draft at the first step."""
    preset = request.GET.get("preset", "")
    if preset not in PRESETS and preset != "blank":
        return render(request, "programmes/programme_presets.html", {"presets": PRESETS})
    draft_start(request.session, user=request.user, preset=preset if preset in PRESETS else "")
    return redirect("programmes:new_step", step=STEPS[0].slug)


@_coordinator
def programme_new_step(request, step):
    step = STEP_BY_SLUG.get(step)
    if step is None:
        raise Http404
    draft = draft_of(request.session, user=request.user)
    form = step.form(request.POST if request.method == "POST" else None, answers=draft["answers"])
    if request.method == "POST" and form.is_valid():
        draft_answer(request.session, step, form.cleaned_data)
        following = next_step(step)
        if "change" in request.GET or following is None:
            return redirect("programmes:new_check")
        return redirect("programmes:new_step", step=following.slug)
    before = previous_step(step)
    context = {
        "form": form,
        "step": step,
        "number": STEPS.index(step) + 1,
        "count": STEP_COUNT,
        "back": reverse("programmes:new_step", args=[before.slug])
        if before
        else reverse("programmes:new"),
        "start": starting_point(draft),
    }
    return render(request, "programmes/programme_setup_step.html", context)


@_coordinator
def programme_new_check(request):
    draft = draft_of(request.session, user=request.user)
    unanswered = first_unanswered(draft)
    if unanswered:
        return redirect("programmes:new_step", step=unanswered.slug)
    errors = []
    if request.method == "POST":
        try:
            programme = _create(request, draft)
        except ValidationError as exc:
            errors = exc.messages
        else:
            draft_clear(request.session)
            messages.success(request, "Programme created as a draft. Open it when it is ready.")
            return redirect(programme)
    context = {
        "steps": check_answers(draft),
        "number": STEP_COUNT,
        "count": STEP_COUNT,
        "back": reverse("programmes:new_step", args=[STEPS[-1].slug]),
        "start": starting_point(draft),
        "errors": errors,
    }
    return render(request, "programmes/programme_setup_check.html", context)


def _create(request, draft):
    answers = draft["answers"]
    return services.programme_create(
        by=request.user,
        programme=programme_from(answers),
        coordinators=answers.get("coordinators", []),
        preset=draft["preset"],
        policy=policy_from(answers),
    )
