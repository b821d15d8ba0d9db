"""Setting up a programme step by step: each step asks only what applies, keeps its answers,
and nothing is created before the last page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.people.services import role_grant
from programmes.forms import SECTIONS
from programmes.models import Programme
from programmes.services.programmes import a_year_after
from programmes.setup import PROGRAMME_FIELDS, STEPS
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator.user)
    return client


def start(client, preset="cleveland-traditional"):
    return client.get(reverse("programmes:new"), {"preset": preset})


def step_url(slug, **query):
    url = reverse("programmes:new_step", args=[slug])
    return url + ("?change=1" if query.get("change") else "")


def shown(response):
    return set(response.context["form"].fields)


def answers_of(response):
    """What a person sees filled in on the step, ready to post back."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False, "") or value == []:
            continue
        data[name] = "on" if value is True else value
    return data


def continue_from(client, slug, **changes):
    data = answers_of(client.get(step_url(slug))) | changes
    return client.post(step_url(slug), {k: v for k, v in data.items() if v is not None})


def answer_every_step(client, **changes):
    for step in STEPS:
        mine = {k: v for k, v in changes.items() if k in step.fields}
        response = continue_from(client, step.slug, **mine)
        assert response.status_code == 302, response.context["form"].errors
    return response


def test_choosing_a_preset_leads_to_the_first_step(signed_in):
    response = start(signed_in)
    assert response.url == step_url("purpose")
    response = signed_in.get(response.url)
    assert "step 1 of 6" in response.text
    assert "Traditional one-to-one" in response.text


def test_each_step_is_filled_in_from_the_preset(signed_in):
    start(signed_in, "cleveland-reverse")
    form = signed_in.get(step_url("rules")).context["form"]
    assert (form["mentoring_model"].value(), form["length_max_months"].value()) == ("reverse", 6)
    form = signed_in.get(step_url("joining")).context["form"]
    assert form["mentee_induction_required"].value() is True


def test_an_empty_first_step_is_refused_next_to_its_fields(signed_in):
    start(signed_in, "blank")
    response = signed_in.post(step_url("purpose"), {})
    errors = response.context["form"].errors
    assert errors["name"] == errors["purpose"] == ["This field is required."]
    assert signed_in.get(reverse("programmes:new_check")).url == step_url("purpose")


def test_reminder_timings_stay_within_their_limits(signed_in):
    start(signed_in)
    response = continue_from(signed_in, "privacy", nudge_every_days=0, end_notice_days=400)
    errors = response.context["form"].errors
    assert "greater than or equal to 1" in errors["nudge_every_days"][0]
    assert "less than or equal to 90" in errors["end_notice_days"][0]
    answer_every_step(
        signed_in, name="Mentoring 2027", purpose="Grow.", notice_days=5, nudge_every_days=3
    )
    signed_in.post(reverse("programmes:new_check"))
    programme = Programme.objects.get()
    assert (programme.notice_days, programme.nudge_every_days) == (5, 3)


def test_the_coordinator_setting_it_up_is_already_named(signed_in, coordinator):
    role_grant(user=StaffMemberFactory().user, role="coordinator")
    start(signed_in)
    response = signed_in.get(step_url("purpose"))
    assert response.context["form"]["coordinators"].value() == [coordinator.pk]


def test_group_sizes_are_not_asked_for_a_one_to_one_programme(signed_in):
    start(signed_in)
    response = signed_in.get(step_url("rules"))
    assert not shown(response) & {"group_size_min", "group_size_max"}
    assert "request_expiry_days" in shown(response)  # mentees choose from the directory
    assert "Largest group of mentees" not in response.text


def test_reverse_mentoring_does_not_ask_how_many_mentees_a_mentor_takes(signed_in):
    start(signed_in, "cleveland-reverse")
    response = signed_in.get(step_url("rules"))
    assert "mentor_capacity" not in shown(response)
    assert "request_expiry_days" not in shown(response)  # the coordinator matches


def test_choosing_a_group_model_asks_for_the_group_sizes(signed_in):
    start(signed_in)
    response = continue_from(signed_in, "rules", mentoring_model="group")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["group_size_max"] == ["Enter the largest group of mentees for this model."]
    response = continue_from(
        signed_in, "rules", mentoring_model="group", group_size_min=2, group_size_max=3
    )
    assert response.status_code == 302, response.context["form"].errors
    assert {"group_size_min", "group_size_max"} <= shown(signed_in.get(step_url("rules")))


def test_each_step_refuses_bad_input_next_to_the_field(signed_in):
    start(signed_in)
    response = continue_from(signed_in, "purpose", name="")
    assert response.context["form"].errors["name"] == ["This field is required."]
    response = continue_from(signed_in, "rules", sessions_min=20, mentor_capacity="many")
    errors = response.context["form"].errors
    assert "The shortest number of sessions" in errors["sessions_min"][0]
    assert errors["mentor_capacity"] == ["Enter a whole number."]
    response = continue_from(signed_in, "privacy", notice_days=0)
    assert "notice_days" in response.context["form"].errors
    yesterday = timezone.localdate() - timedelta(days=1)
    response = continue_from(signed_in, "policy", policy_next_review_on=yesterday.isoformat())
    assert response.context["form"].errors["policy_next_review_on"] == [
        "The next review must be in the future."
    ]
    assert "There is a problem" in response.text
    assert not Programme.objects.exists()


def test_a_made_up_model_or_person_is_refused_not_an_error(signed_in):
    start(signed_in)
    response = continue_from(signed_in, "rules", mentoring_model="nonsense")
    assert "Select a valid choice" in response.context["form"].errors["mentoring_model"][0]
    response = continue_from(signed_in, "purpose", name="x", purpose="y", sponsor="99999")
    assert "Select a valid choice" in response.context["form"].errors["sponsor"][0]
    response = continue_from(signed_in, "purpose", name="x", purpose="y", coordinators=["1x"])
    assert response.context["form"].errors["coordinators"]
    assert not Programme.objects.exists()


