"""Other mentor: each choice is named in full and says what it does to the others, a place
free or who would then be unmatched, and choosing a full mentor does just that."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from relationships.models import Proposal
from relationships.services.proposals import proposal_change
from relationships.unmatched import unmatched_in
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, mentor_capacity=2)


@pytest.fixture
def people(programme):
    """Maya is proposed to Carys Hughes; Carys Smith is full with Sam; Carys Clarke is free."""

    def person(first, last, role):
        return accepted(programme, StaffMemberFactory(first_name=first, last_name=last), role)

    people = {
        "hughes": person("Carys", "Hughes", "mentor"),
        "smith": person("Carys", "Smith", "mentor"),
        "clarke": person("Carys", "Clarke", "mentor"),
        "maya": person("Maya", "Edwards", "mentee"),
        "sam": person("Sam", "Begum", "mentee"),
    }
    for mentee, mentor in [("maya", "hughes"), ("sam", "smith")]:
        Proposal.objects.create(
            programme=programme,
            mentee_application=people[mentee],
            mentor_application=people[mentor],
            score=50,
        )
    return people


def page_of(client, coordinator, proposal):
    client.force_login(coordinator.user)
    return client.get(reverse("relationships:proposal_change", args=[proposal.pk])).text


def test_each_choice_names_the_mentor_and_who_it_would_displace(client, coordinator, people):
    proposal = Proposal.objects.get(mentee_application=people["maya"])
    html = page_of(client, coordinator, proposal)
    assert "Propose Carys Smith" in html
    assert "Sam Begum would then be unmatched" in html
    assert "Propose Carys Clarke" in html
    assert "Carys Clarke has a place free" in html
    assert html.count(">Propose Carys<") == 0


def test_choosing_a_full_mentor_leaves_the_one_displaced_unmatched(
    client, coordinator, programme, people
):
    proposal = Proposal.objects.get(mentee_application=people["maya"])
    sam = Proposal.objects.get(mentee_application=people["sam"])
    client.force_login(coordinator.user)
    url = reverse("relationships:proposal_change", args=[proposal.pk])
    response = client.post(url, {"mentor": people["smith"].pk, "displacing": sam.pk})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.mentor_application == people["smith"]
    assert not Proposal.objects.filter(pk=sam.pk).exists()
    assert people["sam"] in [m for m, _ in unmatched_in(programme).mentees]


def test_a_pinned_proposal_is_never_displaced(coordinator, people):
    proposal = Proposal.objects.get(mentee_application=people["maya"])
    sam = Proposal.objects.get(mentee_application=people["sam"])
    Proposal.objects.filter(pk=sam.pk).update(is_pinned=True)
    sam.refresh_from_db()
    with pytest.raises(ValidationError, match="pinned"):
        proposal_change(
            by=coordinator.user,
            proposal=proposal,
            mentor_application=people["smith"],
            displacing=sam,
        )
    assert Proposal.objects.filter(pk=sam.pk).exists()


def test_only_one_of_the_chosen_mentors_proposals_can_be_displaced(client, coordinator, people):
    proposal = Proposal.objects.get(mentee_application=people["maya"])
    client.force_login(coordinator.user)
    url = reverse("relationships:proposal_change", args=[proposal.pk])
    for bad in [proposal.pk, "abc", 99999]:
        response = client.post(url, {"mentor": people["smith"].pk, "displacing": bad})
        assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.mentor_application == people["hughes"]


@pytest.mark.parametrize("size", [2, 10])
def test_the_page_takes_the_same_queries_whatever_the_number_of_mentors(
    client, coordinator, programme, people, django_assert_num_queries, size
):
    for _ in range(size):
        mentor = accepted(programme, StaffMemberFactory(), "mentor")
        mentee = accepted(programme, StaffMemberFactory(), "mentee")
        Proposal.objects.create(
            programme=programme, mentee_application=mentee, mentor_application=mentor, score=40
        )
    proposal = Proposal.objects.get(mentee_application=people["maya"])
    client.force_login(coordinator.user)
    url = reverse("relationships:proposal_change", args=[proposal.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


QUERIES = 24


def test_a_refused_choice_says_why_in_plain_words(client, coordinator, programme, people):
    boss = accepted(programme, StaffMemberFactory(first_name="Bea"), "mentor")
    people["maya"].applicant.line_manager = boss.applicant
    people["maya"].applicant.save()
    proposal = Proposal.objects.get(mentee_application=people["maya"])
    client.force_login(coordinator.user)
    url = reverse("relationships:proposal_change", args=[proposal.pk])
    html = client.post(url, {"mentor": boss.pk}, follow=True).text
    assert "directly line manage" in html
    assert "§" not in html and "003" not in html
    proposal.refresh_from_db()
    assert proposal.mentor_application == people["hughes"]
