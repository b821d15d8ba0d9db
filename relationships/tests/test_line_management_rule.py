"""The line-management rule as each policy writes it: nobody mentors someone they directly
line manage, in every programme (003 §4.3); the whole management chain only where the
programme's policy keeps mentoring out of the reporting line (001, 002)."""

import pytest
from django.core.exceptions import ValidationError

from programmes.presets import PRESETS
from relationships.rules import Facts
from relationships.selectors import directory_for
from relationships.services.pairing import line_management_check, pair
from tests.matching import accepted, paired, programme_for_matching


@pytest.fixture
def direct_only(coordinator):
    return programme_for_matching(coordinator, matching_mode="directory")


@pytest.fixture
def whole_chain(coordinator):
    return programme_for_matching(
        coordinator, matching_mode="directory", whole_management_chain_barred=True
    )


def may_pair(mentor, mentee):
    facts = Facts.load(mentor.programme, [mentor, mentee])
    return bool(facts.allowed_matrix([mentee], [mentor])[0, 0])


def test_a_line_manager_never_mentors_their_own_report(direct_only, staff_member, line_manager):
    mentor = accepted(direct_only, line_manager, "mentor")
    mentee = accepted(direct_only, staff_member, "mentee")
    with pytest.raises(ValidationError, match="directly line manage"):
        pair(programme=direct_only, mentor_ids=[mentor.pk], mentee_ids=[mentee.pk])
    assert not may_pair(mentor, mentee)
    assert not directory_for(mentee).filter(pk=mentor.pk).exists()


def test_a_director_may_mentor_someone_two_levels_down_where_only_direct_is_barred(
    direct_only, staff_member, director
):
    mentor = accepted(direct_only, director, "mentor")
    mentee = accepted(direct_only, staff_member, "mentee")
    assert may_pair(mentor, mentee)
    assert directory_for(mentee).filter(pk=mentor.pk).exists()
    assert paired(mentor, mentee).members.count() == 2


def test_a_reverse_pair_across_the_chain_is_possible_where_only_direct_is_barred(
    coordinator, staff_member, director
):
    programme = programme_for_matching(coordinator, mentoring_model="reverse", mentor_capacity=1)
    mentor = accepted(programme, staff_member, "mentor")  # the junior mentors the director
    mentee = accepted(programme, director, "mentee")
    assert may_pair(mentor, mentee)
    assert paired(mentor, mentee).members.count() == 2


def test_the_whole_chain_is_barred_where_the_programme_says_so(whole_chain, staff_member, director):
    mentor = accepted(whole_chain, director, "mentor")
    mentee = accepted(whole_chain, staff_member, "mentee")
    with pytest.raises(ValidationError, match="same line-management chain"):
        pair(programme=whole_chain, mentor_ids=[mentor.pk], mentee_ids=[mentee.pk])
    assert not may_pair(mentor, mentee)
    assert not directory_for(mentee).filter(pk=mentor.pk).exists()


@pytest.mark.parametrize("barred", [False, True])
def test_a_move_that_puts_a_mentor_above_the_mentee_is_flagged_by_the_programmes_rule(
    coordinator, staff_member, line_manager, colleague, barred
):
    programme = programme_for_matching(coordinator, whole_management_chain_barred=barred)
    mentor = accepted(programme, colleague, "mentor")
    mentee = accepted(programme, staff_member, "mentee")
    relationship = paired(mentor, mentee)
    line_manager.line_manager = colleague  # the mentor is now the mentee's manager's manager
    line_manager.save()
    assert line_management_check(people=[line_manager.pk, staff_member.pk]) == int(barred)
    relationship.refresh_from_db()
    assert bool(relationship.review_needed) == barred


def test_a_move_that_makes_the_mentor_the_direct_manager_is_always_flagged(
    direct_only, staff_member, colleague
):
    relationship = paired(
        accepted(direct_only, colleague, "mentor"), accepted(direct_only, staff_member, "mentee")
    )
    staff_member.line_manager = colleague
    staff_member.save()
    assert line_management_check(people=[staff_member.pk]) == 1
    relationship.refresh_from_db()
    assert "line manage" in relationship.review_needed


@pytest.mark.parametrize(
    "preset, barred",
    [
        ("west-suffolk", False),  # 000: silent
        ("fun-foundations", True),  # 001: "a private and non-reporting relationship"
        ("sssc-peer", True),  # 002: "a private, nonreporting relationship"; Pitfall 8
        ("cleveland-traditional", False),  # 003 §4.3: "any direct line management"
        ("cleveland-reverse", False),  # 003 §4.3
        ("nhs-traditional", False),  # 004: silent
        ("nhs-reciprocal", False),  # 004: silent
    ],
)
def test_each_preset_bars_the_whole_chain_only_where_its_policy_says_so(preset, barred):
    assert PRESETS[preset]["rules"]["whole_management_chain_barred"] is barred
