"""The review asks whether the mentoring agreement is still relevant and links to it (004
Annex A: "Review the contract on a six monthly basis to ascertain its continued relevance and
amend accordingly if required")."""

import pytest
from django.urls import reverse

from relationships.models import ReviewAnswer
from relationships.services.agreements import agreement_prefill, agreement_save
from relationships.tests import test_care

active = test_care.active
AIMS = ["Build confidence", "Learn to delegate", "Prepare for promotion"]


@pytest.fixture
def agreed(active, colleague):
    data = agreement_prefill(active) | {"aims": AIMS}
    agreement_save(by=colleague.user, relationship=active, data=data)
    return active


def url(relationship):
    return reverse("relationships:review", args=[relationship.pk])


def test_the_review_links_to_the_agreement_and_asks_if_it_is_still_relevant(
    client, agreed, staff_member
):
    client.force_login(staff_member.user)
    page = client.get(url(agreed)).text
    assert "Is your mentoring agreement still relevant?" in page
    assert reverse("relationships:agreement_current", args=[agreed.pk]) in page


def test_a_review_without_the_answer_is_refused_next_to_the_field(client, agreed, staff_member):
    client.force_login(staff_member.user)
    response = client.post(url(agreed), {"helping": "yes", "plan_progress": "Going well."})
    assert response.status_code == 200
    assert response.context["form"].errors["agreement_fits"] == [
        "Say whether your mentoring agreement is still relevant."
    ]
    assert not ReviewAnswer.objects.exists()


def test_still_relevant_is_kept_with_the_review(client, agreed, staff_member, colleague):
    client.force_login(staff_member.user)
    data = {"helping": "yes", "plan_progress": "Going well.", "agreement_fits": "yes"}
    response = client.post(url(agreed), data)
    assert response.status_code == 302
    assert ReviewAnswer.objects.get().agreement_fits == "yes"
    client.force_login(colleague.user)
    assert "The agreement: yes, it is still relevant." in client.get(url(agreed)).text


def test_needs_changing_leads_to_the_agreement_to_change_it(client, agreed, staff_member):
    client.force_login(staff_member.user)
    data = {"helping": "partly", "plan_progress": "Slow.", "agreement_fits": "change"}
    response = client.post(url(agreed), data)
    assert response.url == reverse("relationships:agreement_current", args=[agreed.pk])
    assert ReviewAnswer.objects.get().agreement_fits == "change"


def test_without_an_agreement_the_review_does_not_ask(client, active, staff_member):
    client.force_login(staff_member.user)
    assert "still relevant" not in client.get(url(active)).text
    data = {"helping": "yes", "plan_progress": "Going well.", "agreement_fits": "change"}
    assert client.post(url(active), data).status_code == 302
    assert ReviewAnswer.objects.get().agreement_fits == ""
