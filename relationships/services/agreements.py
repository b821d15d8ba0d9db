"""The mentoring agreement (AGR-1): the pair write it from the programme's rules, each signs it
by typing their name, and a signed version is locked; a change makes the next version, which
everyone signs again. Where the programme asks for one, a relationship starts only once its
current version is signed by everyone in it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.people.permissions import staff_member_of

from ..models import Agreement, Relationship, Signature
from ..permissions import Content, record_change
from . import pairing
from .risks import risks_check_one

CLAUSE_FIELDS = Agreement.CLAUSES
FEWEST_AIMS = 3  # 001 Appendix A §5: a), b), c)

# 002 Resource 5 §5 and §6, one duty a line.
MENTOR_ROLE = "\n".join(
    [
        "jointly manage one-to-one mentoring meetings providing individualised support and "
        "guidance to the mentee",
        "create a safe learning environment",
        "facilitate the development of the relationship",
        "support the mentee in identifying professional learning and development goals and "
        "reviewing progress",
        "give the mentee responsibility for their own learning",
        "contribute to the monitoring and evaluation process",
    ]
)
MENTEE_ROLE = "\n".join(
    [
        "work with the mentor to develop a personal action plan and set own learning goals",
        "engage in regular review of progress and update their action plan as required",
        "keep joint records of the meetings",
        "contribute to the monitoring and evaluation process",
    ]
)
# 001 Appendix A §8, with the limits of 003 §3.5.
CONFIDENTIALITY = (
    "The content of these meetings will be confidential to us. We agree to the following "
    "limits to confidentiality: where there is a perceived risk of harm to self or others; "
    "where there is concern of a breach of organisational policy; where illegal activity is "
    "suspected."
)
# 002 Resource 5 §8 and 001 Appendix A §9.
FEEDBACK = (
    "The mentor agrees to provide feedback to the mentee which is specific, timely, genuine, "
    "objective and forward-looking. The mentee agrees to be open to the feedback."
)
# 001 Appendix A §10, 002 Resource 5 §10.
DOCUMENTATION = (
    "We agree to forward any necessary documentation to the coordinator of the programme. We "
    "understand that it will be used to inform evaluation processes."
)
# 002 Resource 5 §9.
BREAKDOWN = (
    "In the event of a breakdown in the relationship we agree to discuss the issues with the "
    "programme before taking action to end the arrangement. If the breakdown is irretrievable "
    "no blame will be attributable to either party. Rematching is at the discretion of the "
    "coordinator."
)
# 002 Resource 5 §4.
EXCEPTIONAL_CONTACT = (
    "We understand that there may be exceptional circumstances which require additional "
    "contact. Such contact will be made taking into account the boundaries of the "
    "relationship and with agreement by both parties."
)
WEEKS_IN_WORDS = {1: "week", 2: "two weeks", 3: "three weeks", 4: "four weeks", 13: "three months"}


def agreement_prefill(relationship, *, today=None):
    """A first version's clauses from the programme's rules and its own clause texts (000's
    contract, 004 Annex A), else the general wording of the seeds; the aims are left for the
    pair to write."""
    programme = relationship.programme
    started = timezone.localdate(relationship.started_at) if relationship.started_at else None
    start = started or today or timezone.localdate()
    # 001 Appendix A §1: "evaluated every three to six months".
    review_months = programme.review_interval_months or 3
    general = {
        "expectations": "",
        "mentor_role": MENTOR_ROLE,
        "mentee_role": MENTEE_ROLE,
        "confidentiality": CONFIDENTIALITY,
        "feedback": FEEDBACK,
        "ground_rules": "",
        "next_steps": "",
    }
    own = {
        clause: getattr(programme, field)
        for clause, field in programme.AGREEMENT_CLAUSES.items()
        if getattr(programme, field).strip()
    }
    return {
        "length_months": programme.length_max_months,
        "meet_every": _meet_every(programme.meeting_interval_weeks),
        "meeting_minutes_min": programme.meeting_minutes_min,
        "meeting_minutes_max": programme.meeting_minutes_max,
        "contact_between": _contact_between(programme.contact_interval_weeks),
        "aims": [],
        **general,
        **own,
        "documentation": DOCUMENTATION,
        "breakdown": BREAKDOWN,
        "review_on": pairing.add_months(start, review_months),
    }


def _meet_every(weeks):
    if weeks == 4:
        return "month"  # 002 Resource 5 §2
    if weeks == 13:
        return "three months"  # 004: "quarterly"
    if weeks == 1:
        return "week"
    return f"{weeks} weeks" if weeks else "month"


def _contact_between(weeks):
    if weeks:
        every = WEEKS_IN_WORDS.get(weeks, f"{weeks} weeks")
        return f"By email or telephone as agreed, at least every {every}. {EXCEPTIONAL_CONTACT}"
    return f"By email or telephone as agreed. {EXCEPTIONAL_CONTACT}"


def current_agreement(relationship):
    """The latest version, the one that counts, or None before the pair write one."""
    return relationship.agreements.order_by("-version").first()


def agreement_signed_by_all(relationship):
    """Whether everyone now in the relationship has signed its current version."""
    current = current_agreement(relationship)
    if current is None:
        return False
    live = set(relationship.members.filter(is_live=True).values_list("person_id", flat=True))
    signed = set(current.signatures.values_list("person_id", flat=True))
    return bool(live) and live <= signed


def agreed_months(relationship):
    """The length the current version gives, once everyone in it has signed it."""
    current = current_agreement(relationship)
    if current is None or not agreement_signed_by_all(relationship):
        return None
    return current.length_months


def agreement_save(*, by, relationship, data):
    """Write the agreement. A version nobody has signed yet is changed as it stands; once
    anyone has signed, a change makes the next version, which everyone signs again, and the
    signed one stays as it was (AGR-1)."""
    with transaction.atomic():
        relationship = pairing.locked(relationship)
        me = _live_member(by, relationship)
        current = (
            Agreement.objects.select_for_update()
            .filter(relationship=relationship)
            .order_by("-version")
            .first()
        )
        signed = current is not None and (current.is_locked or current.signatures.exists())
        clauses = _clauses(data)
        if current is not None and not signed:
            agreement, action = current, "change"
            agreement.changed_at = timezone.now()
        else:
            agreement, action = Agreement(relationship=relationship, created_by=me), "create"
            agreement.version = current.version + 1 if current else 1
            earlier = _values(current) if current else agreement_prefill(relationship)
            clauses = earlier | clauses
        if current is not None and all(getattr(current, n) == v for n, v in clauses.items()):
            if signed:
                raise ValidationError(
                    "Nothing has changed, so version "
                    f"{current.version} stays as it is and nobody needs to sign again."
                )
            return current
        for name, value in clauses.items():
            setattr(agreement, name, value)
        _check(agreement)
        agreement.save()
        record_change(
            by=by,
            content=Content.AGREEMENT,
            obj=agreement,
            relationship=relationship,
            action=action,
            note=f"version {agreement.version}",
        )
    return agreement


def agreement_sign(*, by, agreement, typed_name):
    """Sign the current version by typing one's full name; once everyone in it has signed,
    the version is locked and a proposed relationship may start (AGR-1, REL-1)."""
    with transaction.atomic():
        relationship = pairing.locked(agreement.relationship)
        me = _live_member(by, relationship)
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        latest = current_agreement(relationship)
        if agreement.pk != latest.pk:
            raise ValidationError(
                f"Version {agreement.version} has been replaced by version {latest.version}: "
                "read and sign that one."
            )
        if agreement.signatures.filter(person=me).exists():
            raise ValidationError("You have already signed this version.")
        if _normalised(typed_name) != _normalised(me.full_name):
            wanted = f"Type your full name as it is on your staff record: {me.full_name}."
            raise ValidationError({"typed_name": wanted})
        signature = Signature(
            agreement=agreement, person=me, typed_name=" ".join(typed_name.split()), signed_in_as=by
        )
        signature.full_clean()
        signature.save()
        record_change(
            by=by,
            content=Content.AGREEMENT,
            obj=agreement,
            relationship=relationship,
            action="sign",
            note=f"version {agreement.version}",
        )
        if agreement_signed_by_all(relationship):
            # An update, not save(): the model refuses to save a version anyone has signed.
            Agreement.objects.filter(pk=agreement.pk).update(locked_at=timezone.now())
            risks_check_one(relationship=relationship)
            if relationship.status == Relationship.Status.PROPOSED:
                pairing.start_when_ready(relationship)
            _planned_end_from(agreement, relationship)
    return signature


def _planned_end_from(agreement, relationship):
    """Where the programme leaves the length open, the signed agreement's months give the
    planned end, counted from the start (001 Appendix A §1: it ends on a pre-determined date)."""
    relationship.refresh_from_db(fields=["status", "started_at", "planned_end_on"])
    months = agreement.length_months
    if relationship.programme.length_max_months or not months or not relationship.started_at:
        return
    if relationship.status != Relationship.Status.ACTIVE:
        return
    start = timezone.localdate(relationship.started_at)
    relationship.planned_end_on = pairing.add_months(start, months)
    relationship.save(update_fields=["planned_end_on"])
    risks_check_one(relationship=relationship)


def _live_member(user, relationship):
    me = staff_member_of(user)
    member = relationship.members.filter(person=me).first() if me else None
    if member is None:
        raise PermissionDenied("Only the people in this relationship write and sign its agreement.")
    if not relationship.is_live:
        raise ValidationError("This relationship has ended: its agreement can no longer change.")
    if not member.is_live:
        raise PermissionDenied("You have left this relationship: its agreement is for the others.")
    return me


def _clauses(data):
    clauses = {name: data[name] for name in CLAUSE_FIELDS if name in data}
    if "aims" in clauses:
        clauses["aims"] = [" ".join(str(aim).split()) for aim in clauses["aims"] or []]
        clauses["aims"] = [aim for aim in clauses["aims"] if aim]
    for name, value in clauses.items():
        if isinstance(value, str):
            clauses[name] = value.strip()
    return clauses


def _values(agreement):
    return {name: getattr(agreement, name) for name in CLAUSE_FIELDS}


def _check(agreement):
    """Every problem at once, each next to its field. The version number and the meeting
    lengths' order are also database constraints; these are the friendly words."""
    errors = {}
    if len(agreement.aims or []) < FEWEST_AIMS:
        errors["aims"] = [f"Write at least {FEWEST_AIMS} aims for the partnership."]
    low, high = agreement.meeting_minutes_min, agreement.meeting_minutes_max
    if low is not None and high is not None and low > high:
        errors["meeting_minutes_max"] = ["The longest meeting cannot be shorter than the shortest."]
    try:
        agreement.full_clean(exclude=["aims"], validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _normalised(name):
    return " ".join((name or "").split()).casefold()
