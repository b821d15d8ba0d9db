"""An active relationship's phases and its ending (REL-1, REL-2)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.notifications.services import notifications_send
from mentoring.people.permissions import staff_member_of

from .. import news
from ..dates import add_months
from ..models import Member, Relationship
from .pairing import leave_or_end, locked, matched_check

Phase = Relationship.Phase
# Share of the planned length after which each phase usually begins (002 Resource 17).
PHASE_STARTS = [(0.0, Phase.RAPPORT), (0.15, Phase.DIRECTION), (0.4, Phase.PROGRESSION)]
WINDING_UP_FROM = 0.85


def suggested_phase(relationship, today):
    """The phase the time elapsed suggests, or None without a start and a planned end."""
    if not (relationship.started_at and relationship.planned_end_on):
        return None
    start = timezone.localdate(relationship.started_at)
    length = (relationship.planned_end_on - start).days or 1
    share = (today - start).days / length
    if share >= WINDING_UP_FROM:
        return Phase.WINDING_UP
    return [phase for begins, phase in PHASE_STARTS if share >= begins][-1]


def phase_move(*, by, relationship, phase):
    """The people in an active relationship say which phase they are in."""
    with transaction.atomic():
        relationship = locked(relationship)
        _live_member(by, relationship)
        if relationship.status != Relationship.Status.ACTIVE:
            raise ValidationError("Only an active relationship has phases.")
        if phase not in Phase.values:
            raise ValidationError({"phase": "Choose a phase."})
        relationship.phase = phase
        relationship.save(update_fields=["phase"])
    return relationship


def minimum_until(relationship):
    """The day the programme's shortest length is reached (000 §7.1: "not less than six
    months"), or None where it sets none or the relationship has not started."""
    months = relationship.programme.length_min_months
    if not (months and relationship.started_at):
        return None
    return add_months(timezone.localdate(relationship.started_at), months)


def shorter_than_planned(relationship, today):
    """Ending today falls short of the programme's shortest length: it ends early, whatever
    the reason."""
    until = minimum_until(relationship)
    return until is not None and today < until


def relationship_end(*, by, relationship, reason, learned, next_steps, wants_rematch=False):
    """Either person ends an active relationship with no blame: a reason category and their
    closing checklist; the others and the coordinators are told, and a mentee may ask for
    another mentor (REL-2; 000 §6, 003 §4.6). Before the programme's shortest length it is
    ended early, not completed (000 §7.1)."""
    with transaction.atomic():
        relationship = locked(relationship)
        member = _live_member(by, relationship)
        if relationship.status != Relationship.Status.ACTIVE:
            raise ValidationError("Only an active relationship can be ended here.")
        if reason not in Relationship.END_REASONS:
            raise ValidationError({"reason": "Choose why it is ending."})
        _check_closing(learned, next_steps)
        member.learned, member.next_steps = learned.strip(), next_steps.strip()
        member.wants_rematch = wants_rematch and member.role == Member.Role.MENTEE
        member.save(update_fields=["learned", "next_steps", "wants_rematch"])
        completed = reason in Relationship.COMPLETING_REASONS and not shorter_than_planned(
            relationship, timezone.localdate()
        )
        ending = Relationship.Ending.COMPLETED if completed else Relationship.Ending.ENDED_EARLY
        relationship = leave_or_end(relationship, member, ending, reason)
        if not relationship.is_live:
            people = _to_tell(relationship, member)
            notifications_send(occasions=[news.ended(relationship, person) for person in people])
    return relationship


def _to_tell(relationship, member):
    stayed = [m for m in relationship.members.all() if not m.left_reason]  # not who left a group
    others = {m.person_id for m in stayed} - {member.person_id}
    coordinators = relationship.programme.coordinators.values_list("pk", flat=True)
    return others | set(coordinators)


@transaction.atomic
def closing_save(*, by, relationship, learned, next_steps, wants_rematch=False):
    """The others fill in their closing checklist once it has ended; a mentee may ask for
    another mentor."""
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    me = staff_member_of(by)
    member = relationship.members.filter(person=me).first() if me else None
    if member is None:
        raise PermissionDenied("Only the people in this relationship keep its checklist.")
    if member.left_at is not None:
        raise ValidationError("You left this relationship before it ended: nothing to close.")
    if relationship.status != Relationship.Status.ENDED:
        raise ValidationError("The closing checklist is for when it has ended.")
    if relationship.content_erased_at:
        raise ValidationError("What was written here has been erased: the retention period ended.")
    _check_closing(learned, next_steps)
    member.learned, member.next_steps = learned.strip(), next_steps.strip()
    member.wants_rematch = wants_rematch and member.role == Member.Role.MENTEE
    member.save(update_fields=["learned", "next_steps", "wants_rematch"])
    matched_check(application_ids=[member.application_id])
    return member


def _check_closing(learned, next_steps):
    errors = {}
    if not learned.strip():
        errors["learned"] = "Say in a few words what you learned."
    if not next_steps.strip():
        errors["next_steps"] = "Say what you will do next."
    if errors:
        raise ValidationError(errors)


def _live_member(user, relationship):
    me = staff_member_of(user)
    member = relationship.members.filter(person=me, is_live=True).first() if me else None
    if member is None:
        raise PermissionDenied("Only the people in this relationship can do this.")
    return member
