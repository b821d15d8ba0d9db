import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programmes.models import Programme
from programmes.presets import PRESETS
from programmes.services.programmes import (
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


def test_its_policy_record_starts_from_the_seed(coordinator):
    policy = new_programme(coordinator).policy
    assert (policy.title, policy.version, policy.owner) == (
        "Mentoring Programme Policy",
        "2.7",
        "Head of HR",
    )
    assert policy.revisions.count() == 14
    assert policy.revisions.last().version == "2.7"


def test_a_programme_without_a_preset_gets_an_empty_policy_record(coordinator):
    programme = new_programme(coordinator, preset="")
    assert programme.policy.title == "Reverse mentoring"
    assert not programme.policy.revisions.exists()


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
    assert policy.revisions.count() == 14
