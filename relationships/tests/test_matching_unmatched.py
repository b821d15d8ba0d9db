"""The matching page lists everyone left unmatched, with the reason in plain words worked out
from the solver's own rules, what would help, counted, and the mentors with places left over."""

import random

import pytest
from django.urls import reverse

from programmes.models import Area
from relationships.models import Proposal
from relationships.services.pairing import end
from relationships.services.proposals import match_run_start
from relationships.unmatched import unmatched_in
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, trained


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, mentor_capacity=2)


@pytest.fixture
def leadership(db):
    return Area.objects.create(name="Leadership")


@pytest.fixture
def finance(db):
    return Area.objects.create(name="Finance")


def person(first_name, **fields):
    return StaffMemberFactory(first_name=first_name, last_name="Unmatched", **fields)


def mentee(programme, name, *areas, **fields):
    application = accepted(programme, person(name, **fields), "mentee")
    application.areas_wanted.set(areas)
    return application


def mentor(programme, name, *areas, capacity=1, **fields):
    application = accepted(programme, person(name, **fields), "mentor", capacity=capacity)
    application.areas_offered.set(areas)
    return application


def propose(programme, mentee_application, mentor_application):
    Proposal.objects.create(
        programme=programme,
        mentee_application=mentee_application,
        mentor_application=mentor_application,
        score=80,
    )


def reasons_of(programme):
    return {m.applicant.first_name: words for m, words in unmatched_in(programme).mentees}


def test_a_mentee_behind_full_mentors_is_unmatched_for_capacity(programme, leadership):
    carys = mentor(programme, "Carys", leadership)
    propose(programme, mentee(programme, "Sam", leadership), carys)
    mentee(programme, "Liam", leadership)
    assert reasons_of(programme) == {"Liam": "Every mentor who could take them is full"}


def test_a_mentee_whose_areas_nobody_they_could_have_offers_is_told_so(
    programme, leadership, finance
):
    carys = mentor(programme, "Carys", leadership)
    propose(programme, mentee(programme, "Sam", leadership), carys)
    mentee(programme, "Liam", finance)
    assert reasons_of(programme) == {
        "Liam": "No mentor they could have offers finance, and the others are full"
    }


def test_a_mentee_whose_only_mentor_manages_them_is_refused_by_the_hard_rule(programme):
    boss = person("Boss")
    accepted(programme, boss, "mentor")
    mentee(programme, "Liam", line_manager=boss)
    assert reasons_of(programme) == {
        "Liam": "Every mentor with a place is in their line-management chain"
    }


def test_a_mentee_whose_only_mentor_was_theirs_before_is_told_so(programme):
    chris = mentor(programme, "Chris", capacity=2)
    liam = mentee(programme, "Liam")
    end(relationship=paired(chris, liam), ending="rematch", reason="not_right_fit")
    assert reasons_of(programme) == {
        "Liam": "Every mentor with a place was paired with them before, and it ended"
    }


def test_training_not_done_on_either_side_is_the_reason(coordinator, leadership):
    programme = programme_for_matching(
        coordinator, mentee_induction_required=True, mentor_training_required=True
    )
    mentee(programme, "Liam", leadership)
    untrained = mentor(programme, "Carys", leadership)
    done = mentee(programme, "Sam", leadership)
    trained(done.applicant, kind="mentee_induction")
    unmatched = unmatched_in(programme)
    assert {m.applicant.first_name: words for m, words in unmatched.mentees} == {
        "Liam": "Has not done the mentee induction this programme asks for",
        "Sam": "The mentors with places have not done mentor training yet",
    }
    assert unmatched.mentors_left == [(untrained, 1, "Has not done mentor training yet")]
    assert "1 waiting would be considered once they do the mentee induction" in unmatched.hints


def test_nobody_with_a_place_is_the_reason_when_no_mentor_has_one(programme, leadership):
    mentee(programme, "Liam", leadership)
    assert reasons_of(programme) == {"Liam": "No mentor has a place left"}


def test_what_would_help_is_counted_by_the_unmet_need(programme, leadership, finance):
    carys = mentor(programme, "Carys", leadership, finance)
    propose(programme, mentee(programme, "Sam", leadership), carys)
    for n in range(5):
        mentee(programme, f"Lead{n}", leadership)
    mentee(programme, "Fin", finance, leadership)
    hints = unmatched_in(programme).hints
    assert hints == [
        "3 more mentors offering leadership, with 2 places each, would match 5 more",
        "1 more mentor offering finance would match 1 more",
    ]


def test_mentors_with_places_no_proposal_takes_are_listed(programme, leadership):
    carys = mentor(programme, "Carys", leadership, capacity=3)
    propose(programme, mentee(programme, "Sam", leadership), carys)
    assert unmatched_in(programme).mentors_left == [(carys, 2, "")]


