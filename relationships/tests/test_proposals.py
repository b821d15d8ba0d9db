"""The coordinator's "propose matches" (MATCH-2): optimal proposals, explained, edited and
approved in bulk."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programmes.models import Area
from relationships.compatibility import explain
from relationships.models import MatchRun, Proposal, Relationship
from relationships.services.proposals import (
    match_run_start,
    proposal_change,
    proposal_pin,
    proposal_remove,
    proposals_approve,
    proposals_swap,
)
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching


@pytest.fixture
def tight(coordinator):
    """Two mentors with one place each. Ann fits Xavi best, but Ben is managed by Yusuf, so
    only Xavi can take Ben: a greedy pass pairs Ann with Xavi and leaves Ben out."""
    programme = programme_for_matching(coordinator)
    leadership, finance = (
        Area.objects.create(name="Leadership"),
        Area.objects.create(name="Finance"),
    )
    yusuf = StaffMemberFactory(first_name="Yusuf")
    people = {
        "xavi": accepted(programme, StaffMemberFactory(first_name="Xavi"), "mentor"),
        "yusuf": accepted(programme, yusuf, "mentor"),
        "ann": accepted(programme, StaffMemberFactory(first_name="Ann"), "mentee"),
        "ben": accepted(
            programme, StaffMemberFactory(first_name="Ben", line_manager=yusuf), "mentee"
        ),
    }
    people["xavi"].areas_offered.set([leadership])
    people["yusuf"].areas_offered.set([finance])
    people["ann"].areas_wanted.set([leadership])
    people["ben"].areas_wanted.set([finance])
    return programme, people


def propose(coordinator, programme, capture):
    with capture(execute=True):
        run = match_run_start(by=coordinator.user, programme=programme)
    run.refresh_from_db()
    return run


def proposed(programme):
    return {
        p.mentee_application.applicant.first_name: p.mentor_application.applicant.first_name
        for p in programme.proposals.select_related(
            "mentee_application__applicant", "mentor_application__applicant"
        )
    }


def test_everyone_who_can_be_matched_is(coordinator, tight, django_capture_on_commit_callbacks):
    programme, _ = tight
    run = propose(coordinator, programme, django_capture_on_commit_callbacks)
    assert (run.status, run.progress) == (MatchRun.Status.DONE, 100)
    assert run.summary == "Proposed 2 pairings for 2 waiting."
    assert proposed(programme) == {"Ann": "Yusuf", "Ben": "Xavi"}


def test_a_pin_is_kept_when_the_rest_is_worked_out_again(
    coordinator, tight, django_capture_on_commit_callbacks
):
    programme, people = tight
    propose(coordinator, programme, django_capture_on_commit_callbacks)
    ann = programme.proposals.get(mentee_application=people["ann"])
    proposal_remove(
        by=coordinator.user, proposal=programme.proposals.get(mentee_application=people["ben"])
    )
    proposal_change(by=coordinator.user, proposal=ann, mentor_application=people["xavi"])
    assert proposed(programme) == {"Ann": "Xavi"}
    proposal_pin(by=coordinator.user, proposal=ann, pinned=True)
    run = propose(coordinator, programme, django_capture_on_commit_callbacks)
    assert proposed(programme) == {"Ann": "Xavi"}
    assert "Proposed 1 pairing for 2 waiting" in run.summary
    assert programme.proposals.get().is_pinned


def test_changes_keep_to_the_hard_rules(coordinator, tight, django_capture_on_commit_callbacks):
    programme, people = tight
    propose(coordinator, programme, django_capture_on_commit_callbacks)
    ann = programme.proposals.get(mentee_application=people["ann"])
    ben = programme.proposals.get(mentee_application=people["ben"])
    with pytest.raises(ValidationError, match="directly line manage"):
        proposals_swap(by=coordinator.user, first=ann, second=ben)
    with pytest.raises(ValidationError, match="no room for another mentee"):
        proposal_change(by=coordinator.user, proposal=ann, mentor_application=people["xavi"])
    assert proposed(programme) == {"Ann": "Yusuf", "Ben": "Xavi"}


def test_a_swap_exchanges_mentors_and_rescores(coordinator, programme):
    mentors = [accepted(programme, StaffMemberFactory(), "mentor") for _ in "ab"]
    mentees = [accepted(programme, StaffMemberFactory(), "mentee") for _ in "ab"]
    first, second = (
        Proposal.objects.create(
            programme=programme, mentee_application=mentee, mentor_application=mentor, score=0
        )
        for mentee, mentor in zip(mentees, mentors, strict=True)
    )
    proposals_swap(by=coordinator.user, first=first, second=second)
    first.refresh_from_db()
    assert first.mentor_application == mentors[1] and first.score > 0


def test_approval_makes_proposed_relationships(
    coordinator, tight, django_capture_on_commit_callbacks
):
    programme, _ = tight
    propose(coordinator, programme, django_capture_on_commit_callbacks)
    made, refusals = proposals_approve(
        by=coordinator.user, programme=programme, proposals=programme.proposals.all()
    )
    assert (len(made), refusals) == (2, [])
    assert set(Relationship.objects.values_list("status", flat=True)) == {"proposed"}
    assert not programme.proposals.exists()


def test_one_refused_approval_does_not_stop_the_rest(coordinator, tight):
    programme, people = tight
    good = Proposal.objects.create(
        programme=programme,
        mentee_application=people["ann"],
        mentor_application=people["xavi"],
        score=80,
    )
    forbidden = Proposal.objects.create(  # written past the rules, as if stale
        programme=programme,
        mentee_application=people["ben"],
        mentor_application=people["yusuf"],
        score=80,
    )
    made, refusals = proposals_approve(
        by=coordinator.user, programme=programme, proposals=[good, forbidden]
    )
    assert len(made) == 1
    assert "directly line manage" in refusals[0]


def test_a_group_programme_approves_one_group_per_mentor(
    coordinator, django_capture_on_commit_callbacks
):
    programme = programme_for_matching(
        coordinator, mentoring_model="group", group_size_min=2, group_size_max=3, mentor_capacity=3
    )
    accepted(programme, StaffMemberFactory(), "mentor", capacity=3)
    for _ in range(3):
        accepted(programme, StaffMemberFactory(), "mentee")
    propose(coordinator, programme, django_capture_on_commit_callbacks)
    made, _ = proposals_approve(
        by=coordinator.user, programme=programme, proposals=programme.proposals.all()
    )
    assert len(made) == 1 and made[0].members.count() == 4


def test_only_one_run_at_a_time_and_only_by_its_coordinators(coordinator, programme, colleague):
    with pytest.raises(PermissionDenied):
        match_run_start(by=colleague.user, programme=programme)
    match_run_start(by=coordinator.user, programme=programme)
    with pytest.raises(ValidationError, match="already being worked out"):
        match_run_start(by=coordinator.user, programme=programme)


def test_each_score_is_explained_in_words(tight):
    programme, people = tight
    explanation = explain(programme, people["ann"], people["xavi"])
    words = {factor.label: factor.words for factor in explanation.factors}
    assert words["Areas wanted and offered"] == "Both chose leadership"
    assert 0 <= explanation.score <= 100
    assert explain(programme, people["ann"], people["yusuf"]).score < explanation.score


def test_a_run_that_never_finished_does_not_block_the_programme(coordinator, programme):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    stuck = match_run_start(by=coordinator.user, programme=programme)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        match_run_start(by=coordinator.user, programme=programme)
    stuck.refresh_from_db()
    assert stuck.status == MatchRun.Status.FAILED


def test_nobody_is_paired_in_a_programme_that_is_not_running(coordinator, tight):
    from programmes.services.programmes import programme_set_status

    programme, people = tight
    programme_set_status(by=coordinator.user, programme=programme, status="closed")
    proposal = Proposal.objects.create(
        programme=programme,
        mentee_application=people["ann"],
        mentor_application=people["yusuf"],
        score=50,
    )
    made, refusals = proposals_approve(
        by=coordinator.user, programme=programme, proposals=[proposal]
    )
    assert made == [] and "not running" in refusals[0]
