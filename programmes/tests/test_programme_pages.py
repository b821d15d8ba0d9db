import pytest
from django.urls import reverse

from programmes.models import PolicyRevision, Programme
from programmes.presets import PRESETS

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator.user)
    return client


def form_data(**changes):
    data = {"name": "Reverse mentoring 2027", "purpose": "Senior leaders learn from colleagues."}
    data |= {
        k: ("on" if v is True else v)
        for k, v in PRESETS["cleveland-reverse"]["rules"].items()
        if v is not False and v is not None
    }
    data |= {"group_size_min": 1, "group_size_max": 1, "request_expiry_days": 14}
    data |= {"notice_days": 2, "end_notice_days": 30, "nudge_every_days": 7, "retention_months": 24}
    return data | changes


def test_a_coordinator_picks_a_preset_and_sees_its_rules_filled_in(signed_in):
    assert "Reverse mentoring" in signed_in.get(reverse("programmes:new")).text
    response = signed_in.get(reverse("programmes:new"), {"preset": "cleveland-reverse"})
    form = response.context["form"]
    assert form["mentoring_model"].value() == "reverse"
    assert form["length_max_months"].value() == 6


def test_a_coordinator_creates_a_programme_from_a_preset(signed_in, coordinator):
    url = reverse("programmes:new") + "?preset=cleveland-reverse"
    response = signed_in.post(url, form_data(), follow=True)
    programme = Programme.objects.get()
    assert response.redirect_chain[-1][0] == programme.get_absolute_url()
    assert (programme.preset, programme.status, programme.mentor_capacity) == (
        "cleveland-reverse",
        "draft",
        1,
    )
    assert list(programme.coordinators.all()) == [coordinator]
    assert "Set up, based on Cleveland Police" in response.text  # its own history starts


def test_impossible_rules_are_refused_next_to_the_field(signed_in):
    url = reverse("programmes:new") + "?preset=cleveland-reverse"
    response = signed_in.post(url, form_data(mentor_capacity=3, sessions_min=20))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["mentor_capacity"] == [
        "Reverse mentoring is one-to-one: a capacity of 1 (003)."
    ]
    assert "The shortest number of sessions" in form.errors["sessions_min"][0]
    assert not Programme.objects.exists()


def test_the_coordinator_sets_the_reminder_timings_within_limits(signed_in):
    url = reverse("programmes:new") + "?preset=cleveland-reverse"
    response = signed_in.post(url, form_data(nudge_every_days=0, end_notice_days=400))
    form = response.context["form"]
    assert "greater than or equal to 1" in form.errors["nudge_every_days"][0]
    assert "less than or equal to 90" in form.errors["end_notice_days"][0]
    assert not Programme.objects.exists()
    signed_in.post(url, form_data(notice_days=5, nudge_every_days=3))
    programme = Programme.objects.get()
    assert (programme.notice_days, programme.nudge_every_days) == (5, 3)


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


def test_an_empty_programme_form_is_refused_next_to_the_fields(signed_in):
    response = signed_in.post(reverse("programmes:new") + "?preset=blank", {})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert not Programme.objects.exists()
