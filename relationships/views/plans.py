"""The mentee's action plan: the pair's working document (PLAN-1). Each page is keyed by the
mentee's place in the relationship; the Reader decides who reads it (DATA-1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.pdf import pdf_response
from mentoring.web import add_errors, confirmation, run_service

from ..forms import GoalActionForm, GoalForm, PlanForm
from ..models import ActionItem, ActionPlan, Goal, Member, Relationship
from ..permissions import Content, Reader
from ..selectors import last_meeting_held, next_review
from ..services import plans
from ..services.plans import has_plan, plan_change_check


@login_required
def plan(request, pk):
    """The plan with its progress at a glance, or an invitation to start one."""
    member, reader = _mentee(request, pk)
    action_plan = ActionPlan.objects.filter(mentee=member).select_related("mentee").first()
    goals = _goals_with_progress(action_plan, reader)
    _read(reader, action_plan)
    context = _context(request, member) | {
        "plan": action_plan,
        "goals": goals,
        "achieved": sum(g.status == Goal.Status.ACHIEVED for g in goals),
        "counted": sum(g.status != Goal.Status.DROPPED for g in goals),
        "next_review_on": next_review(member.relationship, member.person, timezone.localdate()),
        "in_pdp": sum(g.in_pdp for g in goals),
    }
    return render(request, "relationships/plan.html", context)


@login_required
def plan_edit(request, pk):
    member, reader = _mentee(request, pk)
    refused = _refused(request, member)
    if refused:
        return refused
    action_plan = ActionPlan.objects.filter(mentee=member).select_related("mentee").first()
    form = PlanForm(request.POST if request.method == "POST" else None, instance=action_plan)
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_save(by=request.user, mentee=member, data=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "The action plan is saved.")
            return redirect("relationships:plan", member.pk)
    _read(reader, action_plan)
    context = _context(request, member) | {"plan": action_plan, "form": form}
    return render(request, "relationships/plan_form.html", context)


@login_required
def plan_pdf(request, pk):
    """The plan as a document to keep, in the layout of 002 Resource 15."""
    member, reader = _mentee(request, pk)
    action_plan = get_object_or_404(ActionPlan.objects.select_related("mentee"), mentee=member)
    goals = _goals_with_progress(action_plan, reader)
    reader.read_record(action_plan, note="PDF")
    context = _context(request, member) | {
        "plan": action_plan,
        "goals": goals,
        "next_review_on": next_review(member.relationship, member.person, timezone.localdate()),
        "meeting": last_meeting_held(member.relationship, member.person, reader.person),
    }
    return pdf_response("pdf/plan.html", context, f"action-plan-{member.pk}.pdf")


@login_required
def pdp_pdf(request, pk):
    """The goals the pair marked for the personal development plan, as a record to take to
    the line manager (004: activity agreed with the manager and recorded in the PDP).
    Confidential like the plan: the same people may download it."""
    member, reader = _mentee(request, pk)
    action_plan = get_object_or_404(ActionPlan.objects.select_related("mentee"), mentee=member)
    goals = [g for g in _goals_with_progress(action_plan, reader) if g.in_pdp]
    reader.read_record(action_plan, note="personal development plan record, PDF")
    context = _context(request, member) | {"plan": action_plan, "goals": goals}
    return pdf_response("pdf/pdp.html", context, f"pdp-record-{member.pk}.pdf")


@login_required
def goal_new(request, pk):
    member, reader = _mentee(request, pk)
    refused = _refused(request, member)
    if refused:
        return refused
    action_plan = ActionPlan.objects.filter(mentee=member).select_related("mentee").first()
    if action_plan is None:
        messages.info(request, "Start the action plan with its long-term goal first.")
        return redirect("relationships:plan_edit", member.pk)
    return _goal_form(request, reader, member, action_plan, None)


@login_required
def goal_edit(request, pk):
    goal = _goal(request, pk)
    member = goal.plan.mentee
    reader = _reader(request, member)
    refused = _refused(request, member)
    if refused:
        return refused
    return _goal_form(request, reader, member, goal.plan, goal)


@login_required
@require_POST
def goal_delete(request, pk):
    goal = _goal(request, pk)
    member = goal.plan.mentee
    _reader(request, member)
    refused = _refused(request, member)
    if refused:
        return refused
    actions = goal.actions.count()
    page = confirmation(
        request,
        title=f"Delete the goal “{goal.specific}”?",
        what_happens=[
            f"The goal is deleted with its {actions} action{'s' if actions != 1 else ''}.",
            "If it no longer matters, you could set its status to “Set aside” instead.",
        ],
        button="Delete the goal",
        cancel=reverse("relationships:goal_edit", args=[goal.pk]),
    )
    if page:
        return page
    run_service(request, plans.goal_delete, "Goal deleted, with its actions.", goal=goal)
    return redirect("relationships:plan", member.pk)


@login_required
def goal_action_new(request, pk):
    goal = _goal(request, pk)
    member = goal.plan.mentee
    reader = _reader(request, member)
    refused = _refused(request, member)
    if refused:
        return refused
    return _action_form(request, reader, member, goal, None)


@login_required
def action_edit(request, pk):
    action = _action(request, pk)
    member = action.goal.plan.mentee
    reader = _reader(request, member)
    refused = _refused(request, member)
    if refused:
        return refused
    return _action_form(request, reader, member, action.goal, action)


@login_required
@require_POST
def action_delete(request, pk):
    action = _action(request, pk)
    member = action.goal.plan.mentee
    _reader(request, member)
    refused = _refused(request, member)
    if refused:
        return refused
    page = confirmation(
        request,
        title=f"Delete the action “{action.description}”?",
        what_happens=["The action is deleted from the goal; nobody can see it again."],
        button="Delete the action",
        cancel=reverse("relationships:action_edit", args=[action.pk]),
    )
    if page:
        return page
    run_service(request, plans.action_delete, "Action deleted.", action=action)
    return redirect("relationships:plan", member.pk)


def workspace_part(reader):
    """What the relationship page shows of the plans: for those who may read them, each
    plan's long-term goal and progress; for a coordinator who may not, only whether each
    mentee has one. Two queries at most, whatever the goals and actions."""
    relationship = reader.relationship
    if not (reader.is_member or reader.is_coordinator):
        return {"can_read": False, "plans": []}
    mentees = [m for m in relationship.members.all() if has_plan(m, relationship.programme)]
    can_read = reader.can_read(Content.ACTION_PLAN)
    if not can_read:
        started = set(
            ActionPlan.objects.filter(mentee__in=mentees).values_list("mentee_id", flat=True)
        )
        return {
            "can_read": False,
            "plans": [{"member": m, "exists": m.pk in started} for m in mentees],
        }
    counted = ActionPlan.objects.filter(mentee__in=mentees).select_related("mentee")
    readable = reader.written_within("goals__created_at", "goals__changed_at")
    counted = counted.annotate(
        goals_total=Count("goals", filter=~Q(goals__status=Goal.Status.DROPPED) & readable),
        goals_achieved=Count("goals", filter=Q(goals__status=Goal.Status.ACHIEVED) & readable),
    )
    by_mentee = {p.mentee_id: p for p in counted}
    rows = []
    for member in mentees:
        found = by_mentee.get(member.pk)
        exists = found is not None
        if exists and not reader.can_read_record(found):
            found = None  # begun before they could read it (or changed after they left)
        if found is not None:
            reader.read_record(found, note="relationship page")
        rows.append(
            {
                "member": member,
                "exists": exists,
                "plan": found,
                "long_term_goal": getattr(found, "long_term_goal", ""),
                "goals_achieved": getattr(found, "goals_achieved", 0),
                "goals_total": getattr(found, "goals_total", 0),
                "commitment": getattr(found, "commitment", None),
                "url": reverse("relationships:plan", args=[member.pk]),
                "pdf_url": reverse("relationships:plan_pdf", args=[member.pk]) if found else "",
                "can_change": _may_change(reader.user, member),
            }
        )
    return {"can_read": True, "plans": rows}


def _goal_form(request, reader, member, action_plan, goal):
    form = GoalForm(request.POST if request.method == "POST" else None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            plans.goal_save(by=request.user, plan=action_plan, goal=goal, data=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Goal saved." if goal else "Goal added.")
            return redirect("relationships:plan", member.pk)
    _read(reader, action_plan)
    context = _context(request, member) | {"plan": action_plan, "goal": goal, "form": form}
    return render(request, "relationships/goal_form.html", context)


def _action_form(request, reader, member, goal, action):
    form = GoalActionForm(
        request.POST if request.method == "POST" else None,
        instance=action,
        relationship=member.relationship,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plans.goal_action_save(
                by=request.user, goal=goal, action=action, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Action saved." if action else "Action added.")
            return redirect("relationships:plan", member.pk)
    _read(reader, goal.plan)
    context = _context(request, member) | {"goal": goal, "action": action, "form": form}
    return render(request, "relationships/goal_action_form.html", context)


def _goals_with_progress(action_plan, reader):
    """The goals `reader` may read, each with its actions and how many are done, not counting
    those no longer needed: three queries whatever their number."""
    if action_plan is None:
        return []
    actions = Prefetch("actions", queryset=ActionItem.objects.select_related("owner"))
    goals = [g for g in action_plan.goals.prefetch_related(actions) if reader.can_read_record(g)]
    for goal in goals:
        goal.readable_actions = [a for a in goal.actions.all() if reader.can_read_record(a)]
        counted = [a for a in goal.readable_actions if a.status != ActionItem.Status.DROPPED]
        goal.actions_done = sum(a.status == ActionItem.Status.DONE for a in counted)
        goal.actions_counted = len(counted)
    return goals


def _context(request, member):
    relationship = member.relationship
    reciprocal = relationship.programme.mentoring_model == "reciprocal"
    mentors = [
        m
        for m in relationship.members.all()
        if m.pk != member.pk and (m.role == Member.Role.MENTOR or reciprocal)
    ]
    return {
        "member": member,
        "relationship": relationship,
        "mentors": mentors,
        "can_change": _may_change(request.user, member),
        "status_choices": ActionItem.Status.choices,
    }


def _may_change(user, member):
    try:
        plan_change_check(by=user, mentee=member, members=member.relationship.members.all())
    except (PermissionDenied, ValidationError):
        return False
    return True


def _refused(request, member):
    """Before showing a form: 403 for those who only read; a word and the plan for a plan
    that can no longer change."""
    try:
        plan_change_check(by=request.user, mentee=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("relationships:plan", member.pk)
    return None


def _read(reader, action_plan):
    if action_plan is not None:
        reader.read_record(action_plan)


def _mentee(request, pk):
    """A mentee's place in a relationship this person sees, and their Reader: a 404 for anyone
    who may not read its plan."""
    visible = Relationship.objects.visible_to(request.user)
    member = get_object_or_404(
        Member.objects.filter(relationship__in=visible)
        .select_related("relationship__programme", "person")
        .prefetch_related(Prefetch("relationship__members", queryset=_members())),
        pk=pk,
    )
    return member, _reader(request, member)


def _goal(request, pk):
    visible = Relationship.objects.visible_to(request.user)
    return get_object_or_404(
        Goal.objects.filter(plan__mentee__relationship__in=visible)
        .select_related("plan__mentee__relationship__programme", "plan__mentee__person")
        .prefetch_related(Prefetch("plan__mentee__relationship__members", queryset=_members())),
        pk=pk,
    )


def _action(request, pk):
    """Actions planned under a goal; those agreed at a meeting are changed from its log."""
    visible = Relationship.objects.visible_to(request.user)
    return get_object_or_404(
        ActionItem.objects.filter(goal__isnull=False, relationship__in=visible)
        .select_related("goal__plan__mentee__relationship__programme", "goal__plan__mentee__person")
        .prefetch_related(
            Prefetch("goal__plan__mentee__relationship__members", queryset=_members())
        ),
        pk=pk,
    )


def _members():
    return Member.objects.select_related("person")


def _reader(request, member):
    relationship = member.relationship
    reader = Reader(request.user, relationship, members=relationship.members.all())
    if not has_plan(member, relationship.programme):
        raise Http404
    if not reader.can_read(Content.ACTION_PLAN, author_id=member.person_id):
        raise Http404
    return reader
