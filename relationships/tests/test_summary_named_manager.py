"""The summary shared with the line manager goes to the person the pair consented to (issue 18,
finding 5), not to whoever the staff records name as the manager later."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring.people.services import role_grant
from mentoring.people.staff_import import staff_import
from relationships.models import SharedSummary
from relationships.services.care import summary_agree, summary_ask, summary_save
from tests.csv_files import person, staff_csv
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

WORDS = "PLANTED we worked on delegation"


@pytest.fixture
def active(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member), whose line manager is Sam."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    return went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )


@pytest.fixture
def shared(active, staff_member, colleague):
    summary = summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text=WORDS
    )
    summary_ask(by=staff_member.user, summary=summary)
    return summary_agree(by=colleague.user, summary=summary)


@pytest.fixture
def pat(db):
    """A coordinator of another programme."""
    pat = StaffMemberFactory(first_name="Pat", last_name="Okafor")
    role_grant(user=pat.user, role="coordinator")
    programme_for_matching(pat)
    return pat


def imported_as_manager(staff_member, new_manager):
    """A one-row staff import making `new_manager` Jo's line manager."""
    row = person(
        staff_member.work_email,
        manager=new_manager.work_email,
        first_name=staff_member.first_name,
        last_name=staff_member.last_name,
    )
    staff_import(file=staff_csv(row))
    staff_member.refresh_from_db()
    assert staff_member.line_manager == new_manager


def shared_with_me(client, someone):
    client.force_login(someone.user)
    response = client.get(reverse("relationships:shared"))
    assert response.status_code == 200
    return response


def test_the_share_names_the_manager_at_the_time(shared, line_manager):
    assert SharedSummary.objects.get(pk=shared.pk).shared_with == line_manager


def test_the_named_manager_reads_it(client, shared, line_manager):
    assert WORDS in shared_with_me(client, line_manager).text


def test_a_manager_named_later_by_a_staff_import_reads_nothing(client, shared, staff_member, pat):
    imported_as_manager(staff_member, pat)
    response = shared_with_me(client, pat)
    assert WORDS not in response.text
    assert list(response.context["summaries"]) == []


def test_the_manager_it_was_shared_with_still_reads_it_after_the_change(
    client, shared, staff_member, line_manager, pat
):
    imported_as_manager(staff_member, pat)
    assert WORDS in shared_with_me(client, line_manager).text


def test_sharing_again_names_the_new_manager(client, shared, staff_member, colleague, pat):
    imported_as_manager(staff_member, pat)
    summary_ask(by=staff_member.user, summary=shared)
    summary_agree(by=colleague.user, summary=shared)
    assert SharedSummary.objects.get(pk=shared.pk).shared_with == pat
    assert WORDS in shared_with_me(client, pat).text


def test_the_pair_see_who_it_was_shared_with_and_may_share_it_with_the_new_manager(
    client, shared, staff_member, pat
):
    imported_as_manager(staff_member, pat)
    client.force_login(staff_member.user)
    mentee = shared.relationship.members.get(person=staff_member)
    page = client.get(reverse("relationships:summary", args=[mentee.pk])).text
    assert "with Sam Patel" in page
    assert "the new one reads it only if you share it again" in page
    assert reverse("relationships:summary_ask", args=[mentee.pk]) in page


def test_a_manager_named_between_the_mentees_ask_and_the_mentors_agreement_reads_nothing(
    client, active, staff_member, colleague, pat
):
    """The mentee asked to share it with Sam; the mentor's agreement does not carry it to Pat."""
    summary = summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text=WORDS
    )
    summary_ask(by=staff_member.user, summary=summary)
    imported_as_manager(staff_member, pat)
    with pytest.raises(ValidationError, match="ask again"):
        summary_agree(by=colleague.user, summary=summary)
    assert SharedSummary.objects.get(pk=summary.pk).status == SharedSummary.Status.ASKED
    assert WORDS not in shared_with_me(client, pat).text


def test_the_mentee_may_ask_again_once_the_manager_changed_after_asking(
    client, active, staff_member, pat
):
    summary = summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text=WORDS
    )
    summary_ask(by=staff_member.user, summary=summary)
    imported_as_manager(staff_member, pat)
    client.force_login(staff_member.user)
    mentee = active.members.get(person=staff_member)
    page = client.get(reverse("relationships:summary", args=[mentee.pk])).text
    assert "it can be shared only once Jo asks again" in page
    assert reverse("relationships:summary_ask", args=[mentee.pk]) in page
