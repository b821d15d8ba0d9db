"""Behaviour a review of the matching work asked for, each with the case that was wrong."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.services.applications import application_withdraw
from relationships.models import MentorRequest, Proposal, Relationship
from relationships.rules import Facts, pairing_refusals
from relationships.selectors import waiting_mentees
from relationships.services.pairing import (
    end,
    introduction_answer,
    line_management_check,
    pair,
    rematch_request,
)
from relationships.services.requests import request_send
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, trained


@pytest.fixture
def group(coordinator):
    programme = programme_for_matching(
        coordinator,
        mentoring_model="group",
        group_size_min=1,
        group_size_max=3,
        mentor_capacity=3,
        agreement_required=False,  # starting on yes alone; the agreement's part is elsewhere
    )
    mentor = accepted(programme, StaffMemberFactory(), "mentor", capacity=3)
    mentees = [accepted(programme, StaffMemberFactory(), "mentee") for _ in range(3)]
    relationship = pair(
        programme=programme, mentor_ids=[mentor.pk], mentee_ids=[m.pk for m in mentees]
    )
    return relationship, mentor, mentees


def test_a_mentees_no_takes_only_them_out_of_a_group(group):
    relationship, mentor, (a, b, c) = group
    for person in [mentor, a, b]:
        introduction_answer(by=person.applicant.user, relationship=relationship, goes_ahead=True)
    introduction_answer(
        by=c.applicant.user, relationship=relationship, goes_ahead=False, reason="time"
    )
    relationship.refresh_from_db()
    mentor.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE
    assert mentor.places_taken == 2
    assert list(waiting_mentees(mentor.programme)) == [c]
    assert Facts.load(mentor.programme, [mentor, a]).pair_refusals(mentor, a) == []
    assert "paired before" in " ".join(pairing_refusals(mentor.programme, [mentor], [c]))


def test_ending_a_group_after_a_mentee_left_frees_only_the_places_still_taken(group):
    relationship, mentor, (a, b, c) = group
    for person in [mentor, a, b]:
        introduction_answer(by=person.applicant.user, relationship=relationship, goes_ahead=True)
    introduction_answer(
        by=c.applicant.user, relationship=relationship, goes_ahead=False, reason="time"
    )
    end(relationship=relationship, ending="completed", reason="goals_achieved")
    mentor.refresh_from_db()
    assert mentor.places_taken == 0


def test_a_mentee_leaving_a_group_for_a_rematch_leaves_the_rest_together(group):
    relationship, mentor, (a, b, c) = group
    rematch_request(by=a.applicant.user, relationship=relationship, reason="needs_changed")
    relationship.refresh_from_db()
    assert relationship.is_live
    assert relationship.members.filter(is_live=True).count() == 3
    facts = Facts.load(mentor.programme, [mentor, b])
    assert facts.pair_refusals(mentor, b) == []


def test_training_for_one_role_does_not_count_for_the_other(coordinator, colleague):
    programme = programme_for_matching(
        coordinator, mentor_training_required=True, mentee_induction_required=True
    )
    trained(colleague)  # mentor training, not the induction
    as_mentor = accepted(programme, colleague, "mentor")
    as_mentee = accepted(programme, colleague, "mentee")
    facts = Facts.load(programme, [as_mentor, as_mentee])
    assert facts.person_refusals(as_mentor) == []
    assert "has not completed mentee induction" in facts.person_refusals(as_mentee)[0]


def test_an_ended_pair_is_not_paired_the_other_way_round(coordinator, colleague, staff_member):
    programme = programme_for_matching(coordinator, mentoring_model="reciprocal")
    first = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    end(relationship=first, ending="rematch", reason="other")
    second = programme_for_matching(coordinator, mentoring_model="reciprocal")
    mentor, mentee = accepted(second, staff_member, "mentor"), accepted(second, colleague, "mentee")
    with pytest.raises(ValidationError, match="paired before"):
        paired(mentor, mentee)
    assert not Facts.load(second, [mentor, mentee]).allowed_matrix([mentee], [mentor])[0, 0]


def test_withdrawing_lets_go_of_pairings_requests_and_proposals(mentor, mentee, other_mentees):
    relationship = paired(mentor, mentee)
    waiting = MentorRequest.objects.create(
        mentee_application=other_mentees[0],
        mentor_application=mentor,
        expires_at=timezone.now() + timedelta(days=3),
    )
    Proposal.objects.create(
        programme=mentor.programme,
        mentee_application=other_mentees[1],
        mentor_application=mentor,
        score=40,
    )
    application_withdraw(by=mentor.applicant.user, application=mentor)
    relationship.refresh_from_db()
    waiting.refresh_from_db()
    assert (relationship.ending, relationship.end_reason) == ("ended_early", "left")
    assert waiting.status == MentorRequest.Status.DECLINED
    assert not Proposal.objects.exists()
    assert mentee in waiting_mentees(mentee.programme)


def test_a_lapsed_request_may_be_sent_again_before_any_sweep(mentor, mentee):
    request_send(by=mentee.applicant.user, mentor_application=mentor)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        again = request_send(by=mentee.applicant.user, mentor_application=mentor)
        assert again.status == MentorRequest.Status.PENDING
        assert MentorRequest.objects.filter(status="expired").count() == 1


def test_no_directory_and_no_biographies_where_the_coordinator_matches(
    client, coordinator, staff_member
):
    programme = programme_for_matching(coordinator)
    accepted(programme, staff_member, "mentee")
    mentor = accepted(programme, StaffMemberFactory(), "mentor")
    client.force_login(staff_member.user)
    assert client.get(reverse("relationships:request_new", args=[mentor.pk])).status_code == 404
    assert client.get(reverse("relationships:directory", args=[programme.pk])).status_code == 404


def test_a_reviewed_relationship_is_not_flagged_again_by_unrelated_moves(mentor, mentee, colleague):
    from mentoring.people.models import StaffMember

    relationship = paired(mentor, mentee)
    StaffMember.objects.filter(pk=mentee.applicant_id).update(line_manager=mentor.applicant)
    assert line_management_check(people=[mentee.applicant_id]) == 1
    Relationship.objects.filter(pk=relationship.pk).update(review_needed="")  # reviewed
    assert line_management_check(people=[StaffMemberFactory().pk]) == 0


def test_a_flagged_pairing_waits_for_the_review_before_going_ahead(mentor, mentee):
    relationship = paired(mentor, mentee)
    Relationship.objects.filter(pk=relationship.pk).update(review_needed="New link.")
    with pytest.raises(ValidationError, match="reviewed"):
        introduction_answer(by=mentee.applicant.user, relationship=relationship, goes_ahead=True)


def test_typed_in_words_for_ids_are_not_errors(client, coordinator, programme):
    client.force_login(coordinator.user)
    url = reverse("relationships:group_new", args=[programme.pk])
    assert client.get(url, {"mentor": "abc"}).status_code == 200
    mentee = accepted(programme, StaffMemberFactory(), "mentee")
    mentor = accepted(programme, StaffMemberFactory(), "mentor")
    proposal = Proposal.objects.create(
        programme=programme, mentee_application=mentee, mentor_application=mentor, score=1
    )
    change = reverse("relationships:proposal_change", args=[proposal.pk])
    assert client.post(change, {"mentor": "abc"}).status_code == 404


def test_the_solver_leaves_out_groups_smaller_than_the_smallest(
    coordinator, django_capture_on_commit_callbacks
):
    from relationships.services.proposals import match_run_start

    programme = programme_for_matching(
        coordinator, mentoring_model="group", group_size_min=2, group_size_max=2, mentor_capacity=2
    )
    for _ in range(2):
        accepted(programme, StaffMemberFactory(), "mentor", capacity=2)
    for _ in range(3):
        accepted(programme, StaffMemberFactory(), "mentee")
    with django_capture_on_commit_callbacks(execute=True):
        match_run_start(by=coordinator.user, programme=programme)
    # Three mentees, groups of exactly two: one whole group, and the third waits.
    mentors = programme.proposals.values_list("mentor_application", flat=True).distinct()
    assert programme.proposals.count() == 2 and mentors.count() == 1


def test_a_request_that_could_never_make_a_whole_group_is_refused_with_the_reason(coordinator):
    programme = programme_for_matching(
        coordinator,
        matching_mode="directory",
        mentoring_model="group",
        group_size_min=2,
        group_size_max=3,
    )
    mentor = accepted(programme, StaffMemberFactory(), "mentor", capacity=3)
    mentee = accepted(programme, StaffMemberFactory(), "mentee")
    with pytest.raises(ValidationError, match="2 to 3 mentees"):
        request_send(by=mentee.applicant.user, mentor_application=mentor)
