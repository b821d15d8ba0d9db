"""Scores as the coordinator reads them: whole numbers that add up, and a score they set under
which proposals are shown but not ticked for approval, saying why."""

import random
import re

import pytest
from django.urls import reverse

from mentoring.people.models import Grade
from programmes.models import Area
from relationships.compatibility import explain
from relationships.models import Proposal, Weights
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, mentor_capacity=2)


def pair_with_score(programme, score, mentee_name="Maya", mentor_name="Carys"):
    mentee = accepted(programme, StaffMemberFactory(first_name=mentee_name), "mentee")
    mentor = accepted(programme, StaffMemberFactory(first_name=mentor_name), "mentor")
    return Proposal.objects.create(
        programme=programme, mentee_application=mentee, mentor_application=mentor, score=score
    )


def checkbox(html, proposal):
    return re.search(rf'<input[^>]*id="proposal-{proposal.pk}"[^>]*>', html).group(0)


def test_each_factor_counts_in_whole_points_that_add_up_to_the_score(coordinator):
    rng = random.Random(7)
    areas = [Area.objects.create(name=f"Area {n}") for n in range(4)]
    grades = [Grade.objects.create(name=f"Grade {n}", seniority=n) for n in range(3)]
    programme = programme_for_matching(coordinator)
    for _ in range(40):
        Weights.objects.update_or_create(
            programme=programme,
            defaults={name: rng.randint(0, 10) for name in Weights.FACTORS} | {"areas": 3},
        )
        mentee = accepted(programme, StaffMemberFactory(grade=rng.choice(grades)), "mentee")
        mentor = accepted(programme, StaffMemberFactory(grade=rng.choice(grades)), "mentor")
        mentee.areas_wanted.set(rng.sample(areas, rng.randint(0, 3)))
        mentor.areas_offered.set(rng.sample(areas, rng.randint(0, 3)))
        explanation = explain(programme, mentee, mentor)
        points = [f.points for f in explanation.factors]
        out_of = [f.out_of for f in explanation.factors]
        assert all(isinstance(n, int) for n in [*points, *out_of])
        assert sum(out_of) == 100
        assert sum(points) == explanation.score
        assert all(0 <= p <= o for p, o in zip(points, out_of, strict=True))


def test_the_matching_page_shows_no_fractions_of_points(client, coordinator, programme):
    Weights.objects.create(programme=programme, areas=5, methods=0, times=0, grade=0)
    pair_with_score(programme, 70)
    client.force_login(coordinator.user)
    html = client.get(reverse("relationships:matching", args=[programme.pk])).text
    assert "out of 100" in html
    assert not re.search(r"\d\.\d+ of", html)


def test_proposals_under_the_coordinators_score_are_shown_unticked_with_why(
    client, coordinator, programme
):
    good = pair_with_score(programme, 80, "Sam", "Idris")
    weak = pair_with_score(programme, 56)
    client.force_login(coordinator.user)
    html = client.get(reverse("relationships:matching", args=[programme.pk])).text
    assert "checked" in checkbox(html, good)
    assert "checked" not in checkbox(html, weak)
    assert "Its score, 56, is under 60, the score you set for ticking" in html


def test_the_coordinator_sets_the_score_for_ticking(client, coordinator, programme):
    weak = pair_with_score(programme, 56)
    client.force_login(coordinator.user)
    url = reverse("relationships:weights", args=[programme.pk])
    form = {name: value for name, value in Weights.DEFAULTS.items()}
    response = client.post(url, form | {"tick_from": "50"})
    assert response.status_code == 302
    assert Weights.objects.get(programme=programme).tick_from == 50
    html = client.get(reverse("relationships:matching", args=[programme.pk])).text
    assert "checked" in checkbox(html, weak)


@pytest.mark.parametrize("bad", ["101", "-1", "sixty", ""])
def test_a_score_for_ticking_outside_0_to_100_is_refused_next_to_the_field(
    client, coordinator, programme, bad
):
    client.force_login(coordinator.user)
    url = reverse("relationships:weights", args=[programme.pk])
    response = client.post(url, dict(Weights.DEFAULTS) | {"tick_from": bad})
    assert response.status_code == 200
    assert 'id="id_tick_from_1_error"' in response.text
    assert "Enter a whole number from 0 to 100" in response.text
    assert not Weights.objects.filter(programme=programme).exists()
