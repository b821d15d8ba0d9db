"""Looking after a relationship: reviews at the programme's interval (REV-1), concerns raised
with the coordinator in confidence (REL-4), the summary the pair may share with the
mentee's line manager (REL-3), and what a coordinator does about a relationship at risk
(MON-1): a check-in to the pair, a note for the other coordinators, a reason set aside."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import notifications_send
from mentoring.people.models import StaffMember
from mentoring.people.permissions import staff_member_of

from .. import news
from ..models import (
    CheckIn,
    Concern,
    CoordinatorNote,
    Member,
    Relationship,
    Review,
    ReviewAnswer,
    SetAside,
    SharedSummary,
)
from ..permissions import (
    Content,
    Reader,
    coordinates_from_outside,
    coordinators_outside,
    record_change,
)
from .pairing import locked
from .risks import risks_check_one


def review_dates(relationship):
    """When reviews fall due: every interval from the start, up to the planned end."""
    return relationship.review_dates()


def review_open(relationship, person, today, answered=None):
    """The review this person may answer now: their next review (Relationship.next_review_on),
    if it is due or is the next one coming (a pair may review a little early)."""
    if relationship.status != Relationship.Status.ACTIVE:
        return None
    if answered is None:
        answered = set(
            ReviewAnswer.objects.filter(
                review__relationship=relationship, person=person
            ).values_list("review__due_on", flat=True)
        )
    first = relationship.next_review_on(today, answered)
    upcoming = next((d for d in relationship.review_dates() if d > today), None)
    if first is None or (upcoming is not None and first > upcoming):
        return None
    return first


def review_answer(
    *, by, relationship, helping, plan_progress, practical_issues="", agreement_fits=""
):
    """A participant answers the open review (003 §4.5) and, where there is an agreement,
    says whether it is still relevant (004 Annex A). "Not working" reaches the programme's
    coordinators in confidence: they are told who to contact, never what was written."""
    with transaction.atomic():
        relationship = locked(relationship)
        member = _live_member(by, relationship)
        due_on = review_open(relationship, member.person, timezone.localdate())
        if due_on is None:
            raise ValidationError("There is no review to answer at the moment.")
        if not plan_progress.strip():
            raise ValidationError({"plan_progress": "Say how the action plan is going."})
        has_agreement = relationship.agreements.exists()
        if has_agreement and not agreement_fits:
            raise ValidationError(
                {"agreement_fits": "Say whether your mentoring agreement is still relevant."}
            )
        review, _ = Review.objects.get_or_create(relationship=relationship, due_on=due_on)
        answer = ReviewAnswer(
            review=review,
            person=member.person,
            helping=helping,
            plan_progress=plan_progress.strip(),
            practical_issues=practical_issues.strip(),
            agreement_fits=agreement_fits if has_agreement else "",
        )
        answer.full_clean()
        answer.save()
        record_change(
            by=by, content=Content.REVIEW, obj=answer, relationship=relationship, action="create"
        )
        if helping == ReviewAnswer.Helping.NOT_WORKING:
            _tell_coordinators(relationship, Kind.REVIEW_NOT_WORKING, answer.pk)
        risks_check_one(relationship=relationship)
    return answer


def concern_raise(*, by, relationship, text):
    """Either participant alerts the coordinator in confidence (REL-4); the others are not
    told."""
    if not text.strip():
        raise ValidationError({"text": "Say what concerns you."})
    with transaction.atomic():
        relationship = locked(relationship)
        member = _live_member(by, relationship)
        concern = Concern.objects.create(
            relationship=relationship, raised_by=member.person, text=text.strip()
        )
        record_change(
            by=by, content=Content.CONCERN, obj=concern, relationship=relationship, action="create"
        )
        _tell_coordinators(relationship, Kind.CONCERN_RAISED, concern.pk)
        risks_check_one(relationship=relationship)
    return concern


def concern_handle(*, by, concern):
    """A coordinator who is not in the relationship has dealt with a concern; the site
    administrator when every coordinator is in it (REL-4)."""
    if not Reader(by, concern.relationship).handles_concerns:
        raise PermissionDenied(
            "Concerns are dealt with by the programme's coordinators who are not in it."
        )
    with transaction.atomic():
        locked(concern.relationship)  # the order every change to a relationship takes
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        if concern.handled_at:
            raise ValidationError("This concern has already been marked as dealt with.")
        concern.handled_at, concern.handled_by = timezone.now(), staff_member_of(by)
        concern.save(update_fields=["handled_at", "handled_by"])
        record_change(
            by=by, content=Content.CONCERN, obj=concern, relationship=concern.relationship
        )
        risks_check_one(relationship=concern.relationship)
    return concern


def summary_save(*, by, relationship, mentee, text):
    """The pair write the summary together; any change takes it back to a draft, so the
    manager never sees words the mentor has not agreed to (REL-3)."""
    with transaction.atomic():
        relationship = locked(relationship)
        _live_member(by, relationship)
        _mentee_member(relationship, mentee)
        if not text.strip():
            raise ValidationError({"text": "Write the summary you would like to share."})
        summary = SharedSummary.objects.select_for_update().filter(
            relationship=relationship, mentee=mentee
        ).first() or SharedSummary(relationship=relationship, mentee=mentee)
        summary.text, summary.written_at = text.strip(), timezone.now()
        summary.status = SharedSummary.Status.DRAFT
        summary.updated_by, summary.agreed_by, summary.shared_at = staff_member_of(by), None, None
        summary.save()  # the relationship's row lock serialises two first drafts
        record_change(by=by, content=Content.SHARED_SUMMARY, obj=summary, relationship=relationship)
    return summary


def summary_ask(*, by, summary):
    """Only the mentee asks to share it with their line manager."""
    with transaction.atomic():
        summary = _locked_summary(summary)
        if staff_member_of(by) != summary.mentee:
            raise PermissionDenied("Only the mentee can ask to share it with their manager.")
        _live_member(by, summary.relationship)
        named = summary.shared_with_id == summary.mentee.line_manager_id
        if summary.status == SharedSummary.Status.SHARED and named:
            raise ValidationError("It is already shared.")
        summary.status = SharedSummary.Status.ASKED
        summary.shared_with = summary.mentee.line_manager  # whom the mentee's consent names
        summary.save(update_fields=["status", "shared_with", "updated_at"])
        _record(by, summary, "share", "asked")
    return summary


def summary_agree(*, by, summary):
    """A mentor agrees to the mentee's request: the line manager the mentee named when asking,
    still their manager, may read this summary, and nothing else (REL-3; 001, 002 Resource 4)."""
    with transaction.atomic():
        summary = _locked_summary(summary)
        member = _live_member(by, summary.relationship)
        if member.person_id == summary.mentee_id or member.role != Member.Role.MENTOR:
            raise PermissionDenied("The mentor agrees to share what the mentee asked to share.")
        if summary.status != SharedSummary.Status.ASKED:
            raise ValidationError("The mentee has not asked to share this summary.")
        if summary.shared_with_id != summary.mentee.line_manager_id:
            raise ValidationError(
                "The mentee's line manager has changed since they asked: they need to ask again."
            )
        summary.status, summary.agreed_by = SharedSummary.Status.SHARED, member.person
        summary.shared_at = timezone.now()
        summary.save(
            update_fields=["status", "agreed_by", "shared_at", "shared_with", "updated_at"]
        )
        _record(by, summary, "share", "shared")
        if summary.shared_with_id:
            notifications_send(occasions=[news.summary_shared(summary, summary.shared_with_id)])
    return summary


def summary_withdraw(*, by, summary):
    """Either of them stops sharing it, at any time, even after the relationship has ended
    or they have left it; the manager no longer sees it."""
    with transaction.atomic():
        summary = _locked_summary(summary)
        me = staff_member_of(by)
        if me is None or not summary.relationship.members.filter(person=me).exists():
            raise PermissionDenied("Only the people in this relationship can do this.")
        summary.status, summary.shared_at = SharedSummary.Status.WITHDRAWN, None
        summary.save(update_fields=["status", "shared_at", "updated_at"])
        _record(by, summary, "unshare", "withdrawn")
    return summary


def _record(by, summary, action, note):
    record_change(
        by=by,
        content=Content.SHARED_SUMMARY,
        obj=summary,
        relationship=summary.relationship,
        action=action,
        note=note,
    )


def _locked_summary(summary):
    return (
        SharedSummary.objects.select_for_update(of=("self",))
        .select_related("relationship__programme", "mentee__line_manager")
        .get(pk=summary.pk)
    )


def _mentee_member(relationship, person):
    reciprocal = relationship.programme.mentoring_model == "reciprocal"
    members = relationship.members.filter(person=person, is_live=True)
    if not reciprocal:
        members = members.filter(role=Member.Role.MENTEE)
    if not members.exists():
        raise ValidationError("A summary is about one of the mentees in this relationship.")


def _live_member(user, relationship):
    me = staff_member_of(user)
    member = relationship.members.filter(person=me, is_live=True).first() if me else None
    if member is None:
        raise PermissionDenied("Only the people in this relationship can do this.")
    if not relationship.is_live:
        raise ValidationError("This relationship has ended.")
    return member


def _tell_coordinators(relationship, kind, about):
    """The programme's coordinators, apart from any in the relationship itself; the site
    administrators when every coordinator is in it."""
    people = list(coordinators_outside(relationship).values_list("pk", flat=True))
    if not people:
        administrators = StaffMember.objects.filter(user__is_superuser=True, user__is_active=True)
        people = administrators.exclude(memberships__relationship=relationship)
        people = list(people.values_list("pk", flat=True))
    notifications_send(
        occasions=[news.for_the_coordinator(relationship, kind, about, p) for p in people]
    )


# Acting on a relationship at risk (MON-1)

CHECK_IN_MESSAGE = (
    "How is your mentoring going? If anything is getting in the way, such as finding time "
    "to meet, let me know and we can sort it out together. You do not need to tell me what "
    "you talk about."
)
SET_ASIDE_AT_MOST = timedelta(days=183)
JUST_SENT = timedelta(minutes=10)


def check_in_send(*, by, relationship, message) -> CheckIn:
    """A coordinator outside the relationship asks the people in it how it is going: each is
    told once, by notification and email, and the check-in records who sent it, when and to
    whom."""
    message = message.strip()
    with transaction.atomic():
        relationship = locked(relationship)
        sender = _coordinator_acting(by, relationship)
        check_in = CheckIn(relationship=relationship, sent_by=sender, message=message)
        if not message:
            raise ValidationError({"message": "Write the message to send."})
        if _just_sent(relationship, sender, message):
            raise ValidationError("You sent this check-in a moment ago; it was sent once.")
        check_in.full_clean()
        check_in.save()
        people = [m.person_id for m in relationship.members.all() if m.is_live]
        check_in.sent_to.set(people)
        notifications_send(occasions=[news.check_in(check_in, p) for p in people])
    return check_in


def _just_sent(relationship, sender, message):
    """The same words from the same coordinator in the last few minutes: a second press of
    the button, not a second check-in."""
    recently = timezone.now() - JUST_SENT
    return relationship.check_ins.filter(
        sent_by=sender, message=message, sent_at__gte=recently
    ).exists()


def coordinator_note_add(*, by, relationship, text) -> CoordinatorNote:
    """A note only the programme's coordinators outside the relationship read; audited."""
    if not Reader(by, relationship).can_read(Content.COORDINATOR_NOTE):
        raise PermissionDenied("Notes are for the programme's coordinators who are not in it.")
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    with transaction.atomic():
        relationship = locked(relationship)
        if relationship.content_erased_at:  # retention has been: it would never be erased
            raise ValidationError("What was written here has been erased; no notes are kept.")
        note = CoordinatorNote(
            relationship=relationship, written_by=staff_member_of(by), text=text.strip()
        )
        note.full_clean()
        note.save()
        record_change(
            by=by,
            content=Content.COORDINATOR_NOTE,
            obj=note,
            relationship=relationship,
            action="create",
        )
    return note


