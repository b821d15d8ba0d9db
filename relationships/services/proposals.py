"""The coordinator's "propose matches" (MATCH-2): the best set of pairings for everyone
waiting, first as many mentees matched as possible, then the highest total score; then the
coordinator's edits and bulk approval."""

from datetime import timedelta

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.people.permissions import staff_member_of
from programmes.models import Programme
from programmes.permissions import can_manage_programme

from ..compatibility import score_matrix
from ..matching.solver import best_matching
from ..models import MatchRun, Proposal
from ..rules import Facts, pairing_refusals
from ..selectors import mentors_with_room, waiting_mentees
from ..tasks import propose_matches
from .pairing import pair

STALE_AFTER = timedelta(minutes=15)
SOLVED_MODELS = [*Programme.MODELS_WITH_ONE_MENTEE, Programme.Model.GROUP]


def match_run_start(*, by, programme):
    """Queue a matching run; only one at a time per programme."""
    _check_manager(by, programme)
    if programme.mentoring_model not in SOLVED_MODELS:
        raise ValidationError("In this model the coordinator forms each group by hand.")
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=programme.pk)
        unfinished = programme.match_runs.filter(
            status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
        )
        # A run that never finished (its worker stopped) must not block the programme for ever.
        unfinished.filter(created_at__lt=timezone.now() - STALE_AFTER).update(
            status=MatchRun.Status.FAILED, step="It did not finish; please try again."
        )
        if unfinished.exists():
            raise ValidationError("Matching is already being worked out for this programme.")
        run = MatchRun.objects.create(programme=programme, started_by=staff_member_of(by))
        propose_matches.delay_on_commit(run_id=run.pk)
    return run


def proposals_make(*, run_id):
    """Work out proposals for a run, keeping the coordinator's pinned pairings. Idempotent: a
    run already finished is left alone."""
    run = MatchRun.objects.select_related("programme").get(pk=run_id)
    if run.is_finished:
        return run
    programme = run.programme
    try:
        _progress(run, 10, "Reading who is waiting and who has room")
        mentees, mentors = list(waiting_mentees(programme)), list(mentors_with_room(programme))
        facts = Facts.load(programme, [*mentees, *mentors])
        allowed = facts.allowed_matrix(mentees, mentors)
        _progress(run, 30, "Scoring every possible pairing")
        scores = score_matrix(programme, mentees, mentors)
        _progress(run, 60, "Finding the best set of pairings")
        capacity = [mentor_room(programme, m) for m in mentors]
        pins = _pins(programme, mentees, mentors, allowed, capacity)
        chosen = _whole_groups(programme, best_matching(scores, allowed, capacity, pinned=pins))
        _progress(run, 90, "Saving the proposals")
        with transaction.atomic():
            Programme.objects.select_for_update().get(pk=programme.pk)
            # Someone may have been paired while this ran: propose only those still waiting.
            still_waiting = set(waiting_mentees(programme).values_list("pk", flat=True))
            chosen = [
                j if m.pk in still_waiting else -1 for m, j in zip(mentees, chosen, strict=True)
            ]
            chosen = np.array(chosen, dtype=np.int64)
            programme.proposals.all().delete()
            Proposal.objects.bulk_create(
                Proposal(
                    programme=programme,
                    mentee_application=mentee,
                    mentor_application=mentors[j],
                    score=int(scores[i, j]),
                    is_pinned=(i, j) in pins,
                )
                for i, (mentee, j) in enumerate(zip(mentees, chosen, strict=True))
                if j >= 0
            )
        matched = int((chosen >= 0).sum())
        run.summary = _summary(matched, len(mentees), int(allowed.any(axis=1).sum()))
        run.status, run.progress, run.step = MatchRun.Status.DONE, 100, ""
    except Exception:
        run.status, run.step = MatchRun.Status.FAILED, "Something went wrong; please try again."
        raise
    finally:
        run.finished_at = timezone.now()
        # Saved only while still running: a run given up as stale stays failed.
        MatchRun.objects.filter(pk=run.pk, status=MatchRun.Status.RUNNING).update(
            status=run.status,
            progress=run.progress,
            step=run.step,
            summary=run.summary,
            finished_at=run.finished_at,
        )
    return run


def _progress(run, percent, step):
    run.status, run.progress, run.step = MatchRun.Status.RUNNING, percent, step
    MatchRun.objects.filter(pk=run.pk).exclude(status=MatchRun.Status.FAILED).update(
        status=run.status, progress=percent, step=step
    )


def _whole_groups(programme, chosen):
    """In the group model, a mentor's proposals form one group: drop groups smaller than the
    programme's smallest, whose mentees then wait for the next run or a group formed by hand."""
    if programme.mentoring_model != Programme.Model.GROUP or programme.group_size_min < 2:
        return chosen
    sizes = np.bincount(chosen[chosen >= 0], minlength=1)
    too_small = np.flatnonzero((sizes > 0) & (sizes < programme.group_size_min))
    return np.where(np.isin(chosen, too_small), -1, chosen)


def mentor_room(programme, mentor):
    if programme.mentoring_model == Programme.Model.GROUP:
        return min(mentor.places_left, programme.group_size_max)
    return mentor.places_left