def test_after_solving_nobody_is_left_who_a_free_place_could_take(
    coordinator, django_capture_on_commit_callbacks
):
    """The reasons come from the solver's own rules: after it runs, no unmatched mentee can
    have a mentor with a place free."""
    rng = random.Random(20)
    areas = [Area.objects.create(name=name) for name in ["Leadership", "Finance", "Digital"]]
    for _ in range(3):
        programme = programme_for_matching(coordinator, mentor_capacity=3)
        bosses = []
        for _ in range(rng.randint(2, 5)):
            boss = StaffMemberFactory()
            bosses.append(boss)
            m = accepted(programme, boss, "mentor", capacity=rng.randint(1, 3))
            m.areas_offered.set(rng.sample(areas, rng.randint(1, 2)))
        for _ in range(rng.randint(4, 12)):
            manager = rng.choice([None, *bosses])
            m = accepted(programme, StaffMemberFactory(line_manager=manager), "mentee")
            m.areas_wanted.set(rng.sample(areas, rng.randint(0, 2)))
        with django_capture_on_commit_callbacks(execute=True):
            match_run_start(by=coordinator.user, programme=programme)
        unmatched = unmatched_in(programme)
        words = [w for _, w in unmatched.mentees]
        assert "A mentor has a place for them: propose matches again" not in words
        assert len(words) + programme.proposals.count() == unmatched.waiting


def test_the_matching_page_lists_the_unmatched_with_reasons_and_hints(
    client, coordinator, programme, leadership
):
    carys = mentor(programme, "Carys", leadership)
    propose(programme, mentee(programme, "Sam", leadership), carys)
    mentee(programme, "Liam", leadership)
    mentor(programme, "Idris", leadership, capacity=2, line_manager=None)
    client.force_login(coordinator.user)
    html = client.get(reverse("relationships:matching", args=[programme.pk])).text
    assert "Left unmatched" in html
    assert "Liam Unmatched" in html
    assert "A mentor has a place for them: propose matches again" in html
    assert "Mentors with places left over" in html
    assert "Idris Unmatched" in html


@pytest.mark.parametrize("size", [2, 12])
def test_the_matching_page_takes_the_same_queries_whatever_the_number_of_people(
    client, coordinator, programme, leadership, django_assert_num_queries, size
):
    boss = StaffMemberFactory()
    for n in range(size):
        m = mentor(programme, f"Mentor{n}", leadership)
        mentee_application = mentee(programme, f"Mentee{n}", leadership, line_manager=boss)
        if n % 2:
            propose(programme, mentee_application, m)
        mentee(programme, f"Extra{n}", leadership)
    client.force_login(coordinator.user)
    url = reverse("relationships:matching", args=[programme.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


QUERIES = 29


def test_untrained_mentors_are_counted_as_help_whenever_someone_is_left(coordinator, leadership):
    programme = programme_for_matching(coordinator, mentor_training_required=True)
    carys = mentor(programme, "Carys", leadership)
    trained(carys.applicant)
    mentor(programme, "Idris", leadership, capacity=2)
    propose(programme, mentee(programme, "Sam", leadership), carys)
    mentee(programme, "Liam", leadership)
    unmatched = unmatched_in(programme)
    assert [w for _, w in unmatched.mentees] == ["Every mentor who could take them is full"]
    assert "1 mentor with places would be considered once they do mentor training" in (
        unmatched.hints
    )


def test_in_the_group_model_a_free_place_waits_for_a_whole_group(coordinator, leadership):
    programme = programme_for_matching(
        coordinator, mentoring_model="group", group_size_min=2, group_size_max=3, mentor_capacity=3
    )
    mentor(programme, "Carys", leadership, capacity=3)
    mentee(programme, "Liam", leadership)
    assert reasons_of(programme) == {
        "Liam": "A mentor has places, but not yet for a whole group: propose matches again "
        "when more are waiting, or form a group by hand"
    }


def test_mentors_offering_areas_no_waiting_mentee_asks_for_still_leave_a_reason(
    programme, leadership, finance
):
    carys = mentor(programme, "Carys", leadership, finance)
    propose(programme, mentee(programme, "Sam", leadership), carys)
    mentee(programme, "Liam", leadership)
    assert reasons_of(programme) == {"Liam": "Every mentor who could take them is full"}


def test_the_reason_names_the_training_the_programme_counts(coordinator, leadership):
    programme = programme_for_matching(
        coordinator,
        mentoring_model="reverse",
        mentor_capacity=1,
        mentee_induction_required=True,
        mentor_training_required=True,
        mentee_training_kinds=["joint_reverse"],
        mentor_training_kinds=["joint_reverse"],
    )
    inducted = mentee(programme, "Liam", leadership)
    trained(inducted.applicant, kind="mentee_induction")  # not what reverse mentoring counts
    joint = mentee(programme, "Sam", leadership)
    trained(joint.applicant, kind="joint_reverse")
    carys = mentor(programme, "Carys", leadership)
    trained(carys.applicant, kind="mentor_training")
    unmatched = unmatched_in(programme)
    assert {m.applicant.first_name: words for m, words in unmatched.mentees} == {
        "Liam": "Has not done the joint reverse-mentoring training this programme asks for",
        "Sam": "The mentors with places have not done joint reverse-mentoring training yet",
    }
    assert unmatched.mentors_left == [
        (carys, 1, "Has not done joint reverse-mentoring training yet")
    ]
