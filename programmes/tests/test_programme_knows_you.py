"""A programme's page knows where you stand: your application and what it waits for instead of
"Apply", your relationship in it, and whether you can look for a mentor yet."""

import re

import pytest
from django.urls import reverse

from programmes.models import Application
from programmes.services.applications import application_submit
from tests.matching import accepted, paired, programme_for_matching

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def mentee_application(person, programme):
    return application_submit(
        by=person.user,
        application=Application(
            programme=programme, role="mentee", needs=["advice"], aims="Lead a team."
        ),
    )


def test_the_programme_page_says_you_applied_and_what_it_waits_for(
    client, staff_member, open_programme
):
    application = mentee_application(staff_member, open_programme)
    client.force_login(staff_member.user)
    response = client.get(open_programme.get_absolute_url())
    when = application.created_at.strftime("%-d %B %Y")
    assert f"You applied on {when} to be a mentee: waiting for your manager, Sam Patel" in text(
        response
    )
    assert "Apply to be a mentee" not in response.text
    assert "Apply to be a mentor" in response.text
    withdraw = reverse("programmes:withdraw", args=[application.pk])
    assert f'action="{withdraw}"' in response.text


def test_someone_who_has_not_applied_is_offered_both_roles(client, staff_member, open_programme):
    client.force_login(staff_member.user)
    response = client.get(open_programme.get_absolute_url())
    assert "Apply to be a mentee" in response.text and "Apply to be a mentor" in response.text
    assert "You applied" not in response.text


def test_applying_a_second_time_shows_the_first_application_not_a_form(
    client, staff_member, open_programme
):
    mentee_application(staff_member, open_programme)
    client.force_login(staff_member.user)
    url = reverse("programmes:apply_mentee", args=[open_programme.pk])
    response = client.get(url)
    assert "waiting for your manager, Sam Patel" in text(response)
    assert "form" not in response.context or response.context["form"] is None
    response = client.post(url, {"needs": ["advice"], "aims": "Again."})
    assert "waiting for your manager, Sam Patel" in text(response)
    assert Application.objects.count() == 1


def test_a_mentee_in_a_relationship_finds_a_link_to_it(
    client, coordinator, staff_member, colleague
):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    mentee = accepted(programme, staff_member, "mentee")
    relationship = paired(accepted(programme, colleague, "mentor"), mentee)
    client.force_login(staff_member.user)
    response = client.get(programme.get_absolute_url())
    assert reverse("relationships:detail", args=[relationship.pk]) in response.text
    assert "to be a mentee: accepted" in text(response)


def test_find_a_mentor_shows_once_the_mentee_is_accepted(client, coordinator, staff_member):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    accepted(programme, staff_member, "mentee")
    client.force_login(staff_member.user)
    response = client.get(programme.get_absolute_url())
    assert reverse("relationships:directory", args=[programme.pk]) in response.text


def test_find_a_mentor_says_why_it_is_not_open_yet(client, coordinator, staff_member):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    client.force_login(staff_member.user)
    response = client.get(programme.get_absolute_url())
    directory = reverse("relationships:directory", args=[programme.pk])
    assert directory not in response.text
    assert "You can look for a mentor once you have applied to be a mentee" in text(response)
    mentee_application(staff_member, programme)
    response = client.get(programme.get_absolute_url())
    assert directory not in response.text
    assert "You can look for a mentor once your application is accepted" in text(response)


def test_a_programme_where_the_coordinator_matches_offers_no_directory(
    client, staff_member, open_programme
):
    open_programme.matching_mode = "coordinator"
    open_programme.save()
    client.force_login(staff_member.user)
    response = client.get(open_programme.get_absolute_url())
    assert "look for a mentor" not in response.text


def test_the_programme_page_reads_as_many_queries_however_many_take_part(
    client, coordinator, staff_member, colleague
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import StaffMemberFactory

    programme = programme_for_matching(coordinator, matching_mode="directory")
    mentee = accepted(programme, staff_member, "mentee")
    paired(accepted(programme, colleague, "mentor", capacity=9), mentee)
    client.force_login(staff_member.user)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            client.get(programme.get_absolute_url())
        counts.append(len(queries))
        for _ in range(5):
            accepted(programme, StaffMemberFactory(), "mentee")
    assert counts[0] == counts[1]


def test_my_applications_says_where_each_stands_in_the_same_words(
    client, staff_member, open_programme
):
    application = mentee_application(staff_member, open_programme)
    client.force_login(staff_member.user)
    when = application.created_at.strftime("%-d %B %Y")
    said = f"You applied on {when} to be a mentee: waiting for your manager, Sam Patel"
    assert said in text(client.get(reverse("programmes:my_applications")))
    client.post(reverse("programmes:withdraw", args=[application.pk]), {"confirmed": "yes"})
    response = client.get(reverse("programmes:my_applications"))
    assert f"You applied on {when} to be a mentee: you withdrew it" in text(response)


def test_the_apply_page_of_a_running_programme_says_it_is_not_taking_applications(
    client, coordinator, staff_member, open_programme
):
    from programmes.services.programmes import programme_set_status

    programme_set_status(by=coordinator.user, programme=open_programme, status="running")
    client.force_login(staff_member.user)
    response = client.get(reverse("programmes:apply_mentee", args=[open_programme.pk]))
    assert "is not taking applications at the moment" in text(response)
    assert response.context["form"] is None


def test_the_list_of_programmes_says_where_you_stand_in_each(client, staff_member, open_programme):
    application = mentee_application(staff_member, open_programme)
    client.force_login(staff_member.user)
    when = application.created_at.strftime("%-d %B %Y")
    said = f"You applied on {when} to be a mentee: waiting for your manager, Sam Patel"
    assert said in text(client.get(reverse("programmes:list")))


def test_the_list_of_programmes_reads_as_many_queries_however_many_you_applied_to(
    client, coordinator, staff_member
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_member.user)
    counts = []
    for _ in range(2):
        programme = programme_for_matching(coordinator)
        mentee_application(staff_member, programme)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("programmes:list"))
        counts.append(len(queries))
    assert counts[0] == counts[1]
