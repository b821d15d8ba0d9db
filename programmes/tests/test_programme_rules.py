import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programmes.models import Programme

pytestmark = pytest.mark.django_db


def errors_for(**rules):
    programme = Programme(name="Test", purpose="Test", **rules)
    with pytest.raises(ValidationError) as caught:
        programme.full_clean()
    return caught.value.message_dict


def test_reverse_mentoring_is_one_mentee_per_mentor():
    errors = errors_for(mentoring_model="reverse", mentor_capacity=2)
    assert errors["mentor_capacity"] == [
        "Reverse mentoring pairs a mentor with one mentee: enter 1."
    ]


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        (
            "length_min_months",
            "length_max_months",
            "The shortest relationship cannot be more than the longest.",
        ),
        (
            "sessions_min",
            "sessions_max",
            "The shortest number of sessions cannot be more than the longest.",
        ),
        (
            "meeting_minutes_min",
            "meeting_minutes_max",
            "The shortest meeting cannot be more than the longest.",
        ),
    ],
)
def test_a_minimum_above_its_maximum_is_refused(low, high, message):
    assert errors_for(**{low: 12, high: 6})[low] == [message]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            {
                "mentoring_model": "group",
                "group_size_min": 1,
                "group_size_max": 5,
                "mentor_capacity": 5,
            },
            "A mentoring group has one to four mentees.",
        ),
        (
            {
                "mentoring_model": "group",
                "group_size_min": 0,
                "group_size_max": 3,
                "mentor_capacity": 3,
            },
            "The smallest group must be at least 1 and no larger than the largest.",
        ),
        (
            {"mentoring_model": "one_to_one", "group_size_max": 3, "mentor_capacity": 3},
            "Only the group, two-by-two and team models have groups of mentees.",
        ),
        (
            {
                "mentoring_model": "two_by_two",
                "group_size_min": 1,
                "group_size_max": 3,
                "mentor_capacity": 3,
            },
            "Two-by-two pairs two mentors with two mentees: enter 2 for both sizes.",
        ),
    ],
)
def test_impossible_group_sizes_are_refused(rules, message):
    assert errors_for(**rules)["group_size_max"] == [message]


def test_a_mentor_needs_room_for_the_largest_group():
    errors = errors_for(
        mentoring_model="group", group_size_min=2, group_size_max=4, mentor_capacity=2
    )
    assert errors["mentor_capacity"] == ["A mentor needs room for the largest group."]


def test_a_sensible_group_programme_is_accepted():
    Programme(
        name="Peer groups",
        purpose="Support",
        mentoring_model="group",
        group_size_min=2,
        group_size_max=4,
        mentor_capacity=4,
    ).full_clean()


@pytest.mark.django_db
def test_the_database_refuses_reverse_mentoring_with_capacity_above_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(
            name="x", purpose="y", mentoring_model="reverse", mentor_capacity=3, group_size_max=1
        )


@pytest.mark.django_db
def test_the_database_refuses_a_minimum_above_its_maximum():
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(name="x", purpose="y", sessions_min=12, sessions_max=3)


def test_training_that_is_required_names_the_kinds_that_count():
    errors = errors_for(mentor_training_required=True, mentor_training_kinds=[])
    assert errors["mentor_training_kinds"] == ["Choose the training that counts for mentors."]
    errors = errors_for(mentee_training_kinds=["a_webinar"])
    assert errors["mentee_training_kinds"] == ["Choose from the list."]


def test_the_programme_page_says_which_training_counts():
    programme = Programme(
        mentor_training_required=True,
        mentee_induction_required=True,
        mentor_training_kinds=["joint_reverse"],
        mentee_training_kinds=["joint_reverse"],
    )
    assert dict(programme.rules_in_words())["Training"] == (
        "Needed before matching for mentors (joint reverse-mentoring training) "
        "and mentees (joint reverse-mentoring training)"
    )
