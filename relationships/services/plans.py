"""The mentee's action plan: a long-term goal, short-term SMART goals and the actions under
them (PLAN-1; 001 Appendix B, 002 Resources 12, 14, 15 and 16). It is the pair's working
document: the mentee and the mentors write it while the relationship is live, and it is kept
read-only once it has ended."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.people.permissions import staff_member_of

from ..models import ActionItem, ActionPlan, Goal, Member, Relationship
from ..permissions import Content, record_change
from .pairing import locked
from .risks import risks_check_one

PLAN_FIELDS = [
    "long_term_goal",
    "needs_and_strengths",
    "started_on",
    "completion_on",
    "next_review_on",
    "commitment",
    "commitment_needs",
    "comments",
]
GOAL_FIELDS = [
    f.name for f in Goal._meta.fields if f.editable and not f.primary_key and f.name != "plan"
]
ACTION_FIELDS = ["description", "owner", "due_on", "status"]
MOTIVATED = 7  # 002 Resource 12: below 7, ask what still needs to happen
SCALE = range(11)  # 002 Resource 16: OSKAR scales run from 0 to 10


def has_plan(member, programme):
    """Who may have a plan: the mentees, and in reciprocal mentoring everyone, since both
    hold both roles (004)."""
    return member.role == Member.Role.MENTEE or programme.mentoring_model == "reciprocal"


def plan_change_check(*, by, mentee, relationship=None, members=None):
    """Refuse, with the reason, anyone who may not change `mentee`'s plan now: only the live
    people in a proposed or active relationship write it. Returns the writer's Member."""
    relationship = relationship or mentee.relationship
    members = relationship.members.all() if members is None else members
    me = staff_member_of(by)
    writer = next(
        (m for m in members if me is not None and m.person_id == me.pk and m.is_live), None
    )
    if writer is None:
        raise PermissionDenied("Only the people in this relationship write its action plans.")
    if relationship.status == Relationship.Status.ENDED:
        raise ValidationError("This relationship has ended: its action plans are read-only.")
    mentee = next((m for m in members if m.pk == mentee.pk), None)
    if mentee is None or not has_plan(mentee, relationship.programme):
        raise ValidationError("Only a mentee of this relationship has an action plan.")
    if not mentee.is_live:
        raise ValidationError(
            f"{mentee.person.full_name} has left this relationship: their plan is read-only."
        )
    return writer


def plan_save(*, by, mentee, data):
    """Start or change `mentee`'s action plan. A commitment below 7 says what still needs to
    happen to raise it (002 Resource 12)."""
    with transaction.atomic():
        relationship = _locked_for_change(by, mentee)
        plan = ActionPlan.objects.filter(mentee=mentee).first()
        created = plan is None
        plan = plan or ActionPlan(mentee=mentee)
        _apply(plan, data, PLAN_FIELDS)
        errors = {}
        if plan.commitment in range(1, MOTIVATED) and not plan.commitment_needs:
            errors["commitment_needs"] = (
                "Below 7: say what still needs to happen to help increase motivation."
            )
        if plan.started_on and plan.completion_on and plan.completion_on < plan.started_on:
            errors["completion_on"] = "The estimated completion date comes after the start date."
        _full_clean(plan, errors)
        plan.save()
        record_change(
            by=by,
            content=Content.ACTION_PLAN,
            obj=plan,
            relationship=relationship,
            action="create" if created else "change",
        )
    return plan


