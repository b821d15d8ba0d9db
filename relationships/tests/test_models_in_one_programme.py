"""002: "two or more models operating within a single mentoring programme". A one-to-one
programme may also form groups or two-by-twos where its rules allow them; the group form
offers only the models the programme allows, and each relationship keeps its own."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programmes.models import Programme
from programmes.presets import PRESETS
from relationships.services.pairing import pair
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching


def people(programme, role, count, **fields):
    return [
        accepted(programme, StaffMemberFactory(first_name=f"{role.title()}{n}"), role, **fields)
        for n in range(count)
    ]


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, mentor_capacity=4, other_models=["group"])


def test_a_one_to_one_programme_that_allows_groups_forms_one(programme):
    [mentor] = people(programme, "mentor", 1, capacity=3)
    mentees = people(programme, "mentee", 3)
    relationship = pair(
        programme=programme,
        mentor_ids=[mentor.pk],
        mentee_ids=[m.pk for m in mentees],
        model="group",
    )
    assert relationship.mentoring_model == "group"
    assert relationship.model == "group"
    assert relationship.members.count() == 4


def test_its_one_to_one_pairs_stay_one_to_one(programme):
    [mentor] = people(programme, "mentor", 1, capacity=3)
    mentees = people(programme, "mentee", 2)
    with pytest.raises(ValidationError, match="1 mentee per mentor"):
        pair(programme=programme, mentor_ids=[mentor.pk], mentee_ids=[m.pk for m in mentees])
    relationship = pair(programme=programme, mentor_ids=[mentor.pk], mentee_ids=[mentees[0].pk])
    assert relationship.model == "one_to_one"


def test_a_model_the_programme_does_not_allow_is_refused(programme):
    mentors = people(programme, "mentor", 2, capacity=2)
    mentees = people(programme, "mentee", 2)
    with pytest.raises(ValidationError, match="does not form two-by-two"):
        pair(
            programme=programme,
            mentor_ids=[m.pk for m in mentors],
            mentee_ids=[m.pk for m in mentees],
            model="two_by_two",
        )


def test_a_two_by_two_keeps_its_own_shape(coordinator):
    programme = programme_for_matching(coordinator, mentor_capacity=2, other_models=["two_by_two"])
    mentors = people(programme, "mentor", 2, capacity=2)
    mentees = people(programme, "mentee", 2)
    with pytest.raises(ValidationError, match="two mentors"):
        pair(
            programme=programme,
            mentor_ids=[mentors[0].pk],
            mentee_ids=[m.pk for m in mentees],
            model="two_by_two",
        )
    relationship = pair(
        programme=programme,
        mentor_ids=[m.pk for m in mentors],
        mentee_ids=[m.pk for m in mentees],
        model="two_by_two",
    )
    assert relationship.model == "two_by_two"


def test_a_fresh_group_form_has_the_programme_s_own_model_chosen(client, coordinator, programme):
    client.force_login(coordinator.user)
    html = client.get(reverse("relationships:group_new", args=[programme.pk])).text
    chosen = re.findall(r'<input[^>]*name="model"[^>]*checked[^>]*>', html)
    assert len(chosen) == 1 and f'value="{programme.mentoring_model}"' in chosen[0]


def test_the_group_form_offers_only_the_allowed_models_and_forms_a_group(
    client, coordinator, programme
):
    [mentor] = people(programme, "mentor", 1, capacity=2)
    mentees = people(programme, "mentee", 2)
    client.force_login(coordinator.user)
    url = reverse("relationships:group_new", args=[programme.pk])
    html = client.get(url).text
    assert 'value="group"' in html and 'value="one_to_one"' in html
    assert 'value="two_by_two"' not in html and 'value="team"' not in html
    data = {"model": "group", "mentors": [mentor.pk], "mentees": [m.pk for m in mentees]}
    response = client.post(url, data)
    assert response.status_code == 302
    relationship = programme.relationships.get()
    assert relationship.model == "group"
    client.force_login(mentor.applicant.user)
    page = client.get(reverse("relationships:detail", args=[relationship.pk])).text
    assert "Group (one mentor, up to four mentees)" in page


def test_the_group_form_refuses_a_model_not_allowed_next_to_the_field(
    client, coordinator, programme
):
    [mentor] = people(programme, "mentor", 1, capacity=2)
    mentees = people(programme, "mentee", 2)
    client.force_login(coordinator.user)
    url = reverse("relationships:group_new", args=[programme.pk])
    data = {"model": "team", "mentors": [mentor.pk], "mentees": [m.pk for m in mentees]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'id="id_model-error"' in response.text or "id_model_1_error" in response.text
    assert not programme.relationships.exists()


def test_a_programme_cannot_list_an_unknown_model_and_drops_its_own(db):
    programme = Programme(name="x", purpose="y", other_models=["one_to_one", "juggling"])
    with pytest.raises(ValidationError) as caught:
        programme.full_clean()
    assert "other_models" in caught.value.message_dict
    programme.other_models = ["one_to_one", "group"]
    programme.full_clean()
    assert programme.other_models == ["group"]


def test_the_sssc_preset_allows_the_other_models_its_guidance_describes():
    # 002: "The four models are: traditional one-to-one ..., group ..., two-by-two ...,
    # team peer mentoring", with "two or more models operating within a single programme".
    assert PRESETS["sssc-peer"]["rules"]["other_models"] == ["group", "two_by_two", "team"]
    assert all(
        p["rules"].get("other_models", []) == [] for k, p in PRESETS.items() if k != "sssc-peer"
    )
