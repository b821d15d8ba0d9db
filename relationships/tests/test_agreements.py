"""The mentoring agreement: written from the programme's rules, signed by everyone, locked once
signed, a new version for any change; and a relationship starts only once it is signed where
the programme asks for one (AGR-1, REL-1)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from relationships.dates import add_months
from relationships.models import Agreement, Relationship, Signature
from relationships.services.agreements import (
    agreement_prefill,
    agreement_save,
    agreement_sign,
    agreement_signed_by_all,
)
from relationships.services.pairing import introduction_answer, pair
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching

AIMS = ["Build confidence in meetings", "Learn to delegate", "Prepare for promotion"]


@pytest.fixture
def relationship(mentor, mentee):
    return paired(mentor, mentee)


@pytest.fixture
def jo(mentee):
    return mentee.applicant


@pytest.fixture
def chris(mentor):
    return mentor.applicant


def write(person, relationship, **changes):
    data = agreement_prefill(relationship) | {"aims": AIMS} | changes
    return agreement_save(by=person.user, relationship=relationship, data=data)


def sign(person, agreement, typed_name=None):
    return agreement_sign(
        by=person.user, agreement=agreement, typed_name=typed_name or person.full_name
    )


def say_yes(relationship, *people):
    for person in people:
        introduction_answer(by=person.user, relationship=relationship, goes_ahead=True)
    relationship.refresh_from_db()


def entries(action):
    return list(
        AuditEntry.objects.filter(action=action, kind="agreement").values_list(
            "who", "object_id", "note"
        )
    )


# The first version, from the programme's rules


def test_the_first_version_starts_from_the_programme_rules_in_the_seeds_words(relationship):
    programme = relationship.programme
    programme.length_max_months, programme.meeting_interval_weeks = 12, 4
    programme.contact_interval_weeks, programme.review_interval_months = 2, 6
    programme.meeting_minutes_min, programme.meeting_minutes_max = 60, 120
    programme.save()
    prefill = agreement_prefill(relationship)
    assert prefill["length_months"] == 12
    assert prefill["meet_every"] == "month"
    assert (prefill["meeting_minutes_min"], prefill["meeting_minutes_max"]) == (60, 120)
    assert prefill["contact_between"].startswith(
        "By email or telephone as agreed, at least every two weeks."
    )
    assert prefill["aims"] == []
    assert "create a safe learning environment" in prefill["mentor_role"]
    assert "keep joint records of the meetings" in prefill["mentee_role"]
    for limit in [
        "risk of harm to self or others",
        "breach of organisational policy",
        "illegal activity is suspected",
    ]:
        assert limit in prefill["confidentiality"]
    assert "specific, timely, genuine, objective and forward-looking" in prefill["feedback"]
    assert "open to the feedback" in prefill["feedback"]
    assert "documentation to the coordinator" in prefill["documentation"]
    assert "no blame" in prefill["breakdown"]
    assert "at the discretion of the coordinator" in prefill["breakdown"]
    assert prefill["review_on"] == add_months(timezone.localdate(), 6)


@pytest.mark.parametrize(
    ("weeks", "meet_every"), [(4, "month"), (13, "three months"), (6, "6 weeks"), (None, "month")]
)
def test_meeting_every_is_said_in_words(relationship, weeks, meet_every):
    relationship.programme.meeting_interval_weeks = weeks
    assert agreement_prefill(relationship)["meet_every"] == meet_every


def test_without_rules_the_review_is_in_three_months_and_contact_is_as_agreed(relationship):
    programme = relationship.programme
    programme.review_interval_months = programme.contact_interval_weeks = None
    today = date(2030, 11, 30)
    prefill = agreement_prefill(relationship, today=today)
    assert prefill["review_on"] == date(2031, 2, 28)  # 001: every three to six months
    assert prefill["contact_between"].startswith("By email or telephone as agreed.")


def test_an_active_relationship_reviews_from_the_day_it_started(relationship):
    relationship.started_at = timezone.make_aware(datetime(2030, 1, 15, 9))
    relationship.programme.review_interval_months = 3
    assert agreement_prefill(relationship)["review_on"] == date(2030, 4, 15)


# Writing it


def test_either_person_writes_the_first_version_and_the_change_is_audited(relationship, chris):
    agreement = write(chris, relationship)
    assert (agreement.version, agreement.aims, agreement.created_by) == (1, AIMS, chris)
    assert entries("create") == [(chris.full_name, agreement.pk, "version 1")]
    assert not any(AIMS[0] in note for *_, note in AuditEntry.objects.values_list("note"))


def test_a_version_nobody_has_signed_is_changed_as_it_stands(relationship, chris, jo):
    first = write(chris, relationship)
    again = write(jo, relationship, aims=[*AIMS, "Widen my network"], meet_every="two weeks")
    assert again.pk == first.pk and Agreement.objects.count() == 1
    again.refresh_from_db()
    assert (again.version, again.meet_every, len(again.aims)) == (1, "two weeks", 4)
    assert entries("change") == [(jo.full_name, first.pk, "version 1")]


def test_empty_aims_are_left_out_and_spaces_tidied(relationship, chris):
    agreement = write(chris, relationship, aims=["  Delegate   more ", "", "Lead", "   ", "Speak"])
    assert agreement.aims == ["Delegate more", "Lead", "Speak"]


def test_fewer_than_three_aims_are_refused_next_to_the_aims(relationship, chris):
    with pytest.raises(ValidationError) as refused:
        write(chris, relationship, aims=["Delegate", "  ", "Lead"])
    assert "at least 3 aims" in refused.value.message_dict["aims"][0]
    assert not Agreement.objects.exists()
    assert not AuditEntry.objects.exclude(kind="role").exists()  # the role: granted as it began


def test_the_longest_meeting_cannot_be_shorter_than_the_shortest(relationship, chris):
    with pytest.raises(ValidationError) as refused:
        write(chris, relationship, meeting_minutes_min=90, meeting_minutes_max=60)
    assert "cannot be shorter" in refused.value.message_dict["meeting_minutes_max"][0]
    assert not Agreement.objects.exists()


def test_every_problem_is_told_at_once(relationship, chris):
    with pytest.raises(ValidationError) as refused:
        write(chris, relationship, aims=[], mentor_role="  ")
    assert set(refused.value.message_dict) == {"aims", "mentor_role"}


def test_only_the_people_in_it_write_it(relationship, coordinator, line_manager, sponsor):
    other = StaffMemberFactory()
    for person in [coordinator, line_manager, sponsor, other]:
        with pytest.raises(PermissionDenied):
            write(person, relationship)
    assert not Agreement.objects.exists()


# Signing


def test_signing_records_the_typed_name_the_time_and_who_was_signed_in(relationship, chris, jo):
    agreement = write(chris, relationship)
    with time_machine.travel(datetime(2030, 3, 1, 10, 30, tzinfo=UTC), tick=False):
        signature = sign(jo, agreement, typed_name="  jo   EVANS ")
    assert (signature.person, signature.typed_name, signature.signed_in_as) == (
        jo,
        "jo EVANS",
        jo.user,
    )
    assert signature.signed_at == datetime(2030, 3, 1, 10, 30, tzinfo=UTC)
    assert entries("sign") == [(jo.full_name, agreement.pk, "version 1")]
    agreement.refresh_from_db()
    assert agreement.locked_at is None  # Chris has not signed yet


def test_a_typed_name_that_is_not_yours_is_refused_next_to_the_name(relationship, chris, jo):
    agreement = write(chris, relationship)
    with pytest.raises(ValidationError) as refused:
        sign(jo, agreement, typed_name="Chris Taylor")
    assert "Jo Evans" in refused.value.message_dict["typed_name"][0]
    assert not Signature.objects.exists() and not entries("sign")


def test_nobody_signs_the_same_version_twice(relationship, chris, jo):
    agreement = write(chris, relationship)
    sign(jo, agreement)
    with pytest.raises(ValidationError, match="already signed"):
        sign(jo, agreement)
    assert Signature.objects.count() == 1


def test_the_database_holds_one_signature_per_person_per_version(relationship, chris):
    agreement = write(chris, relationship)
    Signature.objects.create(agreement=agreement, person=chris, typed_name=chris.full_name)
    with pytest.raises(IntegrityError):
        Signature.objects.create(agreement=agreement, person=chris, typed_name=chris.full_name)


def test_only_the_people_in_it_sign(relationship, chris, coordinator, line_manager, sponsor):
    agreement = write(chris, relationship)
    for person in [coordinator, line_manager, sponsor]:
        with pytest.raises(PermissionDenied):
            sign(person, agreement)
    assert not Signature.objects.exists()


def test_when_everyone_has_signed_the_version_is_locked(relationship, chris, jo):
    agreement = write(chris, relationship)
    sign(jo, agreement)
    assert not agreement_signed_by_all(relationship)
    sign(chris, agreement)
    agreement.refresh_from_db()
    assert agreement.is_locked and agreement_signed_by_all(relationship)
    assert {who for who, *_ in entries("sign")} == {jo.full_name, chris.full_name}


# Versions


def test_once_anyone_has_signed_a_change_makes_a_new_version_and_the_old_one_stays(
    relationship, chris, jo
):
    first = write(chris, relationship)
    sign(jo, first)
    second = write(chris, relationship, aims=[*AIMS[:2], "Manage a budget"])
    assert (second.version, second.aims[2], second.signatures.count()) == (2, "Manage a budget", 0)
    first.refresh_from_db()
    assert (first.version, first.aims, first.signatures.get().person) == (1, AIMS, jo)
    assert entries("create")[0] == (chris.full_name, second.pk, "version 2")  # newest first
    with pytest.raises(ValidationError, match="replaced by version 2"):
        sign(chris, first)
    assert first.signatures.count() == 1


def test_a_change_to_a_signed_version_needs_everyone_to_sign_again(relationship, chris, jo):
    first = write(chris, relationship)
    sign(jo, first)
    sign(chris, first)
    second = write(jo, relationship, meet_every="two weeks")
    assert second.version == 2 and not second.is_locked
    assert second.aims == AIMS  # what was not changed is carried over
    assert not agreement_signed_by_all(relationship)
    sign(jo, second)
    sign(chris, second)
    second.refresh_from_db()
    assert second.is_locked
    assert Agreement.objects.get(version=1).meet_every == "month"


def test_saving_a_signed_version_unchanged_makes_no_new_version(relationship, chris, jo):
    first = write(chris, relationship)
    sign(jo, first)
    with pytest.raises(ValidationError, match="Nothing has changed"):
        write(chris, relationship)
    assert Agreement.objects.count() == 1


def test_no_path_changes_a_signed_version_not_even_the_shell_or_admin(relationship, chris, jo):
    agreement = write(chris, relationship)
    agreement.aims = [*AIMS, "Saved while nobody had signed"]
    agreement.save()  # nobody has signed yet: it may change
    sign(jo, agreement)  # partly signed
    agreement.refresh_from_db()
    agreement.aims = ["Rewritten", "after", "signing"]
    with pytest.raises(IntegrityError, match="has been signed"):
        agreement.save()
    sign(chris, agreement)  # fully signed and locked
    agreement.refresh_from_db()
    agreement.locked_at = None
    with pytest.raises(IntegrityError, match="has been signed"):
        agreement.save()
    agreement.refresh_from_db()
    assert agreement.aims[-1] == "Saved while nobody had signed" and agreement.is_locked


def test_an_ended_relationship_agreement_never_changes(relationship, chris, jo):
    agreement = write(chris, relationship)
    introduction_answer(by=jo.user, relationship=relationship, goes_ahead=False, reason="time")
    with pytest.raises(ValidationError, match="has ended"):
        write(chris, relationship, aims=["A", "B", "C"])
    with pytest.raises(ValidationError, match="has ended"):
        sign(chris, agreement)
    assert Agreement.objects.get().aims == AIMS and not Signature.objects.exists()


# Starting the relationship (REL-1, MATCH-4)


def test_where_the_agreement_is_required_yes_is_not_enough(relationship, chris, jo):
    assert relationship.programme.agreement_required
    say_yes(relationship, chris, jo)
    assert relationship.status == Relationship.Status.PROPOSED
    agreement = write(chris, relationship)
    sign(chris, agreement)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.PROPOSED
    sign(jo, agreement)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE
    assert relationship.phase == Relationship.Phase.RAPPORT and relationship.started_at


def test_signed_first_it_starts_on_the_last_yes(relationship, chris, jo):
    agreement = write(chris, relationship)
    sign(chris, agreement)
    sign(jo, agreement)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.PROPOSED  # nobody has said yes yet
    say_yes(relationship, jo)
    assert relationship.status == Relationship.Status.PROPOSED
    say_yes(relationship, chris)
    assert relationship.status == Relationship.Status.ACTIVE


def test_a_version_replaced_before_everyone_signed_does_not_start_it(relationship, chris, jo):
    say_yes(relationship, chris, jo)
    first = write(chris, relationship)
    sign(chris, first)
    second = write(jo, relationship, meet_every="two weeks")
    sign(jo, second)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.PROPOSED
    sign(chris, second)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE


def test_where_the_agreement_is_optional_everyone_saying_yes_starts_it(coordinator, colleague):
    programme = programme_for_matching(coordinator, agreement_required=False)
    mentor = accepted(programme, colleague, "mentor")
    mentee = accepted(programme, StaffMemberFactory(), "mentee")
    relationship = paired(mentor, mentee)
    say_yes(relationship, colleague, mentee.applicant)
    assert relationship.status == Relationship.Status.ACTIVE
    assert not Agreement.objects.exists()


def test_an_active_relationship_stays_active_while_a_new_version_is_signed(relationship, chris, jo):
    say_yes(relationship, chris, jo)
    first = write(chris, relationship)
    sign(chris, first)
    sign(jo, first)
    write(jo, relationship, meet_every="three weeks")
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE
    assert not agreement_signed_by_all(relationship)


def test_in_a_group_the_last_one_to_sign_leaving_lets_it_start(coordinator):
    programme = programme_for_matching(
        coordinator, mentoring_model="group", group_size_min=1, group_size_max=3, mentor_capacity=3
    )
    mentor = accepted(programme, StaffMemberFactory(), "mentor", capacity=3)
    mentees = [accepted(programme, StaffMemberFactory(), "mentee") for _ in range(3)]
    relationship = pair(
        programme=programme, mentor_ids=[mentor.pk], mentee_ids=[m.pk for m in mentees]
    )
    people = [mentor.applicant, *[m.applicant for m in mentees]]
    say_yes(relationship, *people[:3])
    agreement = write(people[0], relationship)
    for person in people[:3]:
        sign(person, agreement)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.PROPOSED
    introduction_answer(
        by=people[3].user, relationship=relationship, goes_ahead=False, reason="time"
    )
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE
    with pytest.raises(PermissionDenied):  # who has left no longer signs or writes it
        write(people[3], relationship, meet_every="week")


def test_a_relationship_flagged_for_review_starts_only_once_the_coordinator_has_reviewed_it(
    relationship, jo, chris, coordinator
):
    from relationships.services.pairing import review_done

    say_yes(relationship, jo, chris)
    Relationship.objects.filter(pk=relationship.pk).update(review_needed="A new manager link.")
    agreement = write(jo, relationship)
    sign(jo, agreement)
    sign(chris, agreement)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.PROPOSED
    review_done(by=coordinator.user, relationship=relationship)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE


# The planned end (001 Appendix A §1: the relationship ends at the predetermined date)


def _length_open(relationship):
    programme = relationship.programme
    programme.length_min_months = programme.length_max_months = None
    programme.save()


def test_where_the_programme_leaves_length_open_the_signed_months_give_the_planned_end(
    relationship, chris, jo
):
    _length_open(relationship)
    say_yes(relationship, chris, jo)
    agreement = write(chris, relationship, length_months=9)
    sign(chris, agreement)
    sign(jo, agreement)
    relationship.refresh_from_db()
    started = timezone.localdate(relationship.started_at)
    assert relationship.planned_end_on == add_months(started, 9)


def test_signed_before_the_last_yes_the_months_still_give_the_planned_end(relationship, chris, jo):
    _length_open(relationship)
    agreement = write(chris, relationship, length_months=6)
    sign(chris, agreement)
    sign(jo, agreement)
    say_yes(relationship, chris, jo)
    started = timezone.localdate(relationship.started_at)
    assert relationship.planned_end_on == add_months(started, 6)


def test_where_the_agreement_is_optional_signing_it_later_sets_the_planned_end(
    coordinator, colleague
):
    programme = programme_for_matching(coordinator, agreement_required=False)
    mentee = accepted(programme, StaffMemberFactory(), "mentee")
    relationship = paired(accepted(programme, colleague, "mentor"), mentee)
    say_yes(relationship, colleague, mentee.applicant)
    assert relationship.planned_end_on is None
    agreement = write(colleague, relationship, length_months=4)
    sign(colleague, agreement)
    sign(mentee.applicant, agreement)
    relationship.refresh_from_db()
    started = timezone.localdate(relationship.started_at)
    assert relationship.planned_end_on == add_months(started, 4)


def test_the_programmes_own_length_wins_over_the_agreements_months(relationship, chris, jo):
    relationship.programme.length_max_months = 12
    relationship.programme.save()
    say_yes(relationship, chris, jo)
    agreement = write(chris, relationship, length_months=3)
    sign(chris, agreement)
    sign(jo, agreement)
    relationship.refresh_from_db()
    started = timezone.localdate(relationship.started_at)
    assert relationship.planned_end_on == add_months(started, 12)
