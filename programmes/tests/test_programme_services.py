from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from programmes.models import Programme
from programmes.presets import PRESETS
from programmes.services.programmes import (
    a_year_after,
    policy_revise,
    programme_archive,
    programme_create,
    programme_set_status,
    programme_update,
)
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def new_programme(coordinator, preset="cleveland-reverse"):
    rules = PRESETS[preset]["rules"] if preset else {}
    programme = Programme(name="Reverse mentoring", purpose="Learn from each other.", **rules)
    return programme_create(by=coordinator.user, programme=programme, preset=preset)


def test_a_new_programme_is_a_draft_run_by_its_creator(coordinator):
    programme = new_programme(coordinator)
    assert programme.status == "draft"
    assert list(programme.coordinators.all()) == [coordinator]


def test_a_new_programme_starts_its_own_policy_record_based_on_the_seed(coordinator):
    policy = new_programme(coordinator).policy
    assert (policy.title, policy.version, policy.owner) == (
        "Mentoring Programme Policy",
        "1",
        "Head of HR",
    )
    assert policy.based_on == "Cleveland Police's mentoring policy, version 2.7"
    assert policy.approved_on is None


def test_the_seed_revision_history_stays_with_the_seed(coordinator):
    policy = new_programme(coordinator).policy
    [started] = policy.revisions.all()
    assert (started.version, started.revised_on, started.author) == (
        "1",
        timezone.localdate(),
        "Alex Morgan",
    )
    assert started.reason == "Set up, based on Cleveland Police's mentoring policy, version 2.7"
    assert len(PRESETS["cleveland-reverse"]["policy"]["revisions"]) == 14


def test_a_new_policy_is_reviewed_a_year_from_today_unless_told_otherwise(coordinator):
    policy = new_programme(coordinator).policy
    assert policy.next_review_on == a_year_after(timezone.localdate())
    rules = PRESETS["nhs-traditional"]["rules"]
    chosen = timezone.localdate() + timedelta(days=180)
    programme = programme_create(
        by=coordinator.user,
        programme=Programme(name="NHS", purpose="Grow.", **rules),
        preset="nhs-traditional",
        policy={"next_review_on": chosen},
    )
    assert programme.policy.next_review_on == chosen
    assert programme.policy.based_on == "NHS England's guide to mentoring"


@pytest.mark.parametrize(
    "day, year_after",
    [(date(2026, 12, 6), date(2027, 12, 6)), (date(2028, 2, 29), date(2029, 2, 28))],
)
def test_a_year_after_a_leap_day_is_the_last_day_of_february(day, year_after):
    assert a_year_after(day) == year_after


def test_a_policy_review_date_in_the_past_is_refused(coordinator):
    with pytest.raises(ValidationError) as raised:
        programme_create(
            by=coordinator.user,
            programme=Programme(name="x", purpose="y"),
            policy={"next_review_on": timezone.localdate()},
        )
    assert raised.value.message_dict["next_review_on"] == ["The next review must be in the future."]
    assert not Programme.objects.exists()


def test_only_coordinators_create_programmes(line_manager):
    with pytest.raises(PermissionDenied):
        new_programme(line_manager)
    assert not Programme.objects.exists()


def test_impossible_rules_create_nothing(coordinator):
    programme = Programme(name="x", purpose="y", mentoring_model="reverse", mentor_capacity=2)
    with pytest.raises(ValidationError):
        programme_create(by=coordinator.user, programme=programme)
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("path", "final"),
    [
        (["open"], "open"),
        (["open", "running"], "running"),
        (["open", "closed"], "closed"),
        (["open", "running", "open"], "open"),
        (["open", "running", "closed"], "closed"),
    ],
)
def test_a_programme_moves_along_its_lifecycle(coordinator, path, final):
    programme = new_programme(coordinator)
    for status in path:
        programme = programme_set_status(by=coordinator.user, programme=programme, status=status)
    assert Programme.objects.get(pk=programme.pk).status == final


@pytest.mark.parametrize(
    ("path", "refused", "message"),
    [
        ([], "running", "A programme that is draft cannot become running."),
        ([], "closed", "A programme that is draft cannot become closed."),
        (
            ["open", "closed"],
            "open",
            "A programme that is closed cannot become open for applications.",
        ),
        (["open"], "draft", "A programme that is open for applications cannot become draft."),
    ],
)
def test_illegal_moves_are_refused_with_a_message(coordinator, path, refused, message):
    programme = new_programme(coordinator)
    for status in path:
        programme_set_status(by=coordinator.user, programme=programme, status=status)
    with pytest.raises(ValidationError) as caught:
        programme_set_status(by=coordinator.user, programme=programme, status=refused)
    assert caught.value.messages == [message]


def test_a_coordinator_of_another_programme_cannot_change_it(coordinator):
    programme = new_programme(coordinator)
    other = StaffMemberFactory()
    from mentoring.people.services import role_grant

    role_grant(user=other.user, role="coordinator")
    with pytest.raises(PermissionDenied):
        programme_set_status(by=other.user, programme=programme, status="open")
    assert Programme.objects.get(pk=programme.pk).status == "draft"


def test_only_draft_or_closed_programmes_are_archived(coordinator):
    programme = programme_set_status(
        by=coordinator.user, programme=new_programme(coordinator), status="open"
    )
    with pytest.raises(ValidationError, match="Close the programme before archiving it."):
        programme_archive(by=coordinator.user, programme=programme)
    programme_set_status(by=coordinator.user, programme=programme, status="closed")
    archived = programme_archive(by=coordinator.user, programme=programme)
    assert archived.is_archived
    with pytest.raises(ValidationError, match="archived"):
        programme_set_status(by=coordinator.user, programme=archived, status="open")


def test_an_update_keeps_at_least_one_coordinator(coordinator):
    programme = new_programme(coordinator)
    with pytest.raises(ValidationError):
        programme_update(by=coordinator.user, programme=programme, coordinators=[])
    assert list(programme.coordinators.all()) == [coordinator]


def test_a_policy_change_is_recorded_in_its_history(coordinator):
    policy = new_programme(coordinator).policy
    policy.version = "2.8"
    policy_revise(by=coordinator.user, policy=policy, reason="Yearly review")
    latest = policy.revisions.last()
    assert (latest.version, latest.reason, latest.author) == ("2.8", "Yearly review", "Alex Morgan")


def test_a_policy_change_needs_a_reason(coordinator):
    policy = new_programme(coordinator).policy
    policy.version = "2.8"
    with pytest.raises(ValidationError):
        policy_revise(by=coordinator.user, policy=policy, reason="  ")
    assert policy.revisions.count() == 1
