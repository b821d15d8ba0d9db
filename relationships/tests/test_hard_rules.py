"""Each hard rule (MATCH-3) on each path: forming a relationship (coordinator approval and
groups), a mentee's request from the directory, the directory itself, and the solver's
allowed pairs."""

import pytest
from django.core.exceptions import ValidationError

from relationships.models import Relationship
from relationships.rules import Facts
from relationships.selectors import directory_for, waiting_mentees
from relationships.services.pairing import end, pair
from relationships.services.requests import request_send
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, trained


def refusal_on_every_path(mentor, mentee):
    """The refusals each path gives for this pair; every path must refuse."""
    programme = mentor.programme
    mentor.refresh_from_db()
    mentee.refresh_from_db()
    found = {}
    with pytest.raises(ValidationError) as pairing:
        pair(programme=programme, mentor_ids=[mentor.pk], mentee_ids=[mentee.pk])
    found["pair"] = " ".join(pairing.value.messages)
    found["directory"] = not directory_for(mentee).filter(pk=mentor.pk).exists()
    facts = Facts.load(programme, [mentor, mentee])
    found["solver"] = not facts.allowed_matrix([mentee], [mentor])[0, 0]
    if programme.matching_mode == "directory":
        with pytest.raises(ValidationError) as request:
            request_send(by=mentee.applicant.user, mentor_application=mentor)
        found["request"] = " ".join(request.value.messages)
    return found


@pytest.fixture
def rule_programme(coordinator):
    return programme_for_matching(coordinator, matching_mode="directory")


def assert_refused(found, words):
    assert found["directory"] and found["solver"]
    assert words in found["pair"]
    assert words in found["request"]


def test_nobody_is_mentored_by_their_line_manager(rule_programme, staff_member, line_manager):
    mentor = accepted(rule_programme, line_manager, "mentor")
    mentee = accepted(rule_programme, staff_member, "mentee")
    assert_refused(refusal_on_every_path(mentor, mentee), "directly line manage")


def test_nor_by_anyone_further_up_their_chain_where_the_programme_bars_it(
    coordinator, staff_member, director
):
    programme = programme_for_matching(
        coordinator, matching_mode="directory", whole_management_chain_barred=True
    )
    mentor = accepted(programme, director, "mentor")
    mentee = accepted(programme, staff_member, "mentee")
    assert_refused(refusal_on_every_path(mentor, mentee), "same line-management chain")


def test_nor_does_anyone_mentor_their_own_manager(rule_programme, staff_member, line_manager):
    # Reverse mentoring: the junior mentors; never their own manager.
    mentor = accepted(rule_programme, staff_member, "mentor")
    mentee = accepted(rule_programme, line_manager, "mentee")
    assert_refused(refusal_on_every_path(mentor, mentee), "directly line manage")


def test_nobody_is_paired_with_themselves(rule_programme, staff_member):
    mentor = accepted(rule_programme, staff_member, "mentor")
    mentee = accepted(rule_programme, staff_member, "mentee")
    assert_refused(refusal_on_every_path(mentor, mentee), "themselves")


def test_a_pair_that_ended_is_not_paired_again(rule_programme, staff_member, colleague):
    mentor = accepted(rule_programme, colleague, "mentor")
    mentee = accepted(rule_programme, staff_member, "mentee")
    end(relationship=paired(mentor, mentee), ending="rematch", reason="not_right_fit")
    assert_refused(refusal_on_every_path(mentor, mentee), "paired before")


def test_an_untrained_mentor_is_refused_where_training_is_required(coordinator, colleague):
    programme = programme_for_matching(
        coordinator, matching_mode="directory", mentor_training_required=True
    )
    mentor = accepted(programme, colleague, "mentor")
    mentee = accepted(programme, StaffMemberFactory(), "mentee")
    assert_refused(refusal_on_every_path(mentor, mentee), "has not completed mentor training")
    trained(colleague)
    assert paired(mentor, mentee).status == Relationship.Status.PROPOSED