def goal_save(*, by, plan, goal=None, data):
    """Add or change a short-term goal written to the SMART headings, with its optional GROW
    prompts and OSKAR scale: where I want to be is not below where I am now (002 Resource 16)."""
    with transaction.atomic():
        relationship = _locked_for_change(by, plan.mentee)
        created = goal is None
        if created:
            goal = Goal(plan=plan)
        else:
            goal = Goal.objects.filter(pk=goal.pk, plan=plan).first()
            if goal is None:
                raise ValidationError("This goal is no longer in the action plan.")
            goal.changed_at = timezone.now()
        _apply(goal, data, GOAL_FIELDS)
        errors = {}
        now, wanted = goal.scale_now, goal.scale_wanted
        if now in SCALE and wanted in SCALE and wanted < now:
            errors["scale_wanted"] = "Where you want to be cannot be below where you are now."
        _full_clean(goal, errors)
        goal.save()
        _record(by, plan, relationship, f"Goal {goal.pk} {'added' if created else 'changed'}.")
    return goal


def goal_delete(*, by, goal):
    """Delete a short-term goal and the actions planned under it."""
    with transaction.atomic():
        plan = goal.plan
        relationship = _locked_for_change(by, plan.mentee)
        goal = Goal.objects.filter(pk=goal.pk).first()
        if goal is None:
            raise ValidationError("This goal has already been deleted.")
        _record(by, plan, relationship, f"Goal {goal.pk} deleted.")
        goal.delete()  # and its actions
        risks_check_one(relationship=relationship)


def goal_action_save(*, by, goal, action=None, data):
    """Add or change an action under a goal: what, whose (someone in the relationship), by
    when, and how far it has got (001 Appendix B)."""
    with transaction.atomic():
        plan = goal.plan
        relationship = _locked_for_change(by, plan.mentee)
        created = action is None
        if created:
            action = ActionItem(relationship=relationship, goal=goal)
        else:
            action = ActionItem.objects.filter(pk=action.pk, goal=goal).first()
            if action is None:
                raise ValidationError("This action is no longer under this goal.")
            action.changed_at = timezone.now()
        was_done = action.status == ActionItem.Status.DONE
        _apply(action, data, ACTION_FIELDS)
        errors = {}
        live = relationship.members.filter(is_live=True).values_list("person_id", flat=True)
        if action.owner_id is not None and action.owner_id not in set(live):
            errors["owner"] = "Choose someone in this relationship."
        if action.status == ActionItem.Status.DONE and not was_done:
            action.done_at = timezone.now()
        elif action.status != ActionItem.Status.DONE:
            action.done_at = None
        _full_clean(action, errors)
        action.save()
        verb = "added" if created else "changed"
        _record(by, plan, relationship, f"Action {action.pk} on goal {goal.pk} {verb}.")
        risks_check_one(relationship=relationship)
    return action


def action_delete(*, by, action):
    """Delete an action planned under a goal; actions agreed at a meeting stay with its log."""
    if action.goal_id is None:
        raise ValidationError("This action was agreed at a meeting: it is kept with its log.")
    with transaction.atomic():
        plan = action.goal.plan
        relationship = _locked_for_change(by, plan.mentee)
        action = ActionItem.objects.filter(pk=action.pk).first()
        if action is None:
            raise ValidationError("This action has already been deleted.")
        _record(by, plan, relationship, f"Action {action.pk} on goal {action.goal_id} deleted.")
        action.delete()
        risks_check_one(relationship=relationship)


def _locked_for_change(by, mentee):
    """Lock the relationship, so that nothing is written while it ends, then check."""
    relationship = locked(mentee.relationship)
    members = list(relationship.members.select_related("person"))
    plan_change_check(by=by, mentee=mentee, relationship=relationship, members=members)
    return relationship


def _apply(obj, data, fields):
    for name in fields:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _full_clean(obj, errors):
    """The model's own checks and the service's rules, all reported at once."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, [])
            if isinstance(errors[field], str):
                errors[field] = [errors[field]]
            errors[field].extend(messages)
    if errors:
        raise ValidationError(errors)


def _record(by, plan, relationship, note):
    """Goals and actions are parts of the plan: the entry names the plan and says which part,
    never what it says (DATA-2)."""
    record_change(
        by=by, content=Content.ACTION_PLAN, obj=plan, relationship=relationship, note=note
    )
