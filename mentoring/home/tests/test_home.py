"""Home is "what needs you": each thing waiting for the person signed in, as a link with its
due date, from the same selectors as the reminders; what is coming up; their relationships or
programmes as cards."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mentoring.home.tests.waiting import things_waiting
from mentoring.notifications.services import rules
from mentoring.notifications.todo import to_do
from mentoring.people.models import User
from relationships.models import Agreement, MentorRequest
from relationships.services.agreements import agreement_sign

pytestmark = pytest.mark.django_db

DEMO = "@demo-council.example"


def task_links(page):
    """The links of the "Waiting for you" task list."""
    return re.findall(r'class="govuk-link govuk-task-list__link" href="([^"]+)"', page)


def home_as(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.text


def demo_person(name):
    return User.objects.get(email=f"{name}{DEMO}")


def test_each_demo_person_finds_on_their_home_what_the_demo_gives_them_to_do(client):
    call_command("load_demo", force=True)
    request = MentorRequest.objects.get(
        status="pending", mentor_application__applicant__first_name="Chris"
    )
    expected = {
        "chris.taylor": [
            f"Answer Kate O&#x27;Brien&#x27;s request to be their mentor by "
            f"{timezone.localdate(request.expires_at):%-d %B %Y}",
            "Confirm Jo Evans&#x27;s log of your meeting on",
            "Sign your mentoring agreement in",
            "Complete the evaluation form for",
        ],
        "jo.evans": ["Accept or answer the correction Chris Taylor suggested to your log of"],
        "alex.morgan": ["applications to", "proposed matches in", "at risk in"],
        "sam.patel": ["Support Jo Evans&#x27;s application to"],
        "ruth.bennett": ["Nothing needs you today"],
    }
    for name, words in expected.items():
        user = demo_person(name)
        page = home_as(client, user)
        for said in words:
            assert said in page, (name, said)
        assert "Your staff record" not in page
        assert reverse("profile") in page
        links = task_links(page)
        assert bool(links) == (name != "ruth.bennett")
        for link in links:
            assert client.get(link).status_code == 200, (name, link)


def test_a_line_manager_is_sent_to_their_team_and_a_coordinator_to_their_programmes(client):
    call_command("load_demo", force=True)
    assert reverse("programmes:approvals") in home_as(client, demo_person("sam.patel"))
    page = home_as(client, demo_person("alex.morgan"))
    assert "Your programmes" in page and "West Suffolk mentoring scheme" in page


@pytest.fixture
def waiting(colleague, staff_member, line_manager, coordinator):
    """Colleague mentors staff_member, whose line manager is line_manager, in a programme
    coordinator runs: one of each kind of thing to do."""
    return things_waiting(
        1, mentor=colleague, mentee=staff_member, manager=line_manager, coordinator=coordinator
    )


def test_a_mentor_sees_each_thing_waiting_for_them_with_its_page(client, waiting, colleague):
    page = home_as(client, colleague.user)
    for said in [
        "request to be their mentor by",
        "Say whether you would like to go ahead in",
        "log of your meeting on",
        "Write the log of your meeting on",
        "Agree the summary",
        "Complete the evaluation form for",
        "Answer the review of your mentoring in",
        "Arrange a meeting in",
    ]:
        assert said in page, said
    assert "Your mentoring" in page and "Coming up" in page
    for link in task_links(page):
        assert client.get(link).status_code == 200, link


def test_a_mentee_sees_the_correction_to_their_log_their_action_and_their_agreement(
    client, waiting, staff_member
):
    page = home_as(client, staff_member.user)
    assert "Accept or answer the correction" in page
    assert "Your action “Read the guide” due on" in page
    assert "Sign your mentoring agreement in" in page
    assert "Mentee induction on" in page  # training booked, coming up


def test_a_coordinator_sees_each_programme_s_decisions_proposals_risks_and_policies(
    client, waiting, coordinator
):
    page = home_as(client, coordinator.user)
    for said in [
        "Decide 1 application to Matching programme",
        "Review 1 proposed match in Matching programme",
        "Look at 1 relationship at risk in Matching programme",
        "Deal with 1 concern raised in Matching programme",
        "Review 1 policy of Matching programme by",
    ]:
        assert said in page, said
    for link in task_links(page):
        assert client.get(link).status_code == 200, link


def test_a_line_manager_sees_the_application_to_support(client, waiting, line_manager):
    page = home_as(client, line_manager.user)
    assert "application to Matching programme" in page
    assert len(task_links(page)) == 1


def test_nothing_waiting_says_so(client, sponsor):
    assert "Nothing needs you today" in home_as(client, sponsor.user)


def test_an_agreement_signed_is_no_longer_waiting(client, waiting, staff_member):
    assert "Sign your mentoring agreement in" in home_as(client, staff_member.user)
    agreement = Agreement.objects.get(relationship=waiting[0])
    agreement_sign(by=staff_member.user, agreement=agreement, typed_name=staff_member.full_name)
    assert "Sign your mentoring agreement in" not in home_as(client, staff_member.user)


def test_the_navigation_counts_what_waits_on_every_page(client, waiting, line_manager):
    client.force_login(line_manager.user)
    page = client.get(reverse("profile")).text
    assert '1<span class="govuk-visually-hidden"> waiting for you</span>' in page


def test_the_reminders_and_the_home_page_find_the_same_things(
    waiting, colleague, staff_member, line_manager, coordinator
):
    """On a day inside the notice windows, whatever a rule tells a person is on their home
    page, kind by kind."""
    now = timezone.now()
    told = {(o.person_id, o.kind, o.about) for rule in rules() for o in rule(now)}
    agreed = set()
    for person in [colleague, staff_member, line_manager, coordinator]:
        for kind in [kind for kind in to_do() if kind.reminded_as]:
            listed = {task.about for task in kind.tasks(person.pk, now)}
            if kind.per_programme:  # a line for each programme, counting what waits there
                listed = set(
                    kind.waiting(now).filter(person=person.pk).values_list("about", flat=True)
                )
                assert bool(listed) == bool(kind.tasks(person.pk, now))
            found = {about for who, k, about in told if who == person.pk and k in kind.reminded_as}
            assert found <= listed, (person, kind.name, found, listed)
            agreed |= {kind.name} if found else set()
    assert agreed >= {
        "approval",
        "decision",
        "policy review",
        "training",
        "mentor request",
        "introduction",
        "agreement",
        "log to write",
        "action",
        "review",
        "meeting to arrange",
        "evaluation form",
    }


# Per role: the session and the person, their roles, one query for each kind of thing to do,
# the cards, the reviews coming up (two), and the navigation's counts.
QUERIES = {
    "colleague": 39,
    "staff_member": 39,
    "line_manager": 38,
    "coordinator": 38,
    "sponsor": 38,
}


@pytest.mark.parametrize("who", QUERIES)
def test_the_home_page_takes_the_same_queries_whatever_the_number_waiting(
    client,
    who,
    request,
    colleague,
    staff_member,
    line_manager,
    coordinator,
    django_assert_num_queries,
):
    person = request.getfixturevalue(who)
    people = {"mentor": colleague, "mentee": staff_member, "manager": line_manager}
    client.force_login(person.user)
    for more in [1, 4]:  # one of each kind, then five
        things_waiting(more, **people, coordinator=coordinator)
        with django_assert_num_queries(QUERIES[who]):
            assert client.get(reverse("home")).status_code == 200


def test_the_closing_checklist_waits_for_the_others_until_they_fill_it_in(
    client, waiting, colleague, staff_member
):
    from relationships.services.lifecycle import closing_save, relationship_end

    ended = relationship_end(
        by=colleague.user,
        relationship=waiting[0],
        reason="goals_achieved",
        learned="Listening",
        next_steps="Mentor again",
    )
    assert "closing checklist" not in home_as(client, colleague.user)
    assert "Fill in your closing checklist for Matching programme" in home_as(
        client, staff_member.user
    )
    closing_save(by=staff_member.user, relationship=ended, learned="A lot", next_steps="Apply")
    assert "closing checklist" not in home_as(client, staff_member.user)


def test_the_next_review_of_each_relationship_is_coming_up(
    client, colleague, staff_member, coordinator
):
    from relationships.models import Relationship
    from relationships.selectors import next_review
    from tests.matching import accepted, paired, programme_for_matching

    programme = programme_for_matching(coordinator)
    mentor = accepted(programme, colleague, "mentor")
    relationship = paired(mentor, accepted(programme, staff_member, "mentee"))
    Relationship.objects.filter(pk=relationship.pk).update(
        status="active", started_at=timezone.now() - timezone.timedelta(days=40)
    )
    relationship.refresh_from_db()
    due = next_review(relationship, colleague, timezone.localdate())
    assert due and due > timezone.localdate()
    page = home_as(client, colleague.user)
    coming_up = page.split("Coming up")[1]
    assert f"Review of your mentoring in Matching programme on {due:%-d %B %Y}" in coming_up
    assert reverse("relationships:review", args=[relationship.pk]) in coming_up