def risk_set_aside(*, by, relationship, reason, until, why) -> SetAside:
    """A coordinator sets one reason aside until a day within six months: it is not flagged
    before that day and comes back then if it still applies."""
    today = timezone.localdate()
    with transaction.atomic():
        relationship = locked(relationship)
        person = _coordinator_acting(by, relationship)
        if reason not in SetAside.Reason.values or not getattr(relationship, reason):
            raise ValidationError({"reason": "Choose a reason that applies to it now."})
        if until is None or not today < until <= today + SET_ASIDE_AT_MOST:
            raise ValidationError(
                {"until": "Choose a date after today and no more than six months away."}
            )
        if not why.strip():
            raise ValidationError({"why": "Say why it can wait."})
        set_aside = SetAside(
            relationship=relationship, reason=reason, until=until, why=why.strip(), set_by=person
        )
        set_aside.full_clean()
        set_aside.save()
        record_change(
            by=by,
            content=Content.COORDINATOR_NOTE,
            obj=set_aside,
            relationship=relationship,
            action="create",
            note=f"set aside until {until:%-d %B %Y}",
        )
        risks_check_one(relationship=relationship)
    return set_aside


def risk_set_aside_end(*, by, set_aside):
    """A coordinator brings a reason set aside back before its date: it is flagged again now
    if it still applies."""
    today = timezone.localdate()
    with transaction.atomic():
        relationship = locked(set_aside.relationship)
        _coordinator_acting(by, relationship)
        set_aside = SetAside.objects.select_for_update().get(pk=set_aside.pk)
        if set_aside.until <= today:
            raise ValidationError("This reason is no longer set aside.")
        set_aside.until = today
        set_aside.save(update_fields=["until"])
        record_change(
            by=by,
            content=Content.COORDINATOR_NOTE,
            obj=set_aside,
            relationship=relationship,
            note="brought back before its date",
        )
        risks_check_one(relationship=relationship)
    return set_aside


def _coordinator_acting(user, relationship):
    """The programme's coordinator, not in the relationship, acting on it while it is live."""
    reader = Reader(user, relationship)
    if not coordinates_from_outside(reader):
        raise PermissionDenied("Only the programme's coordinators who are not in it can do this.")
    if not relationship.is_live:
        raise ValidationError("This relationship has ended.")
    return reader.person
