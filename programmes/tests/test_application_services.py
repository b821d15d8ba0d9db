import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programmes.models import Application, Area
from programmes.services.applications import (
    application_decide,
    application_manager_decide,
    application_request_review,
    application_submit,
    application_withdraw,
    waiting_list,
)
from programmes.services.programmes import programme_set_status
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


def apply_as_mentee(person, programme, **fields):
    values = {"needs": ["leadership"], "aims": "Lead a team within two years."} | fields
    application = Application(programme=programme, role="mentee", **values)
    return application_submit(by=person.user, application=application)


def apply_as_mentor(person, programme, **fields):
    values = {
        "biography": "Twenty years in housing.",
        "capacity": 2,
        "suitability_accepted": True,
    } | fields
    application = Application(programme=programme, role="mentor", **values)
    return application_submit(by=person.user, application=application)


def test_a_mentee_application_waits_for_the_line_manager(
    staff_member, line_manager, open_programme
):
    application = apply_as_mentee(staff_member, open_programme)
    assert application.status == Status.AWAITING_MANAGER
    assert application.manager == line_manager


def test_the_areas_chosen_are_kept(staff_member, open_programme):
    leadership = Area.objects.create(name="Leadership")
    application = Application(
        programme=open_programme, role="mentee", needs=["leadership"], aims="Lead."
    )
    application_submit(by=staff_member.user, application=application, areas=[leadership])
    assert list(application.areas_wanted.all()) == [leadership]


def test_an_external_participant_skips_manager_approval(open_programme, line_manager):
    external = StaffMemberFactory(
        is_external=True, external_organisation="Youth Trust", line_manager=line_manager
    )
    assert apply_as_mentee(external, open_programme).status == Status.WITH_COORDINATOR


def test_someone_without_a_line_manager_goes_to_the_coordinator(director, open_programme):
    application = apply_as_mentee(director, open_programme)
    assert application.status == Status.WITH_COORDINATOR and application.manager is None


def test_a_programme_without_manager_approval_goes_to_the_coordinator(staff_member, open_programme):
    open_programme.mentee_manager_approval = False
    open_programme.save()
    assert apply_as_mentee(staff_member, open_programme).status == Status.WITH_COORDINATOR


def test_only_open_programmes_take_applications(staff_member, open_programme, coordinator):
    programme_set_status(by=coordinator.user, programme=open_programme, status="running")
    with pytest.raises(ValidationError, match="not open for applications"):
        apply_as_mentee(staff_member, open_programme)
    assert not Application.objects.exists()


def test_one_live_application_per_role(staff_member, open_programme):
    apply_as_mentee(staff_member, open_programme)
    with pytest.raises(ValidationError, match="already applied"):
        apply_as_mentee(staff_member, open_programme)
    assert apply_as_mentor(staff_member, open_programme).role == "mentor"


