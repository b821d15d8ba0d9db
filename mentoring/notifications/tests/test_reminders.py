"""Reminders (REM-1): what the sweep finds due, told once to the right person, in their
notification list and by an email that carries nothing confidential."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Questionnaire, Response
from mentoring.discovery import app_modules
from mentoring.notifications.models import Notification, Preference
from mentoring.notifications.services import digests_send, link_to, reminders_sweep
from mentoring.notifications.tasks import digest_email
from mentoring.notifications.tests.sweeping import matched, sweep, told
from mentoring.operations.models import JobFailure
from programmes.models import Application
from relationships.models import ActionItem, Relationship
from tests.matching import accepted, paired, programme_for_matching, went_ahead

DAY = timedelta(days=1)
SECRET = "Tell nobody about the restructure"


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, agreement_required=False)


@pytest.fixture
def active(programme, colleague, staff_member):
    """Colleague mentors staff_member."""
    return matched(
        went_ahead(
            paired(
                accepted(programme, colleague, "mentor"),
                accepted(programme, staff_member, "mentee"),
            )
        )
    )


def action(relationship, owner, due_in, **fields):
    return ActionItem.objects.create(
        relationship=relationship,
        description=SECRET,
        owner=owner,
        due_on=timezone.localdate() + due_in,
        **fields,
    )


def test_an_action_falling_due_is_told_once_in_the_list_and_by_email(
    active, staff_member, django_capture_on_commit_callbacks, settings
):
    due = action(active, staff_member, 2 * DAY)
    sweep(django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    assert told() == [(staff_member.work_email, "action_due", due.due_on.isoformat())]
    [email] = mail.outbox
    assert email.to == [staff_member.work_email]
    assert email.subject == "Action due"
    link = settings.SITE_URL + reverse("relationships:detail", args=[active.pk])
    assert link in email.body
    html, kind = email.alternatives[0]
    assert kind == "text/html" and link in html
    assert SECRET not in email.body + html  # what is due, never what anyone wrote
    kept = Notification.objects.get(kind="action_due")
    assert kept.emailed_at is not None
    assert (kept.about, kept.link) == (due.pk, reverse("relationships:detail", args=[active.pk]))
    assert kept.message == f"An action you own in your mentoring is due on {due.due_on:%-d %B %Y}."
    assert timezone.now() - kept.created_at < timedelta(minutes=1)


def test_an_action_not_yet_close_or_already_done_is_not_told(
    active, staff_member, django_capture_on_commit_callbacks
):
    action(active, staff_member, 3 * DAY)
    action(active, staff_member, DAY, status="done")
    sweep(django_capture_on_commit_callbacks)
    assert told() == [] and mail.outbox == []


def test_an_overdue_action_is_told_then_again_as_often_as_the_programme_says(
    programme, active, staff_member, django_capture_on_commit_callbacks
):
    programme.nudge_every_days = 3
    programme.save()
    overdue = action(active, staff_member, -DAY)
    sweep(django_capture_on_commit_callbacks)
    due = overdue.due_on.isoformat()
    assert told() == [(staff_member.work_email, "action_overdue", due)]
    with time_machine.travel(timezone.now() + 2 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told()) == 1 and len(mail.outbox) == 1
    with time_machine.travel(timezone.now() + 3 * DAY):
        sweep(django_capture_on_commit_callbacks)
        sweep(django_capture_on_commit_callbacks)
        again = f"{due} again {timezone.localdate().isoformat()}"
    assert [occasion for *_, occasion in told()] == [due, again]
    assert len(mail.outbox) == 2
    programme.nudge_every_days = 7  # counted from when they were last told
    programme.save()
    with time_machine.travel(timezone.now() + 9 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told()) == 2
    with time_machine.travel(timezone.now() + 10 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told()) == 3
    with time_machine.travel(timezone.now() + 40 * DAY):  # past four weeks: the dashboard's
        sweep(django_capture_on_commit_callbacks)
    assert len(told()) == 3


def test_the_notice_before_something_falls_due_is_the_programmes(
    programme, active, staff_member, django_capture_on_commit_callbacks
):
    action(active, staff_member, 4 * DAY)
    sweep(django_capture_on_commit_callbacks)
    assert told() == []
    programme.notice_days = 5
    programme.save()
    sweep(django_capture_on_commit_callbacks)
    assert [kind for _, kind, _ in told()] == ["action_due"]


def test_nobody_is_told_once_they_have_left_or_the_relationship_has_ended(
    active, staff_member, colleague, django_capture_on_commit_callbacks
):
    action(active, staff_member, DAY)
    active.members.filter(person=staff_member).update(is_live=False)
    action(active, colleague, DAY)
    colleague.is_active = False
    colleague.save()
    sweep(django_capture_on_commit_callbacks)
    assert told() == []
    active.members.update(is_live=True)
    Relationship.objects.filter(pk=active.pk).update(
        status="ended", ended_at=timezone.now(), ending="completed"
    )
    sweep(django_capture_on_commit_callbacks)
    assert told() == []


def test_an_evaluation_form_is_told_when_due_and_once_overdue(
    programme, active, staff_member, django_capture_on_commit_callbacks
):
    form = Questionnaire.objects.create(programme=programme, title="End review", use="end")
    response = Response.objects.create(
        questionnaire=form,
        person=staff_member,
        role="mentee",
        relationship=active,
        due_on=timezone.localdate() + DAY,
    )
    sweep(django_capture_on_commit_callbacks)
    assert told("evaluation_due") == [
        (staff_member.work_email, "evaluation_due", response.due_on.isoformat())
    ]
    with time_machine.travel(timezone.now() + 2 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told("evaluation_overdue")) == 1
    with time_machine.travel(timezone.now() + 9 * DAY):  # a week later, reminded again
        sweep(django_capture_on_commit_callbacks)
    assert len(told("evaluation_overdue")) == 2
    Response.objects.update(submitted_at=timezone.now())
    with time_machine.travel(timezone.now() + 16 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told()) == 3


def test_a_line_manager_is_asked_and_nudged_while_it_waits(
    programme, staff_member, line_manager, django_capture_on_commit_callbacks
):
    application = accepted(programme, staff_member, "mentee")
    Application.objects.filter(pk=application.pk).update(
        status="awaiting_manager", manager=line_manager
    )
    sweep(django_capture_on_commit_callbacks)
    assert told() == [(line_manager.work_email, "approval_pending", "asked")]
    assert staff_member.first_name in mail.outbox[0].body
    with time_machine.travel(timezone.now() + 6 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told()) == 1
    with time_machine.travel(timezone.now() + 8 * DAY):
        sweep(django_capture_on_commit_callbacks)
        sweep(django_capture_on_commit_callbacks)
        again = f"asked again {timezone.localdate().isoformat()}"
    assert [occasion for *_, occasion in told()] == ["asked", again]
    assert "still waiting" in mail.outbox[1].body
    with time_machine.travel(timezone.now() + 15 * DAY):
        sweep(django_capture_on_commit_callbacks)
    assert len(told()) == 3 and len(mail.outbox) == 3


def test_the_sweep_takes_the_same_queries_whatever_the_number_due(
    programme, coordinator, django_assert_num_queries
):
    from tests.factories import StaffMemberFactory

    def pairs(n):
        for _ in range(n):
            mentor, mentee = StaffMemberFactory(), StaffMemberFactory()
            relationship = went_ahead(
                paired(accepted(programme, mentor, "mentor"), accepted(programme, mentee, "mentee"))
            )
            action(relationship, mentee, DAY)

    pairs(1)
    with django_assert_num_queries(QUERIES):
        reminders_sweep()
    pairs(4)
    with django_assert_num_queries(QUERIES):
        reminders_sweep()


# The 16 rules' reads (one each: each narrows its kind's selector in mentoring.notifications.
# todo to its window), the programmes' notice settings for actions,
# ends and evaluations, for each rule that found something (here actions due) a look at who
# takes it in a digest and an insert, then the notifications waiting for their email; and
# a savepoint opened and released around each rule, so that one failing fails alone.
QUERIES = 16 + 3 + 2 + 1 + 16 * 2


def test_people_read_and_open_only_their_own_notifications(
    client, active, staff_member, colleague, django_capture_on_commit_callbacks
):
    action(active, staff_member, DAY)
    sweep(django_capture_on_commit_callbacks)
    mine = Notification.objects.get(kind="action_due")
    client.force_login(colleague.user)
    assert "An action you own" not in client.get(reverse("notifications:list")).text
    opened = client.post(reverse("notifications:open", args=[mine.pk]))
    assert opened.status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None
    client.force_login(staff_member.user)
    page = client.get(reverse("notifications:list"))
    assert "1 unread." in page.text and "An action you own" in page.text
    opened = client.post(reverse("notifications:open", args=[mine.pk]))
    assert opened.url == reverse("relationships:detail", args=[active.pk])
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "Nothing unread." in client.get(reverse("notifications:list")).text


@pytest.mark.parametrize("size", [1, 30])
def test_the_list_keeps_its_queries_whatever_the_number(
    client, staff_member, size, django_assert_num_queries
):
    Notification.objects.bulk_create(
        Notification(
            person=staff_member,
            kind="action_due",
            about=k,
            occasion="2026-12-01",
            message="An action you own in your mentoring is due on 1 December 2026.",
            link="/",
        )
        for k in range(size)
    )
    client.force_login(staff_member.user)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("notifications:list")).status_code == 200


# The session, the user and their permissions, and saving the session; the navigation (forms
# to complete, whether they line-manage anyone); the page's notifications, their count, and
# the unread count.
LIST_QUERIES = 7 + 2 + 3


def test_a_digest_gathers_what_someone_chose_to_hear_of_once_a_day(
    client, active, staff_member, django_capture_on_commit_callbacks
):
    client.force_login(staff_member.user)
    choices = {kind: "straight_away" for kind, _ in Notification._meta.get_field("kind").choices}
    choices |= {"action_due": "daily_digest", "action_overdue": "daily_digest"}
    assert client.post(reverse("notifications:preferences"), choices).status_code == 302
    action(active, staff_member, DAY)
    action(active, staff_member, -DAY)
    sweep(django_capture_on_commit_callbacks)
    assert len(told()) == 2 and mail.outbox == []  # in the list now, emailed in the morning
    assert not Notification.objects.filter(queued_at__isnull=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    [digest] = mail.outbox
    assert digest.subject == "Your mentoring notifications"
    assert "is due on" in digest.body and "was due on" in digest.body
    assert SECRET not in digest.body + digest.alternatives[0][0]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_notification_opened_in_the_portal_is_left_out_of_the_digest(
    client, active, staff_member, django_capture_on_commit_callbacks
):
    Preference.objects.create(person=staff_member, kind="action_due", how="daily_digest")
    Preference.objects.create(person=staff_member, kind="action_overdue", how="daily_digest")
    action(active, staff_member, DAY)
    action(active, staff_member, -DAY)
    sweep(django_capture_on_commit_callbacks)
    client.force_login(staff_member.user)
    seen = Notification.objects.get(kind="action_overdue")
    client.post(reverse("notifications:open", args=[seen.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    [digest] = mail.outbox
    assert "is due on" in digest.body and "was due on" not in digest.body
    assert Notification.objects.get(kind="action_due").emailed_at is not None
    assert Notification.objects.get(kind="action_overdue").emailed_at is None


def test_nobody_is_sent_a_digest_of_what_they_have_all_read_already(
    client, active, staff_member, django_capture_on_commit_callbacks
):
    Preference.objects.create(person=staff_member, kind="action_due", how="daily_digest")
    action(active, staff_member, DAY)
    sweep(django_capture_on_commit_callbacks)
    client.force_login(staff_member.user)
    mark_all_as_read(client)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        digests_send()
    assert queued == [] and mail.outbox == []


def test_mark_all_as_read_leaves_unread_what_came_after_the_list_was_shown(
    client, active, staff_member, django_capture_on_commit_callbacks
):
    Preference.objects.create(person=staff_member, kind="action_due", how="daily_digest")
    Preference.objects.create(person=staff_member, kind="action_overdue", how="daily_digest")
    action(active, staff_member, -DAY)
    sweep(django_capture_on_commit_callbacks)
    client.force_login(staff_member.user)
    shown = client.get(reverse("notifications:list")).text
    action(active, staff_member, DAY)  # the next sweep tells of a new due date meanwhile
    sweep(django_capture_on_commit_callbacks)
    [up_to] = re.findall(r'name="up_to" value="(\d+)"', shown)
    client.post(reverse("notifications:read_all"), {"up_to": up_to})
    assert Notification.objects.get(kind="action_overdue").read_at is not None
    assert Notification.objects.get(kind="action_due").read_at is None
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    [digest] = mail.outbox
    assert "is due on" in digest.body and "was due on" not in digest.body


@pytest.mark.parametrize("up_to", ["", "x", "-1", "1.5"])
def test_mark_all_as_read_without_a_well_formed_newest_marks_nothing(
    client, active, staff_member, django_capture_on_commit_callbacks, up_to
):
    action(active, staff_member, DAY)
    sweep(django_capture_on_commit_callbacks)
    client.force_login(staff_member.user)
    response = client.post(reverse("notifications:read_all"), {"up_to": up_to})
    assert response.status_code == 302
    assert Notification.objects.get(kind="action_due").read_at is None


@pytest.mark.parametrize("size", [1, 20])
def test_a_digest_keeps_its_queries_whatever_the_number_told_or_read(
    active, staff_member, size, django_capture_on_commit_callbacks, django_assert_num_queries
):
    Preference.objects.create(person=staff_member, kind="action_due", how="daily_digest")
    for _ in range(2 * size):
        action(active, staff_member, DAY)
    sweep(django_capture_on_commit_callbacks)
    read = Notification.objects.filter(kind="action_due").order_by("pk")[:size]
    Notification.objects.filter(pk__in=[n.pk for n in read]).update(read_at=timezone.now())
    with django_assert_num_queries(DIGEST_QUERIES):
        digest_email(person_id=staff_member.pk)
    [digest] = mail.outbox
    assert digest.body.count("is due on") == size


# The notifications to send, locked; the check that their actions are still open; marking
# them sent; and the savepoint around it all.
DIGEST_QUERIES = 3 + 2


def test_the_choices_page_shows_what_was_chosen(client, staff_member):
    Preference.objects.create(person=staff_member, kind="review_due", how="daily_digest")
    client.force_login(staff_member.user)
    form = client.get(reverse("notifications:preferences")).context["form"]
    assert form["review_due"].initial == "daily_digest"
    assert form["action_due"].initial == "straight_away"


def test_the_navigation_counts_what_is_unread(
    client, active, staff_member, django_capture_on_commit_callbacks
):
    action(active, staff_member, DAY)
    action(active, staff_member, -DAY)
    sweep(django_capture_on_commit_callbacks)
    client.force_login(staff_member.user)
    badge = '2<span class="govuk-visually-hidden"> unread</span>'
    assert badge in client.get(reverse("home")).text
    mark_all_as_read(client)
    assert "unread</span>" not in client.get(reverse("home")).text


def test_a_choice_that_is_not_offered_is_refused_beside_it_and_nothing_changes(
    client, staff_member
):
    Preference.objects.create(person=staff_member, kind="review_due", how="daily_digest")
    client.force_login(staff_member.user)
    choices = {kind: "straight_away" for kind, _ in Notification._meta.get_field("kind").choices}
    page = client.post(reverse("notifications:preferences"), choices | {"review_due": "never"})
    assert page.status_code == 200
    assert "Select a valid choice" in str(page.context["form"].errors["review_due"])
    assert list(Preference.objects.values_list("kind", "how")) == [("review_due", "daily_digest")]


def test_what_is_no_longer_due_when_its_email_would_go_is_withdrawn_not_sent(
    active, staff_member, django_capture_on_commit_callbacks
):
    done = action(active, staff_member, DAY)
    with django_capture_on_commit_callbacks(execute=False) as queue_its_email:
        reminders_sweep()
    assert [kind for _, kind, _ in told()] == ["action_due"]
    ActionItem.objects.filter(pk=done.pk).update(status="done")
    for callback in queue_its_email:  # the worker gets to it now
        callback()
    assert mail.outbox == [] and told() == []


def test_what_the_broker_refuses_waits_for_the_next_sweep(
    broker_down, active, staff_member, django_capture_on_commit_callbacks
):
    action(active, staff_member, DAY)
    sweep(django_capture_on_commit_callbacks)
    waiting = Notification.objects.filter(kind="action_due")
    assert mail.outbox == [] and list(waiting.values_list("queued_at", flat=True)) == [None]
    broker_down()  # back up
    sweep(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[staff_member.work_email]]
    assert waiting.get().queued_at is not None


def test_an_email_queued_but_never_sent_is_queued_again_once_it_has_waited_long_enough(
    active, staff_member, django_capture_on_commit_callbacks, settings
):
    action(active, staff_member, DAY)
    with django_capture_on_commit_callbacks(execute=False):  # queued, then lost with Redis
        reminders_sweep()
    sweep(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    again = timedelta(seconds=settings.NOTIFICATIONS_QUEUE_AGAIN_SECONDS + 1)
    with time_machine.travel(timezone.now() + again):
        sweep(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[staff_member.work_email]]


def test_a_link_is_the_address_reverse_gives():
    assert link_to("relationships:detail", 42) == reverse("relationships:detail", args=[42])
    assert link_to("evaluations:response", 7) == reverse("evaluations:response", args=[7])
    with pytest.raises(TypeError):
        link_to("evaluations:response", None)


def test_a_rule_that_fails_first_or_midway_holds_back_no_other_rule(
    programme,
    active,
    staff_member,
    line_manager,
    director,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    """The first rule fails in the database (on PostgreSQL that aborts the transaction it runs
    in) and one in the middle in Python: every other rule still records and emails, and each
    failure is kept for the site administrator."""
    from relationships import reminders

    def runs_invalid_sql(now):
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM notifications_notification")

    def breaks_midway(now):
        raise RuntimeError("a mistake in a rule")

    first = next(app_modules("reminders"))
    monkeypatch.setattr(first, "RULES", [runs_invalid_sql, *first.RULES])
    monkeypatch.setattr(reminders, "RULES", [breaks_midway, *reminders.RULES])
    waiting = accepted(programme, director, "mentee")
    Application.objects.filter(pk=waiting.pk).update(
        status="awaiting_manager", manager=line_manager
    )
    action(active, staff_member, DAY)
    form = Questionnaire.objects.create(programme=programme, title="End review", use="end")
    Response.objects.create(
        questionnaire=form,
        person=staff_member,
        role="mentee",
        relationship=active,
        due_on=timezone.localdate() + DAY,
    )

    with django_capture_on_commit_callbacks(execute=True):
        failed = reminders_sweep()

    assert failed == 2
    assert sorted(kind for _, kind, _ in told()) == [
        "action_due",
        "approval_pending",
        "evaluation_due",
    ]
    assert len(mail.outbox) == 3
    assert sorted(JobFailure.objects.values_list("job", "about")) == [
        ("Reminder sweep", "Breaks midway"),
        ("Reminder sweep", "Runs invalid sql"),
    ]


def offered(client, person):
    client.force_login(person.user)
    return set(client.get(reverse("notifications:preferences")).context["form"].fields)


def test_each_person_is_offered_a_choice_only_for_what_can_reach_them(
    client, staff_member, line_manager, coordinator
):
    mine = offered(client, staff_member)
    assert {"action_due", "review_due", "form_sent"} <= mine
    assert not mine & {"policy_review", "decision_pending", "approval_pending", "concern_raised"}
    assert {"approval_pending", "summary_shared"} <= offered(client, line_manager)
    assert "policy_review" not in offered(client, line_manager)
    assert {"policy_review", "decision_pending", "concern_raised"} <= offered(client, coordinator)


def mark_all_as_read(client):
    """The button on the list of notifications, as shown to the person signed in."""
    shown = client.get(reverse("notifications:list")).text
    [up_to] = re.findall(r'name="up_to" value="(\d+)"', shown)
    return client.post(reverse("notifications:read_all"), {"up_to": up_to})