def _pins(programme, mentees, mentors, allowed, capacity):
    """Pinned proposals still allowed and within the mentor's room, as (mentee index, mentor
    index)."""
    mentee_index = {m.pk: i for i, m in enumerate(mentees)}
    mentor_index = {m.pk: j for j, m in enumerate(mentors)}
    pinned = programme.proposals.filter(is_pinned=True).values_list(
        "mentee_application_id", "mentor_application_id"
    )
    pins, room = set(), list(capacity)
    for a, b in pinned:
        i, j = mentee_index.get(a), mentor_index.get(b)
        if i is not None and j is not None and allowed[i, j] and room[j] > 0:
            pins.add((i, j))
            room[j] -= 1
    return pins


def _summary(matched, waiting, could_be):
    words = f"Proposed {matched} pairing{'s' if matched != 1 else ''} for {waiting} waiting."
    if could_be < waiting:
        words += f" {waiting - could_be} cannot be paired with any mentor under the hard rules."
    return words


def proposal_pin(*, by, proposal, pinned):
    _check_manager(by, proposal.programme)
    _check_no_run(proposal.programme)
    proposal.is_pinned = pinned
    proposal.save(update_fields=["is_pinned"])
    return proposal


def proposal_remove(*, by, proposal):
    _check_manager(by, proposal.programme)
    _check_no_run(proposal.programme)
    proposal.delete()


def proposal_change(*, by, proposal, mentor_application, displacing=None):
    """Give a proposed mentee another mentor, within every rule and the mentor's room. A full
    mentor makes way by giving up `displacing`, one of their unpinned proposals, whose mentee
    is then unmatched."""
    programme = proposal.programme
    _check_manager(by, programme)
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=programme.pk)
        leaving = [proposal]
        if displacing is not None:
            displacing = Proposal.objects.select_related("mentee_application__applicant").get(
                pk=displacing.pk
            )
            _check_displacing(proposal, mentor_application, displacing)
            leaving.append(displacing)
        _check_pairing(programme, mentor_application, proposal.mentee_application, leaving)
        if displacing is not None:
            displacing.delete()
        proposal.mentor_application = mentor_application
        proposal.score = int(
            score_matrix(programme, [proposal.mentee_application], [mentor_application])[0, 0]
        )
        proposal.save()
    return proposal


def _check_displacing(proposal, mentor_application, displacing):
    if displacing.pk == proposal.pk or displacing.mentor_application_id != mentor_application.pk:
        raise ValidationError("Only one of the chosen mentor's own proposals can make way.")
    if displacing.is_pinned:
        name = displacing.mentee_application.applicant.full_name
        raise ValidationError(f"{name}'s proposal is pinned; unpin it first.")


def proposals_swap(*, by, first, second):
    """Exchange the mentors of two proposals."""
    programme = first.programme
    _check_manager(by, programme)
    if first.programme_id != second.programme_id or first.pk == second.pk:
        raise ValidationError("Choose two different proposals of the same programme.")
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=programme.pk)
        a, b = first.mentor_application, second.mentor_application
        _check_pairing(programme, b, first.mentee_application, [first, second])
        _check_pairing(programme, a, second.mentee_application, [first, second])
        pairs = [(first, b), (second, a)]
        for proposal, mentor in pairs:
            proposal.mentor_application = mentor
            proposal.score = int(
                score_matrix(programme, [proposal.mentee_application], [mentor])[0, 0]
            )
            proposal.save()
    return first, second


def proposals_approve(*, by, programme, proposals):
    """Turn proposals into proposed relationships, each on its own: one refused pairing (a
    line manager not asked yet, 000 §3.2, among them) does not stop the rest. Group
    programmes make one group per mentor. Returns (made, refusals)."""
    _check_manager(by, programme)
    _check_no_run(programme)
    made, refusals = [], []
    for mentor, mentees in _by_relationship(programme, proposals):
        try:
            made.append(
                pair(
                    programme=programme,
                    mentor_ids=[mentor.pk],
                    mentee_ids=[m.pk for m in mentees],
                    created_by=staff_member_of(by),
                )
            )
        except ValidationError as error:
            refusals += error.messages
    return made, refusals


def _by_relationship(programme, proposals):
    proposals = list(proposals)
    if programme.mentoring_model != Programme.Model.GROUP:
        return [(p.mentor_application, [p.mentee_application]) for p in proposals]
    groups = {}
    for p in proposals:
        groups.setdefault(p.mentor_application, []).append(p.mentee_application)
    return list(groups.items())


def _check_pairing(programme, mentor, mentee, leaving):
    """Every hard rule, and room for one more beside the mentor's other proposals. Group
    sizes are checked when the group is approved."""
    _check_no_run(programme)
    refusals = pairing_refusals(programme, [mentor], [mentee], sizes=False)
    others = mentor.proposals_as_mentor.exclude(pk__in=[p.pk for p in leaving]).count()
    if others + 1 > mentor_room(programme, mentor):
        refusals.append(f"{mentor.applicant.full_name} has no room for another mentee.")
    if refusals:
        raise ValidationError(refusals)


def _check_no_run(programme):
    unfinished = [MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
    if programme.match_runs.filter(status__in=unfinished).exists():
        raise ValidationError("Wait until the matches being worked out are ready.")


def _check_manager(user, programme):
    if not can_manage_programme(user, programme):
        raise PermissionDenied("Only this programme's coordinators can do this.")
    if programme.is_archived:
        raise ValidationError("This programme is archived; nothing about it can change.")
