"""Each preset against the numbers in its seed policy (../shared/seeds/)."""

import re
from pathlib import Path

import pytest

from programmes.models import Programme
from programmes.presets import PRESETS

pytestmark = pytest.mark.django_db

# preset: the rules its seed states, with where the seed says so.
SEED_NUMBERS = {
    # 000 §7.1 "up to one year, and not less than six months"; §6.1 training mandatory for both
    "west-suffolk": {
        "manager_asked_about_mentor": True,  # 000 §3.2 "will discuss the choice of mentor"
        "mentor_training_kinds": ["mentor_training"],
        "mentee_training_kinds": ["mentee_induction"],
        "mentoring_model": "one_to_one",
        "length_min_months": 6,
        "length_max_months": 12,
        "mentor_training_required": True,
        "mentee_induction_required": True,
        "mentee_manager_approval": True,
        "coordinator_reads_meeting_logs": False,
        # 000 contract §5: "At the end of each formal discussion, the mentee will complete
        # this action plan"
        "plan_after_each_meeting": True,
    },
    # 001 App. A §1 "evaluated every three to six months"; "private and non-reporting"
    "fun-foundations": {
        "review_interval_months": 3,
        "coordinator_reads_meeting_logs": False,
        "mentee_manager_approval": False,
    },
    # 002 Resource 5: monthly, contact every two weeks, one to two hours; logs to the co-ordinator
    "sssc-peer": {
        "mentor_training_kinds": ["mentor_training"],  # Resource 4 "Mentor training"
        "mentee_training_kinds": ["mentee_induction"],  # Checklist 1 "Mentee induction"
        "meeting_interval_weeks": 4,
        "contact_interval_weeks": 2,
        "meeting_minutes_min": 60,
        "meeting_minutes_max": 120,
        "coordinator_reads_meeting_logs": True,
        "matching_mode": "coordinator",
        "mentor_training_required": True,
        "mentee_induction_required": True,
    },
    # 003 §4.3 up to three mentees, mentee chooses; §3.4 three to twelve sessions, both approved;
    # §4.4 a maximum of 12 months
    "cleveland-traditional": {
        "mentor_training_kinds": ["mentor_training"],  # §5.1 "a training workshop"
        "mentor_capacity": 3,
        "matching_mode": "directory",
        "sessions_min": 3,
        "sessions_max": 12,
        "length_min_months": None,
        "length_max_months": 12,
        "mentee_manager_approval": True,
        "mentor_manager_approval": True,
        "mentor_training_required": True,
    },
    # 003 §4.3 one mentee, matched by the co-ordinator; §4.4 six months; §5.1 trained jointly
    "cleveland-reverse": {
        "mentor_training_kinds": ["joint_reverse"],  # §4.1 "attend training with their Mentees"
        "mentee_training_kinds": ["joint_reverse"],  # §5.1 "jointly trained"
        "mentoring_model": "reverse",
        "mentor_capacity": 1,
        "matching_mode": "coordinator",
        "length_min_months": 6,
        "length_max_months": 6,
        "sessions_min": 3,
        "sessions_max": 12,
        "mentor_training_required": True,
        "mentee_induction_required": True,
    },
    # 004: quarterly contact at least, one meeting in person a year, six-monthly review
    "nhs-traditional": {
        "mentoring_model": "one_to_one",
        "matching_mode": "directory",
        "meeting_interval_weeks": 13,
        "in_person_meetings_per_year": 1,
        "review_interval_months": 6,
        "mentee_manager_approval": True,
    },
    "nhs-reciprocal": {
        "mentoring_model": "reciprocal",
        "meeting_interval_weeks": 13,
        "in_person_meetings_per_year": 1,
        "review_interval_months": 6,
        "mentor_training_required": True,
        "mentee_induction_required": True,
    },
}


def test_there_is_a_preset_for_each_seed_programme():
    assert set(PRESETS) == set(SEED_NUMBERS)
    assert sorted({p["seed"] for p in PRESETS.values()}) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("key", sorted(SEED_NUMBERS))
def test_each_preset_carries_its_seeds_numbers(key):
    rules = PRESETS[key]["rules"]
    for field, value in SEED_NUMBERS[key].items():
        assert rules.get(field) == value, field


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_each_preset_passes_the_programme_rules(key):
    Programme(name="x", purpose="y", **PRESETS[key]["rules"]).full_clean()


def test_the_cleveland_policy_record_is_version_2_7_with_its_history():
    policy = PRESETS["cleveland-traditional"]["policy"]
    assert (policy["version"], policy["owner"]) == ("2.7", "Head of HR")
    assert str(policy["approved_on"]) == "2017-01-04"
    assert str(policy["next_review_on"]) == "2025-04-01"
    assert [r["version"] for r in policy["revisions"]][:3] == ["0.1", "0.2", "1.0"]
    assert len(policy["revisions"]) == 14


def test_the_west_suffolk_revision_table_has_its_one_row():
    [row] = PRESETS["west-suffolk"]["policy"]["revisions"]
    assert (row["reason"], row["author"]) == ("Drafted", "Vikki Abbott")


SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _seed_words(number):
    """The seed's text with its layout flattened, for checking wording against it."""
    [path] = SEEDS.glob(f"{number}_*.txt")
    return " ".join(path.read_text().replace("’", "'").split())


@pytest.mark.parametrize("key", ["west-suffolk", "nhs-traditional", "nhs-reciprocal"])
def test_each_agreement_clause_a_preset_brings_is_its_seeds_own_words(key):
    rules, words = PRESETS[key]["rules"], _seed_words(PRESETS[key]["seed"])
    clauses = [rules[f] for f in Programme.AGREEMENT_CLAUSES.values() if rules.get(f)]
    assert len(clauses) >= 4
    for clause in clauses:
        for sentence in re.split(r"\n|(?<=\.) ", clause):
            assert sentence in words, sentence


def test_west_suffolk_brings_the_roles_of_mentor_and_mentee_from_4_1_and_5_1():
    rules = PRESETS["west-suffolk"]["rules"]
    assert len(rules["agreement_mentor_role"].splitlines()) == 6
    assert len(rules["agreement_mentee_role"].splitlines()) == 5
    assert "personal development plan" in rules["agreement_mentee_role"]


@pytest.mark.parametrize("key", ["nhs-traditional", "nhs-reciprocal"])
def test_nhs_brings_annex_a_sections_one_three_and_four(key):
    rules = PRESETS[key]["rules"]
    assert rules["agreement_expectations"].startswith("What type of assistance")
    assert "If problems arise how will they be resolved?" in rules["agreement_ground_rules"]
    assert "EMCC Code of Ethics" in rules["agreement_next_steps"]
    assert "focus on at our initial meeting" in rules["agreement_next_steps"]