def test_after_withdrawing_one_can_apply_again(staff_member, open_programme):
    application_withdraw(
        by=staff_member.user, application=apply_as_mentee(staff_member, open_programme)
    )
    assert apply_as_mentee(staff_member, open_programme).status == Status.AWAITING_MANAGER


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"needs": [], "needs_other": ""},
            "needs",
            "Choose at least one thing you would like help with.",
        ),
        ({"aims": " "}, "aims", "Say what you hope to achieve."),
        ({"needs": ["flying"]}, "needs", "Choose from the list."),
    ],
)
def test_a_mentee_application_needs_its_content(
    staff_member, open_programme, fields, field, message
):
    with pytest.raises(ValidationError) as caught:
        apply_as_mentee(staff_member, open_programme, **fields)
    assert caught.value.message_dict[field] == [message]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"capacity": 4}, "capacity", "Choose between 1 and 3, the programme's maximum."),
        ({"capacity": None}, "capacity", "Choose between 1 and 3, the programme's maximum."),
        (
            {"suitability_accepted": False},
            "suitability_accepted",
            "Mentors must accept the statement of suitability.",
        ),
        ({"biography": ""}, "biography", "Write a short biography for the mentor directory."),
    ],
)
def test_a_mentor_application_needs_its_content(colleague, open_programme, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        apply_as_mentor(colleague, open_programme, **fields)
    assert caught.value.message_dict[field] == [message]


def test_the_manager_approves_confirming_performance(staff_member, line_manager, open_programme):
    application = apply_as_mentee(staff_member, open_programme)
    with pytest.raises(ValidationError) as caught:
        application_manager_decide(by=line_manager.user, application=application, approve=True)
    assert "under-performance" in caught.value.message_dict["confirms_performance"][0]
    approved = application_manager_decide(
        by=line_manager.user, application=application, approve=True, confirms_performance=True
    )
    assert approved.status == Status.WITH_COORDINATOR and approved.manager_confirmed_performance


def test_a_manager_declines_only_with_a_reason(staff_member, line_manager, open_programme):
    application = apply_as_mentee(staff_member, open_programme)
    with pytest.raises(ValidationError):
        application_manager_decide(by=line_manager.user, application=application, approve=False)
    declined = application_manager_decide(
        by=line_manager.user, application=application, approve=False, reason="Busy period."
    )
    assert declined.status == Status.MANAGER_DECLINED


@pytest.mark.parametrize("who", ["director", "colleague", "coordinator", "staff_member"])
def test_nobody_but_the_line_manager_decides(request, staff_member, open_programme, who):
    application = apply_as_mentee(staff_member, open_programme)
    with pytest.raises(PermissionDenied):
        application_manager_decide(
            by=request.getfixturevalue(who).user,
            application=application,
            approve=True,
            confirms_performance=True,
        )
    assert Application.objects.get().status == Status.AWAITING_MANAGER


def test_after_a_decline_the_applicant_asks_for_a_confidential_review(
    staff_member, line_manager, open_programme
):
    application = apply_as_mentee(staff_member, open_programme)
    application_manager_decide(
        by=line_manager.user, application=application, approve=False, reason="Not now."
    )
    reviewed = application_request_review(
        by=staff_member.user, application=application, note="I think it would help my work."
    )
    assert reviewed.status == Status.WITH_COORDINATOR and reviewed.confidential_review


def test_a_review_cannot_be_asked_before_a_decline(staff_member, open_programme):
    application = apply_as_mentee(staff_member, open_programme)
    with pytest.raises(ValidationError, match="was not declined by your manager"):
        application_request_review(by=staff_member.user, application=application)


def approved(staff_member, line_manager, programme):
    application = apply_as_mentee(staff_member, programme)
    return application_manager_decide(
        by=line_manager.user, application=application, approve=True, confirms_performance=True
    )


@pytest.mark.parametrize("decision", ["accept", "waiting_list"])
def test_the_coordinator_accepts_or_waitlists(
    coordinator, staff_member, line_manager, open_programme, decision
):
    application = approved(staff_member, line_manager, open_programme)
    decided = application_decide(by=coordinator.user, application=application, decision=decision)
    assert (
        decided.status == {"accept": Status.ACCEPTED, "waiting_list": Status.WAITING_LIST}[decision]
    )
    assert decided.decided_by == coordinator


def test_a_decline_needs_a_reason(coordinator, staff_member, line_manager, open_programme):
    application = approved(staff_member, line_manager, open_programme)
    with pytest.raises(ValidationError):
        application_decide(by=coordinator.user, application=application, decision="decline")
    decided = application_decide(
        by=coordinator.user,
        application=application,
        decision="decline",
        reason="No mentors in this area yet.",
    )
    assert decided.status == Status.DECLINED and decided.decline_reason


def test_the_coordinator_cannot_decide_before_the_manager(
    coordinator, staff_member, open_programme
):
    application = apply_as_mentee(staff_member, open_programme)
    with pytest.raises(ValidationError, match="is not waiting for a decision"):
        application_decide(by=coordinator.user, application=application, decision="accept")


def test_another_programmes_coordinator_cannot_decide(staff_member, line_manager, open_programme):
    from mentoring.people.services import role_grant

    other = StaffMemberFactory()
    role_grant(user=other.user, role="coordinator")
    application = approved(staff_member, line_manager, open_programme)
    with pytest.raises(PermissionDenied):
        application_decide(by=other.user, application=application, decision="accept")


def test_the_waiting_list_is_first_come_first_served(coordinator, line_manager, open_programme):
    people = StaffMemberFactory.create_batch(3, line_manager=line_manager)
    for person in people:
        application_decide(
            by=coordinator.user,
            decision="waiting_list",
            application=approved(person, line_manager, open_programme),
        )
    assert [(n, a.applicant) for n, a in waiting_list(open_programme)] == list(
        enumerate(people, start=1)
    )
    first = Application.objects.get(applicant=people[0])
    application_decide(by=coordinator.user, application=first, decision="accept")
    assert [a.applicant for _, a in waiting_list(open_programme)] == people[1:]


def test_an_applicant_withdraws_at_any_time_and_the_record_stays(staff_member, open_programme):
    application = apply_as_mentee(staff_member, open_programme)
    application_withdraw(by=staff_member.user, application=application)
    assert Application.objects.get().status == Status.WITHDRAWN
    with pytest.raises(ValidationError, match="is already closed"):
        application_withdraw(by=staff_member.user, application=application)


def test_only_the_applicant_withdraws(staff_member, line_manager, open_programme):
    application = apply_as_mentee(staff_member, open_programme)
    with pytest.raises(PermissionDenied):
        application_withdraw(by=line_manager.user, application=application)