def test_an_untrained_mentee_is_refused_where_induction_is_required(coordinator, colleague):
    programme = programme_for_matching(
        coordinator, matching_mode="directory", mentee_induction_required=True
    )
    mentor = accepted(programme, colleague, "mentor")
    mentee = accepted(programme, StaffMemberFactory(), "mentee")
    found = refusal_on_every_path(mentor, mentee)
    assert found["solver"] and "has not completed mentee induction" in found["pair"]
    trained(mentee.applicant, kind="mentee_induction")
    assert paired(mentor, mentee).status == Relationship.Status.PROPOSED


def test_a_mentor_never_goes_beyond_capacity(rule_programme, colleague):
    mentor = accepted(rule_programme, colleague, "mentor", capacity=1)
    first, second = (accepted(rule_programme, StaffMemberFactory(), "mentee") for _ in "ab")
    paired(mentor, first)
    found = refusal_on_every_path(mentor, second)
    assert found["directory"] and found["solver"]
    assert "no places left" in found["pair"] and "no places left" in found["request"]
    mentor.refresh_from_db()
    assert (mentor.places_taken, mentor.capacity) == (1, 1)


def test_the_database_refuses_overfilling_a_mentor_whatever_the_code(rule_programme, colleague):
    from django.db import IntegrityError, transaction

    mentor = accepted(rule_programme, colleague, "mentor", capacity=1)
    mentor.places_taken = 2
    with pytest.raises(IntegrityError), transaction.atomic():
        mentor.save()


def test_a_mentee_has_one_mentor_at_a_time(rule_programme, colleague):
    mentee = accepted(rule_programme, StaffMemberFactory(), "mentee")
    paired(accepted(rule_programme, colleague, "mentor"), mentee)
    other = accepted(rule_programme, StaffMemberFactory(), "mentor")
    with pytest.raises(ValidationError, match="already has a mentor"):
        paired(other, mentee)
    assert mentee not in waiting_mentees(rule_programme)


def test_applications_not_accepted_are_refused(rule_programme, colleague):
    mentor = accepted(rule_programme, colleague, "mentor")
    mentee = accepted(rule_programme, StaffMemberFactory(), "mentee")
    mentee.status = "waiting_list"
    mentee.waiting_since = mentee.decided_at
    mentee.save()
    with pytest.raises(ValidationError, match="has not been accepted"):
        paired(mentor, mentee)


@pytest.mark.parametrize(
    ("model", "sizes", "mentors", "mentees", "words"),
    [
        ("one_to_one", (1, 1), 1, 2, "1 mentee per mentor"),
        ("group", (2, 4), 1, 1, "2 to 4 mentees"),
        ("group", (2, 4), 1, 5, "2 to 4 mentees"),
        ("two_by_two", (2, 2), 1, 2, "two mentors"),
        ("team", (1, 4), 3, 2, "one or two mentors"),
    ],
)
def test_the_models_group_sizes(coordinator, model, sizes, mentors, mentees, words):
    programme = programme_for_matching(
        coordinator,
        mentoring_model=model,
        group_size_min=sizes[0],
        group_size_max=sizes[1],
        mentor_capacity=4,
    )
    mentor_apps = [
        accepted(programme, StaffMemberFactory(), "mentor", capacity=4) for _ in range(mentors)
    ]
    mentee_apps = [accepted(programme, StaffMemberFactory(), "mentee") for _ in range(mentees)]
    with pytest.raises(ValidationError, match=words):
        pair(
            programme=programme,
            mentor_ids=[m.pk for m in mentor_apps],
            mentee_ids=[m.pk for m in mentee_apps],
            team_name="Housing team",
        )
    assert not Relationship.objects.exists()


