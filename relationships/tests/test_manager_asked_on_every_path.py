"""000 §3.2 on every path that pairs people: a pairing formed by hand and a mentor accepting a
directory request go through the same rule as the coordinator's proposals. The mentee's line
manager is asked (the mentor's name and job title, nothing written), and the pairing waits."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Notification
from mentoring.people.services import role_grant
from relationships.models import ManagerAnswer, MentorRequest, Relationship
from relationships.services.requests import request_answer, request_send, requests_expire
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

pytestmark = pytest.mark.django_db

MESSAGE = "I would like help with the restructure nobody knows about"
WAITING = "manager"  # accepted by the mentor, waiting for the line manager


@pytest.fixture
def by_hand(coordinator):
    return programme_for_matching(coordinator, manager_asked_about_mentor=True)


@pytest.fixture
def pair_by_hand(by_hand, staff_member, colleague):
    """Jo (managed by Sam) waits; Chris has room; the coordinator means to pair them by hand."""
    mentee = accepted(by_hand, staff_member, "mentee")
    mentor = accepted(by_hand, colleague, "mentor")
    return {"mentors": [mentor.pk], "mentees": [mentee.pk], "team_name": ""}


def form_by_hand(client, coordinator, programme, data, capture=None):
    client.force_login(coordinator.user)
    url = reverse("relationships:group_new", args=[programme.pk])
    if capture is None:
        return client.post(url, data, follow=True)
    with capture(execute=True):
        return client.post(url, data, follow=True)


def test_a_pairing_by_hand_waits_until_the_mentees_line_manager_has_been_asked(
    client, coordinator, by_hand, pair_by_hand
):
    page = form_by_hand(client, coordinator, by_hand, pair_by_hand | {"confirmed": "yes"})
    assert "Ask Jo Evans&#x27;s line manager about Chris Taylor first" in page.text
    assert not Relationship.objects.exists()


def test_the_coordinator_asks_from_the_pair_by_hand_page_as_for_a_proposal(
    client, coordinator, line_manager, by_hand, pair_by_hand, django_capture_on_commit_callbacks
):
    ask = pair_by_hand | {"ask_managers": "yes"}
    page = form_by_hand(client, coordinator, by_hand, ask, django_capture_on_commit_callbacks)
    assert "Asked 1 line manager" in page.text
    answer = ManagerAnswer.objects.get()
    assert (answer.manager, answer.answer, answer.asked_by) == (line_manager, "", coordinator)
    notification = Notification.objects.get(person=line_manager)
    assert notification.kind == "mentor_proposed"
    assert notification.link == reverse("relationships:mentor_choice", args=[answer.pk])
    [email] = mail.outbox
    assert "A mentor has been proposed for Jo Evans" in email.body
    assert "Sam Patel was asked on" in page.text  # the page lists what managers said
    assert not Relationship.objects.exists()


def test_asking_the_line_managers_redirects_to_the_form_with_the_same_people_chosen(
    client, coordinator, by_hand, pair_by_hand
):
    client.force_login(coordinator.user)
    url = reverse("relationships:group_new", args=[by_hand.pk])
    response = client.post(url, pair_by_hand | {"ask_managers": "yes"})
    assert response.status_code == 302 and response.url.startswith(url + "?")
    page = client.get(response.url).text
    assert ticked(page) == {(f, str(pk)) for f in ("mentors", "mentees") for pk in pair_by_hand[f]}
    assert "Asked 1 line manager" in page
    assert ManagerAnswer.objects.count() == 1


def test_the_same_post_again_asks_nobody_again_and_says_so(
    client, coordinator, by_hand, pair_by_hand, django_capture_on_commit_callbacks
):
    ask = pair_by_hand | {"ask_managers": "yes"}
    form_by_hand(client, coordinator, by_hand, ask, django_capture_on_commit_callbacks)
    asked = list(ManagerAnswer.objects.values_list("pk", "asked_at"))
    again = form_by_hand(client, coordinator, by_hand, ask, django_capture_on_commit_callbacks)
    assert again.redirect_chain and again.redirect_chain[0][1] == 302
    assert "Nobody was asked again" in again.text and "Asked 0" not in again.text
    assert list(ManagerAnswer.objects.values_list("pk", "asked_at")) == asked
    assert len(mail.outbox) == 1 and not Relationship.objects.exists()


@pytest.mark.parametrize("query", ["mentors=x&mentees=%C2%B2", "mentees=99999999999999999999"])
def test_a_chosen_person_in_the_address_that_is_not_an_id_is_ignored(
    client, coordinator, by_hand, pair_by_hand, query
):
    client.force_login(coordinator.user)
    url = reverse("relationships:group_new", args=[by_hand.pk])
    page = client.get(f"{url}?{query}")
    assert page.status_code == 200 and ticked(page.text) == set()


def ticked(page):
    """(name, value) of each ticked box on the page."""
    boxes = [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<input[^>]*>", page)]
    return {(box["name"], box["value"]) for box in boxes if "checked" in box}


def test_nobody_is_asked_about_a_pairing_the_hard_rules_refuse(
    client, coordinator, line_manager, by_hand, pair_by_hand
):
    sams_own = accepted(by_hand, line_manager, "mentor")  # Sam line manages Jo
    ask = pair_by_hand | {"mentors": [sams_own.pk], "ask_managers": "yes"}
    page = form_by_hand(client, coordinator, by_hand, ask)
    assert "is the other&#x27;s line manager" in page.text and "Asked" not in page.text
    assert not ManagerAnswer.objects.exists() and not mail.outbox


def test_once_asked_the_coordinator_pairs_by_hand_with_the_managers_concern_in_view(
    client, coordinator, line_manager, by_hand, pair_by_hand, django_capture_on_commit_callbacks
):
    ask = pair_by_hand | {"ask_managers": "yes"}
    form_by_hand(client, coordinator, by_hand, ask, django_capture_on_commit_callbacks)
    client.force_login(line_manager.user)
    client.post(
        reverse("relationships:mentor_choice", args=[ManagerAnswer.objects.get().pk]),
        {"supports": "no", "concern": "They sit in the same small team."},
    )
    confirm = form_by_hand(client, coordinator, by_hand, pair_by_hand)
    assert "Chris Taylor mentoring Jo Evans: Sam Patel has a concern" in confirm.text
    assert "They sit in the same small team." in confirm.text
    assert not Relationship.objects.exists()
    form_by_hand(client, coordinator, by_hand, pair_by_hand | {"confirmed": "yes"})
    assert Relationship.objects.count() == 1


def test_a_programme_that_does_not_ask_pairs_by_hand_at_once(
    client, coordinator, by_hand, pair_by_hand
):
    by_hand.manager_asked_about_mentor = False
    by_hand.save()
    form_by_hand(client, coordinator, by_hand, pair_by_hand)
    assert Relationship.objects.count() == 1 and not ManagerAnswer.objects.exists()


@pytest.fixture
def directory(coordinator):
    return programme_for_matching(
        coordinator, matching_mode="directory", manager_asked_about_mentor=True
    )


@pytest.fixture
def asked(directory, staff_member, colleague, django_capture_on_commit_callbacks):
    """Jo asked Chris from the directory; Chris accepted."""
    colleague.job_title = "Auditor"
    colleague.save()
    accepted(directory, staff_member, "mentee")
    mentor = accepted(directory, colleague, "mentor")
    request = request_send(by=staff_member.user, mentor_application=mentor, message=MESSAGE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return request_answer(by=colleague.user, mentor_request=request, accept=True)


def answer(client, line_manager, capture, **data):
    client.force_login(line_manager.user)
    url = reverse("relationships:mentor_choice", args=[ManagerAnswer.objects.get().pk])
    with capture(execute=True):
        return client.post(url, data, follow=True)


def test_a_mentor_accepting_asks_the_mentees_line_manager_and_the_pairing_waits(
    asked, line_manager
):
    assert asked.status == WAITING and asked.relationship is None
    assert not Relationship.objects.exists()
    answer = ManagerAnswer.objects.get()
    assert (answer.manager, answer.asked_by) == (line_manager, None)
    assert Notification.objects.get(person=line_manager).kind == "mentor_proposed"
    [email] = mail.outbox
    assert email.to == [line_manager.work_email]
    assert "A mentor has been proposed for Jo Evans" in email.body
    assert MESSAGE not in email.body and "Chris" not in email.body


def test_the_mentee_and_the_mentor_read_that_it_waits_for_the_line_manager(
    client, asked, staff_member, colleague
):
    client.force_login(staff_member.user)
    mine = client.get(reverse("relationships:mine")).text
    assert "waiting for your line manager" in mine
    client.force_login(colleague.user)
    theirs = client.get(reverse("relationships:mine")).text
    assert "Waiting for Jo Evans's line manager" in theirs


def test_the_managers_support_starts_the_pairing(
    client, asked, line_manager, django_capture_on_commit_callbacks
):
    answer(client, line_manager, django_capture_on_commit_callbacks, supports="yes")
    asked.refresh_from_db()
    assert asked.status == MentorRequest.Status.ACCEPTED
    assert asked.relationship.status == Relationship.Status.PROPOSED
    told = {m.to[0] for m in mail.outbox}
    assert asked.mentee_application.applicant.work_email in told
    assert asked.mentor_application.applicant.work_email in told


def test_a_concern_leaves_the_decision_to_the_coordinator_who_reads_it(
    client, asked, coordinator, line_manager, django_capture_on_commit_callbacks
):
    concern = "They sit in the same small team."
    answer(client, line_manager, django_capture_on_commit_callbacks, supports="no", concern=concern)
    asked.refresh_from_db()
    assert asked.status == WAITING and not Relationship.objects.exists()
    client.force_login(coordinator.user)
    programme = asked.mentee_application.programme
    matching = client.get(reverse("relationships:matching", args=[programme.pk])).text
    assert "Sam Patel has a concern" in matching and concern in matching
    assert MESSAGE not in matching
    url = reverse("relationships:request_decide", args=[asked.pk])
    confirm = client.post(url, {"go_ahead": "yes"})
    assert "Chris Taylor mentoring Jo Evans: Sam Patel has a concern" in confirm.text
    assert not Relationship.objects.exists()
    client.post(url, {"go_ahead": "yes", "confirmed": "yes"})
    asked.refresh_from_db()
    assert asked.status == MentorRequest.Status.ACCEPTED and asked.relationship is not None


def test_the_coordinator_may_decide_not_to_go_ahead_and_the_mentee_can_ask_again(
    client, asked, coordinator, staff_member
):
    client.force_login(coordinator.user)
    url = reverse("relationships:request_decide", args=[asked.pk])
    client.post(url, {"go_ahead": "no", "confirmed": "yes"})
    asked.refresh_from_db()
    assert asked.status == MentorRequest.Status.DECLINED
    assert not Relationship.objects.exists()
    client.force_login(staff_member.user)
    mine = client.get(reverse("relationships:mine")).text
    assert "The coordinator decided not to go ahead" in mine


@pytest.mark.parametrize("who", ["staff_member", "colleague", "line_manager", "sponsor"])
def test_only_the_programmes_coordinators_decide(client, request, asked, who):
    client.force_login(request.getfixturevalue(who).user)
    url = reverse("relationships:request_decide", args=[asked.pk])
    response = client.post(url, {"go_ahead": "yes", "confirmed": "yes"})
    assert response.status_code in (403, 404)
    asked.refresh_from_db()
    assert asked.status == WAITING and not Relationship.objects.exists()


def test_another_programmes_coordinator_cannot_decide(client, asked):
    other = StaffMemberFactory()
    role_grant(user=other.user, role="coordinator")
    client.force_login(other.user)
    url = reverse("relationships:request_decide", args=[asked.pk])
    assert client.post(url, {"go_ahead": "yes", "confirmed": "yes"}).status_code in (403, 404)
    asked.refresh_from_db()
    assert asked.status == WAITING


def test_a_request_waiting_for_the_line_manager_does_not_lapse(asked):
    requests_expire(now=timezone.now() + timedelta(days=365))
    asked.refresh_from_db()
    assert asked.status == WAITING


def test_a_mentee_waiting_for_their_line_manager_cannot_ask_another_mentor(
    asked, directory, staff_member
):
    other = accepted(directory, StaffMemberFactory(), "mentor")
    with pytest.raises(Exception, match="waiting for your line manager"):
        request_send(by=staff_member.user, mentor_application=other)


def test_accepting_withdraws_the_mentees_other_requests(
    directory, staff_member, colleague, django_capture_on_commit_callbacks
):
    mentee = accepted(directory, staff_member, "mentee")
    mentor = accepted(directory, colleague, "mentor")
    other = accepted(directory, StaffMemberFactory(), "mentor")
    first = request_send(by=staff_member.user, mentor_application=mentor)
    second = request_send(by=staff_member.user, mentor_application=other)
    with django_capture_on_commit_callbacks(execute=True):
        request_answer(by=colleague.user, mentor_request=first, accept=True)
    second.refresh_from_db()
    assert second.status == MentorRequest.Status.WITHDRAWN
    assert mentee.pk == first.mentee_application_id


def test_a_mentee_with_no_line_manager_is_paired_when_the_mentor_accepts(directory, colleague):
    mentee = accepted(directory, StaffMemberFactory(), "mentee")
    mentor = accepted(directory, colleague, "mentor")
    request = request_send(by=mentee.applicant.user, mentor_application=mentor)
    request = request_answer(by=colleague.user, mentor_request=request, accept=True)
    assert request.status == MentorRequest.Status.ACCEPTED and request.relationship is not None
    assert not ManagerAnswer.objects.exists()


def test_withdrawing_says_a_request_waiting_for_the_line_manager_is_withdrawn_and_does_so(asked):
    from programmes.selectors import withdrawal_consequences
    from relationships.services.pairing import application_let_go

    mentee, mentor = asked.mentee_application, asked.mentor_application
    assert "Your requests to mentors that are waiting for an answer are withdrawn." in (
        withdrawal_consequences(mentee)
    )
    assert "Mentees you accepted whose line manager has still to answer are declined." in (
        withdrawal_consequences(mentor)
    )
    application_let_go(application=mentee)
    asked.refresh_from_db()
    assert asked.status == MentorRequest.Status.WITHDRAWN


def test_a_mentee_may_withdraw_a_request_while_it_waits_for_their_line_manager(
    client, asked, staff_member, line_manager
):
    client.force_login(staff_member.user)
    mine = client.get(reverse("relationships:mine")).text
    assert "Withdraw" in mine
    url = reverse("relationships:request_withdraw", args=[asked.pk])
    client.post(url, {"confirmed": "yes"})
    asked.refresh_from_db()
    assert asked.status == MentorRequest.Status.WITHDRAWN
    client.force_login(line_manager.user)
    home = client.get(reverse("home")).text
    assert "Say what you think of the mentor proposed for Jo Evans" not in home


def test_a_request_the_line_manager_did_not_support_waits_on_the_coordinators_home_page(
    client, asked, coordinator, line_manager, django_capture_on_commit_callbacks
):
    client.force_login(coordinator.user)
    decide = "Decide on 1 accepted mentor request"
    assert decide not in client.get(reverse("home")).text  # the line manager has not answered
    concern = "They sit in the same small team."
    answer(client, line_manager, django_capture_on_commit_callbacks, supports="no", concern=concern)
    client.force_login(coordinator.user)
    home = client.get(reverse("home")).text
    assert decide in home and concern not in home
    client.post(
        reverse("relationships:request_decide", args=[asked.pk]),
        {"go_ahead": "no", "confirmed": "yes"},
    )
    assert decide not in client.get(reverse("home")).text


def test_a_request_whose_line_manager_has_left_waits_on_the_coordinators_home_page(
    client, asked, coordinator, line_manager
):
    line_manager.is_active = False
    line_manager.save()
    client.force_login(coordinator.user)
    assert "Decide on 1 accepted mentor request" in client.get(reverse("home")).text
