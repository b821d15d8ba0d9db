"""Issue 18 §12: an id in a query string or a form is ASCII digits or nothing. A superscript
digit, an exponent, a sign or a number past any id answers a plain page, 400 or 404: never 500,
and nothing changes."""

import pytest
from django.urls import reverse

from mentoring.web import id_from
from relationships.models import Proposal
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

BAD_IDS = ["²", "١", "1e3", "-1", "+1", "1.0", " 1", "0x1", "99999999999999999999999", ""]


@pytest.mark.parametrize("value", BAD_IDS)
def test_only_ascii_digits_make_an_id(value):
    assert id_from(value) is None


def test_ascii_digits_make_an_id():
    assert (id_from("42"), id_from(None), id_from(["1"])) == (42, None, None)


@pytest.fixture
def matching(coordinator):
    programme = programme_for_matching(coordinator, mentoring_model="group", mentor_capacity=4)
    mentor = accepted(programme, StaffMemberFactory(), "mentor", capacity=3)
    mentee = accepted(programme, StaffMemberFactory(), "mentee")
    proposal = Proposal.objects.create(
        programme=programme, mentee_application=mentee, mentor_application=mentor, score=0
    )
    return programme, proposal


@pytest.fixture
def directory(coordinator, staff_member):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    accepted(programme, StaffMemberFactory(), "mentor")
    accepted(programme, staff_member, "mentee")
    return programme


PAGES = {
    "group form": lambda matching, directory: (
        "get",
        reverse("relationships:group_new", args=[matching[0].pk]),
        "mentor",
    ),
    "proposal change": lambda matching, directory: (
        "post",
        reverse("relationships:proposal_change", args=[matching[1].pk]),
        "mentor",
    ),
    "staff list by department": lambda m, d: ("get", reverse("people:staff_list"), "department"),
    "staff list by grade": lambda m, d: ("get", reverse("people:staff_list"), "grade"),
    "audit log by relationship": lambda m, d: ("get", reverse("audit:search"), "relationship"),
    "directory by area": lambda m, directory: (
        "get",
        reverse("relationships:directory", args=[directory.pk]),
        "area",
    ),
    "directory by location": lambda m, directory: (
        "get",
        reverse("relationships:directory", args=[directory.pk]),
        "location",
    ),
}


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize("page", PAGES)
def test_a_bad_id_is_never_a_server_error(
    client, coordinator, staff_member, matching, directory, page, value
):
    method, url, name = PAGES[page](matching, directory)
    who = staff_member if page.startswith("directory") else coordinator
    client.force_login(who.user)
    proposal = Proposal.objects.values().get(pk=matching[1].pk)
    response = getattr(client, method)(url, {name: value})
    assert response.status_code in (200, 400, 404)
    assert Proposal.objects.values().get(pk=matching[1].pk) == proposal


def test_the_audit_log_says_beside_the_field_what_a_relationship_number_is(client, coordinator):
    client.force_login(coordinator.user)
    response = client.get(reverse("audit:search"), {"relationship": "1e3"})
    assert response.context["filter"].form.errors["relationship"] == [
        "Enter a number made of the digits 0 to 9."
    ]
    assert list(response.context["page"]) == []
