"""The canary (DATA-1): a unique marker planted in every confidential field of a relationship,
then every page, PDF and calendar file of the portal fetched as each role that must not read
it. The marker must never come back. The same crawl as the mentee finds it, so the test can
fail."""

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from evaluations.models import Answer, Question, Questionnaire, Response, Section
from mentoring.people.services import role_grant
from relationships.models import (
    ActionItem,
    ActionPlan,
    Agreement,
    CheckIn,
    Concern,
    CoordinatorNote,
    Goal,
    Meeting,
    MeetingLog,
    MentorRequest,
    Message,
    PrivateNote,
    Review,
    ReviewAnswer,
    SetAside,
    SharedSummary,
    Signature,
)
from tests.crawling import response_text
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching

MARK = "CANARY"
MARKER = re.compile(MARK + r"-[a-z_]+")
JO, CHRIS = "jo", "chris"


def canary(field):
    return f"{MARK}-{field}"


def _planted(cls, exclude=(), **fields):
    """Every text field not given gets its own marker."""
    for field in cls._meta.fields:
        text = field.get_internal_type() in ("TextField", "CharField") and not field.choices
        if text and field.name not in fields and field.name not in exclude:
            fields[field.name] = canary(f"{cls.__name__.lower()}_{field.name}")
    return cls.objects.create(**fields)


def mentor_request_in(relationship):
    """The directory request that led to `relationship`, accepted."""
    members = {m.role: m.application for m in relationship.members.all()}
    return MentorRequest.objects.create(
        mentee_application=members["mentee"],
        mentor_application=members["mentor"],
        status="accepted",
        expires_at=relationship.created_at,
        relationship=relationship,
    )


