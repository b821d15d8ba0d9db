"""A session aimed at a group invites it (003 §5.2: the mentors' six-monthly support group):
when the coordinator adds it, after a page saying how many people are emailed, each person in
the group then is told once. People who join the group later can book; they are not emailed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from mentoring.notifications.tests.sweeping import sweep
from programmes.models import Programme, TrainingSession
from programmes.services.programmes import programme_create
from programmes.services.training import training_session_save
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator)


@pytest.fixture
def group(programme, staff_member, colleague):
    """Two mentors and a mentee of the programme, and a mentor of another."""
    other = programme_create(
        by=programme.coordinators.first().user,
        programme=Programme(name="Another programme", purpose="Other.", mentor_capacity=3),
    )
    return {
        "mentors": [
            accepted(programme, colleague, "mentor").applicant,
            accepted(programme, StaffMemberFactory(), "mentor").applicant,
        ],
        "mentee": accepted(programme, staff_member, "mentee").applicant,
        "elsewhere": accepted(other, StaffMemberFactory(), "mentor").applicant,
    }


def support_group(programme, invite="mentors"):
    return TrainingSession(
        programme=programme,
        kind=TrainingSession.Kind.SUPPORT_GROUP,
        starts_at=timezone.now() + timedelta(days=20),
        place="Room 4",
        capacity=20,
        invite=invite,
    )


def invited():
    return sorted(
        Notification.objects.filter(kind=Kind.TRAINING_INVITED).values_list("person", flat=True)
    )


def test_adding_a_support_group_invites_the_programmes_mentors_once(
    programme, group, coordinator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = training_session_save(by=coordinator.user, session=support_group(programme))
    sweep(django_capture_on_commit_callbacks)
    assert invited() == sorted(p.pk for p in group["mentors"])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.work_email for p in group["mentors"])
    assert "invited to the mentor support group on" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        training_session_save(by=coordinator.user, session=session)  # saved again
    assert len(mail.outbox) == 2


def test_someone_who_becomes_a_mentor_later_is_not_emailed(
    programme, group, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = training_session_save(by=coordinator.user, session=support_group(programme))
    later = accepted(programme, StaffMemberFactory(), "mentor").applicant
    with django_capture_on_commit_callbacks(execute=True):
        training_session_save(by=coordinator.user, session=session)
    sweep(django_capture_on_commit_callbacks)
    assert later.pk not in invited()


def test_a_session_for_nobody_in_particular_tells_nobody(
    programme, group, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        training_session_save(by=coordinator.user, session=support_group(programme, invite=""))
    assert invited() == [] and mail.outbox == []


def test_everyone_in_the_programme_can_be_invited(
    programme, group, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        training_session_save(
            by=coordinator.user, session=support_group(programme, invite="everyone")
        )
    people = group["mentors"] + [group["mentee"]]
    assert invited() == sorted(p.pk for p in people)


def test_the_coordinator_is_asked_first_and_told_how_many_are_emailed(
    client, programme, group, coordinator
):
    client.force_login(coordinator.user)
    data = {
        "kind": "support_group",
        "programme": programme.pk,
        "starts_at": "2027-06-01T10:00",
        "place": "Room 4",
        "capacity": 20,
        "invite": "mentors",
    }
    page = client.post(reverse("programmes:training_new"), data)
    assert page.status_code == 200
    assert "This emails 2 people" in page.text
    assert not TrainingSession.objects.exists() and invited() == []
    page = client.post(reverse("programmes:training_new"), data | {"confirmed": "yes"})
    assert page.status_code == 302
    detail = client.get(page.url).text
    assert "The mentors of the programme, emailed when the session was added" in detail
    assert invited() == sorted(p.pk for p in group["mentors"])


def test_the_form_offers_the_groups_in_plain_words(client, coordinator):
    client.force_login(coordinator.user)
    page = client.get(reverse("programmes:training_new")).text
    assert "Nobody: people book for themselves" in page
    assert "The mentors of the programme" in page
    assert "---------" not in page
