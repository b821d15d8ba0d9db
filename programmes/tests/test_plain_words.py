"""Applicants, line managers and sponsors read the programme pages without policy codes:
no "§", no "003"; presets are named by what they are, and coordinators see the source policy
as a note."""

import html as markup
import re

import pytest
from django.urls import reverse

from programmes.models import Application, Booking, TrainingSession
from programmes.presets import PRESETS
from programmes.services.applications import application_submit
from tests.matching import accepted, paired, programme_for_matching

pytestmark = pytest.mark.django_db

POLICY_CODE = re.compile(r"§|\b00[0-4]\b")


def visible_text(response):
    """The words on the page, without markup, scripts or hidden inputs' values."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return markup.unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def everything(staff_member, line_manager, colleague, coordinator, open_programme):
    """A mentee application waiting for its manager, a mentor application, a relationship in
    a directory programme and a training session with a priority booking."""
    application = application_submit(
        by=staff_member.user,
        application=Application(
            programme=open_programme, role="mentee", needs=["advice"], aims="Lead."
        ),
    )
    chooser = programme_for_matching(coordinator, matching_mode="directory")
    paired(accepted(chooser, colleague, "mentor"), accepted(chooser, staff_member, "mentee"))
    session = TrainingSession.objects.create(
        kind="mentor_training",
        starts_at="2031-01-06T09:30Z",
        place="Training room 2",
        capacity=5,
        programme=open_programme,
    )
    Booking.objects.create(session=session, person=staff_member, status="booked")
    return {"application": application, "chooser": chooser, "session": session}


def participant_pages(programme, everything):
    return [
        reverse("programmes:list"),
        programme.get_absolute_url(),
        everything["chooser"].get_absolute_url(),
        reverse("programmes:apply_mentee", args=[programme.pk]),
        reverse("programmes:apply_mentor", args=[programme.pk]),
        reverse("programmes:my_applications"),
        reverse("programmes:my_history"),
        reverse("programmes:training"),
        reverse("programmes:training_detail", args=[everything["session"].pk]),
        reverse("programmes:approvals"),
    ]


@pytest.mark.parametrize("who", ["staff_member", "colleague", "line_manager", "sponsor"])
def test_participant_pages_carry_no_policy_codes(client, request, open_programme, everything, who):
    person = request.getfixturevalue(who)
    client.force_login(person.user)
    pages = participant_pages(open_programme, everything)
    if who == "line_manager":
        pages.append(reverse("programmes:approval", args=[everything["application"].pk]))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = POLICY_CODE.findall(visible_text(response))
        assert not found, f"{url} shows {found}"


def test_the_walk_would_see_a_policy_code(client, staff_member, open_programme):
    open_programme.purpose = "As 003 §3.1 says."
    open_programme.save()
    client.force_login(staff_member.user)
    text = visible_text(client.get(open_programme.get_absolute_url()))
    assert POLICY_CODE.findall(text) == ["003", "§"]


def test_presets_are_named_by_what_they_are(client, coordinator):
    client.force_login(coordinator.user)
    text = visible_text(client.get(reverse("programmes:new")))
    for name in ["Traditional one-to-one", "Reverse mentoring", "Peer mentoring"]:
        assert name in text
    assert "Start from Cleveland" not in text
    assert "Based on Cleveland Police's mentoring policy" in text


def test_each_preset_has_its_own_name_and_a_source(client):
    names = [preset["name"] for preset in PRESETS.values()]
    assert len(set(names)) == len(names)
    assert all(preset["source"] for preset in PRESETS.values())
    assert not any(POLICY_CODE.search(name) for name in names)


def test_a_coordinator_sees_the_source_policy_as_a_note(client, coordinator, open_programme):
    client.force_login(coordinator.user)
    text = visible_text(client.get(open_programme.get_absolute_url()))
    assert "Based on Cleveland Police's mentoring policy" in text


def test_staff_do_not_see_where_the_rules_came_from(client, staff_member, open_programme):
    client.force_login(staff_member.user)
    text = visible_text(client.get(open_programme.get_absolute_url()))
    assert "Based on" not in text
