"""000 §3.2: where the programme says so, the mentee's line manager sees the proposed mentor's
name and job title (never anything written) and supports the choice or raises a concern before
the coordinator approves; the coordinator reads the answer when approving."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.notifications.models import Notification
from relationships.models import ManagerAnswer, Proposal, Relationship
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

pytestmark = pytest.mark.django_db

AIMS = "Get ready for the restructure nobody knows about"
BIOGRAPHY = "Twenty years in audit and a secret passion for opera"


@pytest.fixture
def asking(coordinator):
    programme = programme_for_matching(coordinator, manager_asked_about_mentor=True)
    programme.name = "West Suffolk"
    programme.save(update_fields=["name"])
    return programme


@pytest.fixture
def proposal(asking, staff_member, colleague):
    """Chris (job: Auditor) proposed as mentor for Jo, whom Sam manages."""
    colleague.job_title = "Auditor"
    colleague.save()
    return Proposal.objects.create(
        programme=asking,
        mentee_application=accepted(asking, staff_member, "mentee", aims=AIMS),
        mentor_application=accepted(asking, colleague, "mentor", biography=BIOGRAPHY),
        score=71,
    )


def ask(client, coordinator, proposal, capture):
    client.force_login(coordinator.user)
    with capture(execute=True):
        return client.post(reverse("relationships:proposal_ask", args=[proposal.pk]), follow=True)


def approve(client, coordinator, proposal):
    client.force_login(coordinator.user)
    return client.post(
        reverse("relationships:approve", args=[proposal.programme_id]),
        {"proposals": [proposal.pk], "confirmed": "yes"},
        follow=True,
    )


def test_the_coordinator_asks_the_mentees_line_manager_who_is_told_without_content(
    client, coordinator, line_manager, proposal, django_capture_on_commit_callbacks
):
    response = ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    assert "The line manager has been asked about this mentor" in response.text
    answer = ManagerAnswer.objects.get()
    assert (answer.manager, answer.answer) == (line_manager, "")
    notification = Notification.objects.get(person=line_manager)
    assert notification.kind == "mentor_proposed"
    assert notification.link == reverse("relationships:mentor_choice", args=[answer.pk])
    [email] = mail.outbox
    assert email.to == [line_manager.work_email]
    assert "A mentor has been proposed for Jo Evans" in email.body
    assert "Chris" not in email.body and AIMS not in email.body


def test_asking_twice_tells_the_manager_once(
    client, coordinator, proposal, django_capture_on_commit_callbacks
):
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    assert ManagerAnswer.objects.count() == 1 and len(mail.outbox) == 1


def test_the_manager_sees_the_mentors_name_and_job_title_and_nothing_written(
    client, coordinator, line_manager, proposal, django_capture_on_commit_callbacks
):
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    client.force_login(line_manager.user)
    page = client.get(reverse("relationships:mentor_choice", args=[ManagerAnswer.objects.get().pk]))
    assert page.status_code == 200
    assert "Chris Taylor" in page.text and "Auditor" in page.text
    assert AIMS not in page.text and BIOGRAPHY not in page.text and "71" not in page.text


def test_the_manager_supports_and_the_coordinator_reads_it_on_matching_and_when_approving(
    client, coordinator, line_manager, proposal, django_capture_on_commit_callbacks
):
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    answer = ManagerAnswer.objects.get()
    client.force_login(line_manager.user)
    response = client.post(
        reverse("relationships:mentor_choice", args=[answer.pk]), {"supports": "yes"}, follow=True
    )
    assert "the coordinator will read your answer" in response.text
    answer.refresh_from_db()
    assert answer.answer == "support" and answer.answered_at is not None
    client.force_login(coordinator.user)
    matching = client.get(reverse("relationships:matching", args=[proposal.programme_id]))
    assert "Sam Patel supports this mentor" in matching.text
    confirm = client.post(
        reverse("relationships:approve", args=[proposal.programme_id]),
        {"proposals": [proposal.pk]},
    )
    assert "Chris Taylor mentoring Jo Evans: Sam Patel supports this mentor" in confirm.text


def test_a_concern_needs_words_and_the_coordinator_reads_them(
    client, coordinator, line_manager, proposal, django_capture_on_commit_callbacks
):
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    answer = ManagerAnswer.objects.get()
    url = reverse("relationships:mentor_choice", args=[answer.pk])
    client.force_login(line_manager.user)
    refused = client.post(url, {"supports": "no", "concern": "  "})
    assert "Say what your concern is" in refused.text
    assert ManagerAnswer.objects.get().answer == ""
    client.post(url, {"supports": "no", "concern": "They work in the same small team."})
    client.force_login(coordinator.user)
    matching = client.get(reverse("relationships:matching", args=[proposal.programme_id]))
    assert "Sam Patel has a concern" in matching.text
    assert "They work in the same small team." in matching.text


def test_approval_waits_until_the_manager_has_been_asked(
    client, coordinator, proposal, django_capture_on_commit_callbacks
):
    refused = approve(client, coordinator, proposal)
    assert "Ask Jo Evans&#x27;s line manager about Chris Taylor first" in refused.text
    assert not Relationship.objects.exists()
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    approve(client, coordinator, proposal)  # asked: the coordinator decides, answered or not
    assert Relationship.objects.count() == 1


def test_once_approved_the_manager_can_no_longer_answer(
    client, coordinator, line_manager, proposal, django_capture_on_commit_callbacks
):
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    approve(client, coordinator, proposal)
    client.force_login(line_manager.user)
    url = reverse("relationships:mentor_choice", args=[ManagerAnswer.objects.get().pk])
    assert "The coordinator has decided" in client.get(url).text
    client.post(url, {"supports": "yes"})
    assert ManagerAnswer.objects.get().answer == ""


@pytest.mark.parametrize("who", ["staff_member", "colleague", "coordinator", "sponsor", "other"])
def test_nobody_but_the_manager_asked_opens_or_answers_it(
    client, request, coordinator, proposal, who, django_capture_on_commit_callbacks
):
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    person = StaffMemberFactory() if who == "other" else request.getfixturevalue(who)
    client.force_login(person.user)
    url = reverse("relationships:mentor_choice", args=[ManagerAnswer.objects.get().pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"supports": "no", "concern": "Forged."}).status_code == 404
    assert ManagerAnswer.objects.get().answer == ""


@pytest.mark.parametrize("who", ["staff_member", "line_manager", "sponsor"])
def test_only_the_coordinator_asks(client, request, proposal, who):
    client.force_login(request.getfixturevalue(who).user)
    response = client.post(reverse("relationships:proposal_ask", args=[proposal.pk]))
    assert response.status_code == 403
    assert not ManagerAnswer.objects.exists()


def test_a_programme_that_does_not_ask_approves_without_asking(
    client, coordinator, proposal, django_capture_on_commit_callbacks
):
    proposal.programme.manager_asked_about_mentor = False
    proposal.programme.save()
    response = ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    assert "There is no line manager to ask" in response.text
    assert "Not asked yet" not in response.text
    approve(client, coordinator, proposal)
    assert Relationship.objects.count() == 1 and not ManagerAnswer.objects.exists()


def test_a_mentee_with_no_line_manager_needs_no_asking(client, coordinator, asking, colleague):
    proposal = Proposal.objects.create(
        programme=asking,
        mentee_application=accepted(asking, StaffMemberFactory(), "mentee"),
        mentor_application=accepted(asking, colleague, "mentor"),
        score=50,
    )
    assert "No line manager to ask" in client_matching(client, coordinator, asking)
    approve(client, coordinator, proposal)
    assert Relationship.objects.count() == 1


def client_matching(client, coordinator, programme):
    client.force_login(coordinator.user)
    return client.get(reverse("relationships:matching", args=[programme.pk])).text


def test_the_team_page_lists_the_question_until_it_is_answered(
    client, coordinator, line_manager, proposal, django_capture_on_commit_callbacks
):
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    answer = ManagerAnswer.objects.get()
    url = reverse("relationships:mentor_choice", args=[answer.pk])
    client.force_login(line_manager.user)
    team = client.get(reverse("relationships:team")).text
    assert url in team and "The mentor proposed in West Suffolk" in team
    client.post(url, {"supports": "yes"})
    assert url not in client.get(reverse("relationships:team")).text


def test_the_coordinator_asks_about_every_ticked_proposal_at_once(
    client, coordinator, line_manager, proposal, asking, django_capture_on_commit_callbacks
):
    no_manager = Proposal.objects.create(
        programme=asking,
        mentee_application=accepted(asking, StaffMemberFactory(), "mentee"),
        mentor_application=accepted(asking, StaffMemberFactory(), "mentor"),
        score=40,
    )
    client.force_login(coordinator.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("relationships:ask_managers", args=[asking.pk]),
            {"proposals": [proposal.pk, no_manager.pk]},
            follow=True,
        )
    assert "Asked 1 line manager" in response.text
    assert list(ManagerAnswer.objects.values_list("manager", flat=True)) == [line_manager.pk]
    assert len(mail.outbox) == 1


def test_the_manager_finds_their_answer_in_the_download_of_their_own_data(
    client, coordinator, line_manager, proposal, django_capture_on_commit_callbacks
):
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    answer = ManagerAnswer.objects.get()
    client.force_login(line_manager.user)
    client.post(
        reverse("relationships:mentor_choice", args=[answer.pk]),
        {"supports": "no", "concern": "They work in the same small team."},
    )
    download = client.get(reverse("my_data_json")).content.decode()
    assert "They work in the same small team." in download
    assert "Has a concern" in download
    client.force_login(proposal.mentee_application.applicant.user)
    assert "They work in the same small team." not in client.get(reverse("my_data_json")).text


def test_the_question_waits_on_the_managers_home_page_until_answered(
    client, coordinator, line_manager, proposal, django_capture_on_commit_callbacks
):
    ask(client, coordinator, proposal, django_capture_on_commit_callbacks)
    client.force_login(line_manager.user)
    home = client.get(reverse("home")).text
    assert "Say what you think of the mentor proposed for Jo Evans" in home
    link = reverse("relationships:mentor_choice", args=[ManagerAnswer.objects.get().pk])
    assert link in home
    client.post(link, {"supports": "yes"})
    assert "mentor proposed for Jo Evans" not in client.get(reverse("home")).text
