"""“Find a mentor” says why it is closed to someone, and what to do instead."""

from django.urls import reverse

from programmes.models import Application
from tests.matching import accepted, programme_for_matching


def test_someone_not_yet_accepted_reads_why_and_what_to_do(client, coordinator, staff_member):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    application = accepted(programme, staff_member, "mentee")
    Application.objects.filter(pk=application.pk).update(status="with_coordinator")
    client.force_login(staff_member.user)
    response = client.get(reverse("relationships:directory", args=[programme.pk]))
    assert response.status_code == 403
    assert "once the coordinator accepts you as a mentee" in response.text
    assert "No access" not in response.text


def test_someone_who_has_not_applied_is_told_to_apply(client, coordinator, staff_member):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    client.force_login(staff_member.user)
    response = client.get(reverse("relationships:directory", args=[programme.pk]))
    assert response.status_code == 403
    assert "apply to be a mentee" in response.text
    assert programme.get_absolute_url() in response.text


def test_a_programme_without_a_directory_says_the_coordinator_matches(
    client, coordinator, staff_member
):
    programme = programme_for_matching(coordinator)
    accepted(programme, staff_member, "mentee")
    client.force_login(staff_member.user)
    response = client.get(reverse("relationships:directory", args=[programme.pk]))
    assert response.status_code == 404
    assert "the coordinator proposes a mentor" in response.text
