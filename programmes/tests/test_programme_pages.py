import pytest
from django.urls import reverse

from programmes.forms import ProgrammeEditForm
from programmes.models import PolicyRevision, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator.user)
    return client


def edit_data(programme, **changes):
    form = ProgrammeEditForm(instance=programme)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False, "") or value == []:
            continue
        data[name] = "on" if value is True else value
    return data | changes


def test_editing_a_one_to_one_programme_does_not_ask_for_group_sizes(signed_in, open_programme):
    response = signed_in.get(reverse("programmes:edit", args=[open_programme.pk]))
    assert "Largest group of mentees" not in response.text
    assert "Most mentees a mentor may take" in response.text


def test_an_edit_to_a_group_model_asks_for_the_group_sizes_then_keeps_them(
    signed_in, open_programme
):
    url = reverse("programmes:edit", args=[open_programme.pk])
    response = signed_in.post(url, edit_data(open_programme, mentoring_model="group"))
    assert response.context["form"].errors["group_size_max"] == [
        "Enter the largest group of mentees for this model."
    ]
    data = edit_data(open_programme, mentoring_model="group", group_size_min=2, group_size_max=3)
    assert signed_in.post(url, data).status_code == 302
    open_programme.refresh_from_db()
    assert (open_programme.group_size_min, open_programme.group_size_max) == (2, 3)


def test_an_edit_back_to_one_to_one_puts_the_groups_away(signed_in, open_programme):
    Programme.objects.filter(pk=open_programme.pk).update(
        mentoring_model="group", group_size_min=2, group_size_max=3
    )
    open_programme.refresh_from_db()
    url = reverse("programmes:edit", args=[open_programme.pk])
    response = signed_in.post(url, edit_data(open_programme, mentoring_model="one_to_one"))
    assert response.status_code == 302
    open_programme.refresh_from_db()
    assert (open_programme.group_size_min, open_programme.group_size_max) == (1, 1)


def test_the_programme_page_says_how_it_works_in_words(client, staff_member, open_programme):
    client.force_login(staff_member.user)
    response = client.get(open_programme.get_absolute_url())
    assert "Mentees choose from the mentor directory" in response.text
    assert "Up to 3" in response.text and "3 to 12 sessions" in response.text
    assert "Private to the mentor and mentee" in response.text
    assert "Edit programme" not in response.text


def test_a_draft_programme_is_hidden_from_staff(client, staff_member, coordinator, open_programme):
    Programme.objects.filter(pk=open_programme.pk).update(status="draft")
    client.force_login(staff_member.user)
    assert client.get(open_programme.get_absolute_url()).status_code == 404
    assert "Cleveland mentoring" not in client.get(reverse("programmes:list")).text


def test_its_coordinator_opens_closes_and_archives_it(signed_in, open_programme):
    status_url = reverse("programmes:status", args=[open_programme.pk])
    response = signed_in.post(status_url, {"status": "closed", "confirmed": "yes"}, follow=True)
    assert "The programme is now closed." in response.text
    archive_url = reverse("programmes:archive", args=[open_programme.pk])
    response = signed_in.post(archive_url, {"confirmed": "yes"}, follow=True)
    assert "is archived" in response.text
    assert Programme.objects.get(pk=open_programme.pk).is_archived


def test_an_illegal_move_is_a_message_not_an_error(signed_in, open_programme):
    url = reverse("programmes:status", args=[open_programme.pk])
    response = signed_in.post(url, {"status": "draft"}, follow=True)
    assert "cannot become draft" in response.text
    response = signed_in.post(url, {"status": "nonsense"}, follow=True)
    assert "Choose a status." in response.text
    assert Programme.objects.get(pk=open_programme.pk).status == "open"


def test_a_policy_edit_adds_a_revision_row(signed_in, open_programme):
    policy = open_programme.policy
    response = signed_in.post(
        reverse("programmes:policy", args=[open_programme.pk]),
        {
            "title": policy.title,
            "version": "2.8",
            "owner": "Head of People",
            "approved_on": "2026-11-01",
            "next_review_on": "2027-11-01",
            "text": "Updated.",
            "reason": "Annual review",
        },
        follow=True,
    )
    assert "Annual review" in response.text
    assert PolicyRevision.objects.filter(policy=policy, version="2.8").exists()


def test_a_policy_edit_without_a_reason_changes_nothing(signed_in, open_programme):
    url = reverse("programmes:policy", args=[open_programme.pk])
    response = signed_in.post(url, {"title": "New", "version": "9", "reason": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text
    open_programme.policy.refresh_from_db()
    assert open_programme.policy.version == "1"


@pytest.mark.parametrize("revisions", [1, 30])
def test_the_programme_page_takes_the_same_queries_whatever_its_history(
    signed_in, open_programme, django_assert_num_queries, revisions
):
    PolicyRevision.objects.bulk_create(
        PolicyRevision(policy=open_programme.policy, revised_on="2026-01-01", reason="r")
        for _ in range(revisions)
    )
    # session, user, permissions (2), programme with policy, coordinators, revisions,
    # manager check, sliding session expiry (3)
    # the navigation's line-manager check, and the person's own applications to it
    with django_assert_num_queries(14):
        signed_in.get(open_programme.get_absolute_url())


def test_the_policy_page_says_what_the_policy_is_based_on(signed_in, open_programme):
    response = signed_in.get(reverse("programmes:policy", args=[open_programme.pk]))
    assert "Based on Cleveland Police&#x27;s mentoring policy, version 2.7." in response.text