@pytest.fixture
def planted(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member), whose line manager must read nothing."""
    programme = programme_for_matching(
        coordinator, coordinator_reads_meeting_logs=True, coordinator_reads_evaluation_text=True
    )
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    relationship.status, relationship.started_at = "active", timezone.now() - timedelta(days=90)
    relationship.save()
    members = {m.person_id: m for m in relationship.members.all()}
    mentee = members[staff_member.pk]
    for member in members.values():
        member.learned, member.next_steps = canary("learned"), canary("next_steps")
        member.save()
    agreement = _planted(
        Agreement,
        relationship=relationship,
        version=1,
        aims=[canary("aim_one"), canary("aim_two"), canary("aim_three")],
        created_by=colleague,
    )
    for person in [colleague, staff_member]:
        Signature.objects.create(agreement=agreement, person=person, typed_name=person.full_name)
    held = Meeting.objects.create(
        relationship=relationship,
        starts_at=timezone.now() - timedelta(days=7),
        minutes=60,
        method="face_to_face",
    )
    upcoming = Meeting.objects.create(
        relationship=relationship,
        starts_at=timezone.now() + timedelta(days=7),
        minutes=60,
        method="video",
    )
    log = _planted(MeetingLog, meeting=held, minutes=60, written_by=colleague, status="correction")
    for author in [colleague, staff_member]:
        note = canary(f"note_of_{author.first_name.lower()}")
        PrivateNote.objects.create(meeting=held, author=author, text=note)
    plan = _planted(ActionPlan, mentee=mentee, commitment=6)
    goal = _planted(Goal, plan=plan, scale_now=3, scale_wanted=8)
    for source in [{"goal": goal}, {"meeting_log": log}]:
        ActionItem.objects.create(
            relationship=relationship, owner=staff_member, description=canary("action"), **source
        )
    review = Review.objects.create(relationship=relationship, due_on=timezone.localdate())
    _planted(ReviewAnswer, review=review, person=staff_member, helping="partly")
    _planted(Concern, relationship=relationship, raised_by=staff_member)
    _planted(SharedSummary, relationship=relationship, mentee=staff_member, status="asked")
    _evaluation_answers(relationship, {"mentor": colleague, "mentee": staff_member})
    _planted(CoordinatorNote, relationship=relationship, written_by=coordinator)
    _planted(
        SetAside,
        relationship=relationship,
        reason="no_meeting",
        until=timezone.localdate() + timedelta(days=7),
        set_by=coordinator,
    )
    CheckIn.objects.create(relationship=relationship, sent_by=coordinator, message="Hello.")
    for author in [colleague, staff_member]:
        text = canary(f"message_of_{author.first_name.lower()}")
        Message.objects.create(
            relationship=relationship, author=author, text=text, sent_at=timezone.now()
        )
    return {"relationship": relationship, "meetings": [held, upcoming], "mentee": mentee}


def _evaluation_answers(relationship, people):
    """Both completed their section of an end form both confirm (000), in their own words."""
    form = Questionnaire.objects.create(
        programme=relationship.programme, title="End review", use="end", both_confirm=True
    )
    for role, person in people.items():
        section = Section.objects.create(questionnaire=form, title=role, addressed_to=role)
        question = Question.objects.create(section=section, text="What went well?", kind="text")
        response = Response.objects.create(
            questionnaire=form,
            person=person,
            role=role,
            relationship=relationship,
            due_on=timezone.localdate(),
            submitted_at=timezone.now(),
        )
        text = canary(f"answer_text_of_{person.first_name.lower()}")
        Answer.objects.create(response=response, question=question, text=text)


@pytest.fixture
def outsiders(planted, line_manager, sponsor, coordinator):
    """Everyone who must read nothing of it: Jo's line manager, another pair in the same
    programme, a coordinator of another programme and the sponsor."""
    programme = planted["relationship"].programme
    other_mentee, other_mentor = StaffMemberFactory(), StaffMemberFactory()
    paired(accepted(programme, other_mentor, "mentor"), accepted(programme, other_mentee, "mentee"))
    other_coordinator = StaffMemberFactory()
    role_grant(user=other_coordinator.user, role="coordinator")
    programme_for_matching(other_coordinator, coordinator_reads_meeting_logs=True)
    return {
        "line_manager": line_manager,
        "another mentee": other_mentee,
        "another mentor": other_mentor,
        "coordinator of another programme": other_coordinator,
        "sponsor": sponsor,
    }


def every_page():
    """Every GET the portal answers, for every record number a page could take."""
    return list(_walk(get_resolver().url_patterns, prefix=""))


def _walk(patterns, prefix):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            if pattern.namespace == "admin":
                continue  # the admin site has its own test (test_admin_confidential.py)
            yield from _walk(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, list(pattern.pattern.converters), pattern.default_args


def _urls(name, converters, numbers):
    if not converters:
        return [reverse(name)]
    if set(converters) == {"pk"}:
        return [reverse(name, kwargs={"pk": n}) for n in numbers]
    if set(converters) == {"pk", "version"}:
        return [reverse(name, kwargs={"pk": n, "version": v}) for n in numbers for v in (1, 2)]
    return [reverse(name, kwargs=dict.fromkeys(converters, n)) for n in numbers]


def crawl(client, person, numbers):
    """Every marker this person is shown, with the address it came from."""
    client.force_login(person.user)
    seen = {}
    for name, converters, _ in every_page():
        if name in {"logout"}:
            continue
        for url in _urls(name, converters, numbers):
            response = client.get(url)
            if response.status_code == 200:
                for marker in MARKER.findall(response_text(response)):
                    seen.setdefault(marker, url)
    return seen


def _numbers(planted):
    """The record numbers the relationship's pages are reached by: those of every record in
    it (the relationship, its people, meetings, agreement, goals, actions, concern...)."""
    relationship = planted["relationship"]
    numbers = {relationship.pk, relationship.programme_id}
    for model in [ActionItem, Agreement, Concern, Meeting, Message, SharedSummary, Review]:
        numbers |= set(model.objects.filter(relationship=relationship).values_list("pk", flat=True))
    for model in [CheckIn, CoordinatorNote, SetAside]:
        numbers |= set(model.objects.filter(relationship=relationship).values_list("pk", flat=True))
    goals = Goal.objects.filter(plan__mentee__relationship=relationship)
    numbers |= set(goals.values_list("pk", flat=True))
    numbers |= set(relationship.members.values_list("pk", flat=True))
    numbers |= set(relationship.members.values_list("application_id", flat=True))
    for response in Response.objects.filter(relationship=relationship):
        numbers |= {response.pk, response.questionnaire_id}
    return sorted(numbers)


ROLES = [
    "line_manager",
    "another mentee",
    "another mentor",
    "coordinator of another programme",
    "sponsor",
]


@pytest.mark.parametrize("role", ROLES)
def test_no_marker_reaches_anyone_who_may_not_read_it(client, planted, outsiders, role):
    assert crawl(client, outsiders[role], _numbers(planted)) == {}


def test_the_crawl_finds_the_markers_the_mentee_may_read(client, planted, staff_member):
    seen = crawl(client, staff_member, _numbers(planted))
    for field in [
        "aim_one",
        "agreement_breakdown",
        "meetinglog_achieved",
        "meetinglog_correction",
        "actionplan_long_term_goal",
        "goal_specific",
        "action",
        "reviewanswer_plan_progress",
        "concern_text",
        "sharedsummary_text",
        f"note_of_{JO}",
        f"message_of_{JO}",
        f"message_of_{CHRIS}",
        f"answer_text_of_{JO}",
        f"answer_text_of_{CHRIS}",  # both completed a form both confirm
    ]:
        assert canary(field) in seen, field
    assert canary(f"note_of_{CHRIS}") not in seen


def test_the_mentor_never_sees_the_mentees_concern_or_private_note(client, planted, colleague):
    seen = crawl(client, colleague, _numbers(planted))
    assert canary("meetinglog_achieved") in seen
    assert canary(f"note_of_{CHRIS}") in seen
    assert canary(f"answer_text_of_{JO}") in seen
    assert canary("concern_text") not in seen
    assert canary(f"note_of_{JO}") not in seen
    assert not [marker for marker in seen if "coordinatornote" in marker or "setaside" in marker]


def test_the_mentee_never_sees_the_coordinators_notes(client, planted, staff_member):
    seen = crawl(client, staff_member, _numbers(planted))
    assert not [marker for marker in seen if "coordinatornote" in marker or "setaside" in marker]


def test_the_coordinator_reads_the_coordinators_notes(client, planted, coordinator):
    seen = crawl(client, coordinator, _numbers(planted))
    assert canary("coordinatornote_text") in seen
    assert canary("setaside_why") in seen


def test_a_coordinator_allowed_to_read_logs_still_never_reads_a_private_note(
    client, planted, coordinator
):
    seen = crawl(client, coordinator, _numbers(planted))
    assert canary("meetinglog_achieved") in seen  # this programme lets its coordinator read
    assert canary(f"answer_text_of_{JO}") in seen  # and read written evaluation answers
    assert not [marker for marker in seen if "note_of" in marker]
    assert not [marker for marker in seen if "message_of" in marker]


@pytest.fixture
def session_planted(coordinator, colleague, staff_member):
    """Chris (colleague) mentors a group of three; a one-to-one session just with Jo
    (staff_member) outside the group, its log and an action from it carry the markers."""
    from relationships.tests.test_leavers import all_go_ahead, group_of_three

    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    jo = group.members.get(person=staff_member)
    held = _planted(
        Meeting,
        relationship=group,
        starts_at=timezone.now() - timedelta(days=7),
        minutes=60,
        method="video",
        with_member=jo,
    )
    log = _planted(MeetingLog, meeting=held, minutes=60, written_by=colleague)
    ActionItem.objects.create(
        relationship=group, owner=staff_member, description=canary("action"), meeting_log=log
    )
    PrivateNote.objects.create(meeting=held, author=staff_member, text=canary("note_of_jo"))
    other = group.members.filter(role="mentee").exclude(pk=jo.pk).first().person
    return {"relationship": group, "other mentee": other}


def test_the_other_mentee_of_a_group_never_meets_a_session_just_with_jo(
    client, session_planted, staff_member
):
    numbers = _numbers(session_planted)
    assert crawl(client, session_planted["other mentee"], numbers) == {}
    seen = crawl(client, staff_member, numbers)  # the crawl can find them
    for field in ["meeting_place", "meetinglog_achieved", "action", "note_of_jo"]:
        assert canary(field) in seen, field


def test_the_calendar_feeds_of_the_pair_carry_no_marker(client, planted, staff_member, colleague):
    """Anyone with its address reads a calendar feed, so it holds nothing written in
    confidence, not even for the people in the relationship."""
    from mentoring.people.calendar_feeds import calendar_feed_start

    relationship = planted["relationship"]
    Meeting.objects.filter(relationship=relationship).update(place=canary("meeting_place"))
    ActionItem.objects.filter(relationship=relationship).update(due_on=timezone.localdate())
    for person in [staff_member, colleague]:
        secret = calendar_feed_start(by=person.user)
        response = client.get(reverse("relationships:calendar_feed", args=[secret]))
        assert response.status_code == 200
        assert b"Mentoring meeting" in response.content
        assert MARKER.findall(response.content.decode()) == []


def test_no_email_carries_a_message(
    planted, colleague, staff_member, django_capture_on_commit_callbacks
):
    """Chris writes to Jo in the portal: Jo is emailed at once, and in a digest once she
    chooses one, that he wrote; neither email, nor any other sent, carries what he wrote."""
    from django.core import mail

    from mentoring.notifications.models import Preference
    from mentoring.notifications.services import digests_send, reminders_sweep
    from relationships.services.messages import message_send

    relationship = planted["relationship"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message_send(by=colleague.user, relationship=relationship, text=canary("sent_message"))
        reminders_sweep()
    Preference.objects.create(person=staff_member, kind="new_message", how="daily_digest")
    jo = relationship.members.get(person=staff_member)
    jo.messages_read_up_to = Message.objects.latest("pk").pk  # she read it: the next is told
    jo.save()
    with django_capture_on_commit_callbacks(execute=True):
        message_send(by=colleague.user, relationship=relationship, text=canary("sent_message"))
        digests_send()
    told = [m for m in mail.outbox if staff_member.work_email in m.to]
    assert [m.subject for m in told if "new message from Chris" in m.body] == [
        "You have a new message",
        "Your mentoring notifications",
    ]
    for email in mail.outbox:
        parts = [email.subject, email.body, *(html for html, _ in email.alternatives)]
        parts += [str(content) for _, content, _ in email.attachments]
        assert not [marker for part in parts for marker in MARKER.findall(part)], email.subject