def test_a_group_and_a_two_by_two_within_the_rules(coordinator):
    group = programme_for_matching(
        coordinator, mentoring_model="group", group_size_min=2, group_size_max=4, mentor_capacity=4
    )
    mentor = accepted(group, StaffMemberFactory(), "mentor", capacity=4)
    mentees = [accepted(group, StaffMemberFactory(), "mentee") for _ in range(3)]
    relationship = pair(programme=group, mentor_ids=[mentor.pk], mentee_ids=[m.pk for m in mentees])
    mentor.refresh_from_db()
    assert relationship.members.count() == 4 and mentor.places_taken == 3
    two = programme_for_matching(
        coordinator,
        mentoring_model="two_by_two",
        group_size_min=2,
        group_size_max=2,
        mentor_capacity=2,
    )
    mentors = [accepted(two, StaffMemberFactory(), "mentor", capacity=2) for _ in "ab"]
    mentees = [accepted(two, StaffMemberFactory(), "mentee") for _ in "ab"]
    relationship = pair(
        programme=two, mentor_ids=[m.pk for m in mentors], mentee_ids=[m.pk for m in mentees]
    )
    assert relationship.members.filter(role="mentor").count() == 2


def test_a_team_needs_its_name(coordinator):
    team = programme_for_matching(
        coordinator, mentoring_model="team", group_size_min=1, group_size_max=4, mentor_capacity=4
    )
    mentor = accepted(team, StaffMemberFactory(), "mentor", capacity=4)
    mentees = [accepted(team, StaffMemberFactory(), "mentee") for _ in "ab"]
    args = {"programme": team, "mentor_ids": [mentor.pk], "mentee_ids": [m.pk for m in mentees]}
    with pytest.raises(ValidationError, match="Name the team"):
        pair(**args)
    assert pair(**args, team_name="Repairs team").team_name == "Repairs team"


def test_equality_answers_are_never_read_by_matching(rule_programme, colleague):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mentoring.people.models import EqualityAnswers
    from relationships.compatibility import score_matrix

    mentors = [accepted(rule_programme, StaffMemberFactory(), "mentor") for _ in range(3)]
    mentees = [accepted(rule_programme, StaffMemberFactory(), "mentee") for _ in range(3)]
    table = EqualityAnswers._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        Facts.load(rule_programme, [*mentors, *mentees]).allowed_matrix(mentees, mentors)
        score_matrix(rule_programme, mentees, mentors)
        directory_for(mentees[0]).count()
    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if table in q["sql"]]


def test_the_admin_sites_approval_keeps_to_the_rules(
    client, coordinator, staff_member, line_manager
):
    from django.urls import reverse

    from relationships.models import Proposal

    programme = programme_for_matching(coordinator)
    forbidden = Proposal.objects.create(
        programme=programme,
        mentee_application=accepted(programme, staff_member, "mentee"),
        mentor_application=accepted(programme, line_manager, "mentor"),
        score=90,
    )
    coordinator.user.is_staff = coordinator.user.is_superuser = True
    coordinator.user.save()
    client.force_login(coordinator.user)
    url = reverse("admin:relationships_proposal_changelist")
    response = client.post(
        url, {"action": "approve", "_selected_action": [forbidden.pk], "index": 0}, follow=True
    )
    assert "directly line manage" in response.text
    assert not Relationship.objects.exists()


def test_reverse_mentoring_counts_only_the_joint_training_it_names(coordinator, colleague):
    # 003 §4.1, §5.1: reverse mentors and mentees are trained together; an induction is not it
    programme = programme_for_matching(
        coordinator,
        mentoring_model="reverse",
        mentor_capacity=1,
        mentor_training_required=True,
        mentee_induction_required=True,
        mentor_training_kinds=["joint_reverse"],
        mentee_training_kinds=["joint_reverse"],
    )
    mentor = accepted(programme, colleague, "mentor")
    mentee = accepted(programme, StaffMemberFactory(), "mentee")
    trained(colleague, kind="mentor_training")
    trained(mentee.applicant, kind="mentee_induction")
    found = refusal_on_every_path(mentor, mentee)
    assert found["solver"]
    assert "has not completed joint reverse-mentoring training" in found["pair"]
    trained(colleague, kind="joint_reverse")
    trained(mentee.applicant, kind="joint_reverse")
    assert paired(mentor, mentee).status == Relationship.Status.PROPOSED