def test_a_draft_from_a_preset_no_longer_offered_starts_again(signed_in):
    start(signed_in)
    session = signed_in.session
    session["programme_setup"]["preset"] = "retired-preset"
    session.save()
    response = signed_in.get(step_url("purpose"))
    assert response.status_code == 200
    assert "Your own rules" in response.text


@pytest.mark.parametrize("coordinators", [1, 20])
def test_a_step_takes_the_same_queries_whatever_the_number_of_coordinators(
    signed_in, django_assert_num_queries, coordinators
):
    for person in StaffMemberFactory.create_batch(coordinators):
        role_grant(user=person.user, role="coordinator")
    start(signed_in)
    with django_assert_num_queries(12):
        signed_in.get(step_url("purpose"))


def test_going_back_keeps_the_answers(signed_in):
    start(signed_in)
    continue_from(signed_in, "purpose", name="Mentoring 2027", purpose="Grow our people.")
    continue_from(signed_in, "rules", mentor_capacity=2)
    response = signed_in.get(step_url("rules"))
    assert response.context["back"] == step_url("purpose")
    assert signed_in.get(step_url("purpose")).context["form"]["name"].value() == "Mentoring 2027"
    assert response.context["form"]["mentor_capacity"].value() == 2


def test_the_policy_step_offers_a_review_a_year_from_today(signed_in):
    start(signed_in)
    form = signed_in.get(step_url("policy")).context["form"]
    assert form["policy_next_review_on"].value() == a_year_after(timezone.localdate()).isoformat()
    assert form["policy_title"].value() == "Mentoring Programme Policy"


def test_nothing_is_created_until_the_answers_are_checked(signed_in, coordinator):
    start(signed_in)
    response = answer_every_step(signed_in, name="Mentoring 2027", purpose="Grow our people.")
    assert response.url == reverse("programmes:new_check")
    assert not Programme.objects.exists()
    response = signed_in.get(response.url)
    assert "step 6 of 6" in response.text
    assert "Mentoring 2027" in response.text
    assert "Alex Morgan" in response.text  # the coordinator, named
    assert response.text.count("?change=1") == 5  # one for each step
    response = signed_in.post(reverse("programmes:new_check"), follow=True)
    programme = Programme.objects.get()
    assert response.redirect_chain[-1][0] == programme.get_absolute_url()
    assert (programme.name, programme.preset, programme.status) == (
        "Mentoring 2027",
        "cleveland-traditional",
        "draft",
    )
    assert list(programme.coordinators.all()) == [coordinator]
    assert programme.policy.version == "1"
    assert "Based on Cleveland Police&#x27;s mentoring policy, version 2.7" in response.text


def test_a_change_from_the_check_page_returns_to_it(signed_in):
    start(signed_in)
    answer_every_step(signed_in, name="Mentoring 2027", purpose="Grow our people.")
    response = signed_in.get(step_url("rules", change=True))
    assert response.status_code == 200
    data = answers_of(response) | {"mentor_capacity": 2}
    response = signed_in.post(step_url("rules", change=True), data)
    assert response.url == reverse("programmes:new_check")
    signed_in.post(reverse("programmes:new_check"))
    assert Programme.objects.get().mentor_capacity == 2


def test_the_check_page_sends_you_to_the_first_step_not_answered(signed_in):
    start(signed_in)
    continue_from(signed_in, "purpose", name="Mentoring 2027", purpose="Grow our people.")
    response = signed_in.post(reverse("programmes:new_check"))
    assert response.url == step_url("rules")
    assert not Programme.objects.exists()


def test_a_group_programme_keeps_its_groups_and_a_one_to_one_does_not(signed_in):
    start(signed_in, "sssc-peer")
    answer_every_step(
        signed_in,
        name="Peer groups",
        purpose="Learn together.",
        mentoring_model="group",
        mentor_capacity=4,
        group_size_min=2,
        group_size_max=4,
    )
    response = continue_from(signed_in, "rules", mentoring_model="one_to_one")
    assert response.status_code == 302
    signed_in.post(reverse("programmes:new_check"))
    programme = Programme.objects.get()
    assert (programme.mentoring_model, programme.group_size_min, programme.group_size_max) == (
        "one_to_one",
        1,
        1,
    )


def test_an_unknown_step_is_not_found(signed_in):
    assert signed_in.get("/programmes/new/nonsense/").status_code == 404


def test_only_coordinators_set_up_programmes(client, line_manager):
    client.force_login(line_manager.user)
    assert client.get(reverse("programmes:new")).status_code == 403
    assert client.post(step_url("purpose"), {"name": "x"}).status_code == 403
    assert client.post(reverse("programmes:new_check")).status_code == 403
    assert not Programme.objects.exists()


@pytest.mark.parametrize("coordinators", [1, 20])
def test_the_check_page_takes_the_same_queries_whatever_the_number_of_coordinators(
    signed_in, django_assert_num_queries, coordinators
):
    for person in StaffMemberFactory.create_batch(coordinators):
        role_grant(user=person.user, role="coordinator")
    start(signed_in)
    answer_every_step(signed_in, name="Mentoring 2027", purpose="Grow our people.")
    with django_assert_num_queries(10):
        signed_in.get(reverse("programmes:new_check"))


def test_the_steps_ask_every_rule_the_edit_form_asks_and_each_once():
    edited = [name for _, names in SECTIONS for name in names]
    assert sorted(PROGRAMME_FIELDS) == sorted(edited)
    assert len(set(PROGRAMME_FIELDS)) == len(PROGRAMME_FIELDS)
