import re
from datetime import date, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.people import permissions
from mentoring.people.demo import PASSWORD, working_day
from mentoring.people.models import StaffMember, User

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_realistic_organisation(capsys):
    call_command("load_demo", force=True)
    staff = StaffMember.objects.all()
    assert 250 <= staff.count() <= 350
    assert staff.filter(hours="part_time").count() >= 20
    assert staff.filter(is_external=True).count() >= 3
    assert staff.values("department").distinct().count() >= 8
    assert staff.values("location").distinct().count() >= 5
    chief = staff.get(line_manager__isnull=True, job_title="Chief Executive")
    assert (
        StaffMember.objects.reports_of(chief).count() == staff.filter(is_external=False).count() - 1
    )
    assert "alex.morgan@demo-council.example" in capsys.readouterr().out


def test_running_it_twice_duplicates_nobody():
    call_command("load_demo", force=True)
    counts = (StaffMember.objects.count(), User.objects.count())
    call_command("load_demo", force=True)
    assert (StaffMember.objects.count(), User.objects.count()) == counts


def test_the_demo_logins_work_and_hold_their_roles(client):
    call_command("load_demo", force=True)
    coordinator = User.objects.get(email="alex.morgan@demo-council.example")
    manager = User.objects.get(email="sam.patel@demo-council.example")
    assert permissions.is_coordinator(coordinator)
    assert permissions.is_line_manager(manager)
    assert permissions.is_sponsor(User.objects.get(email="ruth.bennett@demo-council.example"))
    response = client.post(reverse("login"), {"username": manager.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_demo_admin_is_a_site_administrator_without_a_staff_record(client):
    call_command("load_demo", force=True)
    admin = User.objects.get(email="admin@demo-council.example")
    client.force_login(admin)
    assert client.get(reverse("admin:people_staffmember_changelist")).status_code == 200
    response = client.get(reverse("home"))
    assert "Your account is not linked to a staff record" in response.text


def test_it_adds_a_programme_for_each_seed_without_duplicates():
    from programmes.models import Programme

    call_command("load_demo", force=True)
    call_command("load_demo", force=True)
    assert Programme.objects.count() == 5
    assert sorted(Programme.objects.values_list("preset", flat=True)) == [
        "cleveland-traditional",
        "fun-foundations",
        "nhs-reciprocal",
        "sssc-peer",
        "west-suffolk",
    ]
    assert set(Programme.objects.values_list("status", flat=True)) == {"draft", "open", "running"}


def test_it_refuses_to_run_on_a_live_site(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="loads only with DEBUG=1"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_the_demo_has_applications_in_every_state_and_training():
    from programmes.models import Application, Booking, TrainingSession

    call_command("load_demo", force=True)
    call_command("load_demo", force=True)
    assert set(Application.objects.values_list("status", flat=True)) == set(
        Application.Status.values
    )
    jo = Application.objects.get(
        applicant__work_email="jo.evans@demo-council.example", programme__name="Mentoring Programme"
    )
    assert jo.status == "awaiting_manager" and jo.manager.work_email.startswith("sam.patel")
    # Three for Cleveland (the support group open to all), two rounds of two for West Suffolk,
    # the induction of the peer mentoring group.
    assert TrainingSession.objects.count() == 8
    assert Booking.objects.filter(status="waiting").exists()
    assert Booking.objects.filter(attended=True).exists()


def test_the_demo_has_proposals_and_relationships_in_every_state():
    from relationships.models import MentorRequest, Proposal, Relationship

    call_command("load_demo", force=True)
    call_command("load_demo", force=True)
    assert set(Relationship.objects.values_list("status", flat=True)) == {
        "proposed",
        "active",
        "ended",
    }
    assert set(Relationship.objects.values_list("ending", flat=True)) >= {
        "not_going_ahead",
        "rematch",
    }
    jo_and_chris = Relationship.objects.get(status="active", programme__preset="west-suffolk")
    assert {m.person.work_email.split("@")[0] for m in jo_and_chris.members.all()} == {
        "jo.evans",
        "chris.taylor",
    }
    assert Proposal.objects.count() >= 10
    assert MentorRequest.objects.filter(status="pending").exists()


def test_the_coordinators_dashboard_is_right_as_soon_as_the_demo_is_loaded(client):
    from relationships.selectors import waiting_mentees

    call_command("load_demo", force=True)
    client.force_login(User.objects.get(email="alex.morgan@demo-council.example"))
    response = client.get(reverse("evaluations:dashboard"))
    scheme = next(
        row for row in response.context["rows"] if row["programme"].name.startswith("West")
    )
    assert scheme["waiting_for_mentor"] == waiting_mentees(scheme["programme"]).count() > 0
    assert response.context["totals"]["at_risk"] >= 1


def test_the_sponsor_has_this_years_report_to_read(client):
    call_command("load_demo", force=True)
    call_command("load_demo", force=True)
    client.force_login(User.objects.get(email="ruth.bennett@demo-council.example"))
    page = client.get(reverse("evaluations:reports")).text
    assert "all programmes" in page.lower()
    from evaluations.models import MonitoringReport

    [report] = MonitoringReport.objects.all()
    assert report.status == report.Status.READY
    assert client.get(report.get_absolute_url()).status_code == 200


def test_most_of_the_scheme_answered_the_survey_and_jo_still_has_it_to_do(client):
    from evaluations.models import Response

    call_command("load_demo", force=True)
    survey = Response.objects.filter(survey__isnull=False)
    assert survey.filter(submitted_at__isnull=False).count() >= 40
    jo = User.objects.get(email="jo.evans@demo-council.example")
    client.force_login(jo)
    page = client.get(reverse("evaluations:to_complete")).text
    assert "Annual service evaluation" in page


def test_the_demo_people_find_notifications_waiting(client):
    from mentoring.notifications.models import Notification

    call_command("load_demo", force=True)
    jo = User.objects.get(email="jo.evans@demo-council.example")
    kinds = set(Notification.objects.filter(person__user=jo).values_list("kind", flat=True))
    assert "paired" in kinds and len(kinds) >= 2, kinds
    client.force_login(jo)
    assert "unread</span>" in client.get(reverse("home")).text


def test_sam_patel_finds_a_mentor_question_waiting_under_your_team(demo, client):
    """000 §3.2: West Suffolk asks the mentee's line manager about the proposed mentor; Sam
    has one such question to answer, for a proposal the coordinator sees."""
    from relationships.models import ManagerAnswer

    sam = User.objects.get(email="sam.patel@demo-council.example")
    [question] = ManagerAnswer.objects.filter(manager__user=sam).waiting()
    mentee, mentor = question.mentee_application, question.mentor_application
    assert mentee.programme.manager_asked_about_mentor
    assert mentee.programme.proposals.filter(
        mentee_application=mentee, mentor_application=mentor
    ).exists()
    client.force_login(sam)
    team = client.get(reverse("relationships:team")).text
    assert f"The mentor proposed in {mentee.programme.name}" in team
    assert reverse("relationships:mentor_choice", args=[question.pk]) in team


# The demo is what people judge the portal by: every date in it falls in the order things
# happen, appointments in office hours on working days, in the council's own places.
WORKING_HOURS = (time(9), time(17))
COUNCIL_TOWNS = ["Bury St Edmunds", "Mildenhall", "Haverhill", "Newmarket", "Brandon"]
ONLINE = ["Teams", "Online"]
POLICY_CODE = re.compile(r"\b\d{3}\b\s*(§|Appendix|Resource)")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the checks below, and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", force=True)
        yield
        transaction.set_rollback(True)


def _out_of_hours(what, starts_at, minutes):
    local = timezone.localtime(starts_at)
    ends = (local + timedelta(minutes=minutes)).time()
    on_the_quarter = local.minute % 15 == 0 and local.second == local.microsecond == 0
    christmas = (local.month, local.day) >= (12, 24) or (local.month, local.day) == (1, 1)
    if (
        local.weekday() < 5
        and not christmas
        and on_the_quarter
        and WORKING_HOURS[0] <= local.time()
        and ends <= WORKING_HOURS[1]
    ):
        return []
    return [f"{what} at {local:%A %d %B %H:%M} for {minutes} minutes"]


def test_every_training_session_is_on_a_working_day_in_office_hours(demo):
    from programmes.models import TrainingSession

    wrong = []
    for session in TrainingSession.objects.all():
        wrong += _out_of_hours(session, session.starts_at, 60)
    assert wrong == []


def test_every_meeting_is_on_a_working_day_in_office_hours(demo):
    from relationships.models import Meeting

    wrong = []
    for meeting in Meeting.objects.all():
        wrong += _out_of_hours(f"meeting {meeting.pk}", meeting.starts_at, meeting.minutes)
    assert wrong == []


def test_every_place_is_one_of_the_councils_or_online(demo):
    from programmes.models import TrainingSession
    from relationships.models import Meeting

    places = set(TrainingSession.objects.values_list("place", flat=True))
    places |= set(Meeting.objects.exclude(place="").values_list("place", flat=True))
    places |= set(
        StaffMember.objects.exclude(location=None).values_list("location__name", flat=True)
    )
    elsewhere = [p for p in places if not any(w in p for w in COUNCIL_TOWNS + ONLINE + ["Home"])]
    assert elsewhere == []
    assert not [p for p in places if re.search("Police|Middlesbrough|Cleveland|Ipswich", p)]


def test_what_the_demo_itself_wrote_carries_no_policy_codes(demo):
    from programmes.models import Programme, TrainingSession

    texts = list(TrainingSession.objects.values_list("notes", "place"))
    texts += list(Programme.objects.values_list("purpose", "how_to_apply"))
    assert [t for pair in texts for t in pair if POLICY_CODE.search(t)] == []


def test_every_application_is_supported_then_decided_after_it_was_made(demo):
    from programmes.models import Application

    wrong = []
    for a in Application.objects.all():
        steps = [a.created_at, a.manager_decided_at, a.decided_at or a.withdrawn_at]
        steps = [s for s in steps if s]
        if steps != sorted(steps) or steps[-1] > timezone.now():
            wrong.append(f"{a}: {steps}")
    assert wrong == []


def test_every_relationship_comes_after_the_applications_and_training_that_led_to_it(demo):
    from programmes.models import Booking
    from relationships.models import Member

    wrong = []
    for member in Member.objects.select_related("application", "relationship"):
        application, relationship = member.application, member.relationship
        if not application.decided_at < relationship.created_at:
            wrong.append(f"{relationship}: paired before {application} was accepted")
        trained = Booking.objects.filter(person=member.person, attended=True)
        if trained.filter(session__starts_at__gt=relationship.created_at).exists():
            wrong.append(f"{relationship}: paired before {member.person}'s training")
        times = [relationship.created_at, relationship.started_at, relationship.ended_at]
        times = [t for t in times if t]
        if times != sorted(times):
            wrong.append(f"{relationship}: created, started and ended out of order {times}")
    assert wrong == []


def test_every_booking_is_made_before_its_session_and_after_the_application(demo):
    from programmes.models import Booking

    wrong = []
    for booking in Booking.objects.select_related("session", "person"):
        applied = booking.person.applications.order_by("created_at").first()
        if not (applied.created_at < booking.booked_at < booking.session.starts_at):
            wrong.append(f"{booking.person} booked {booking.session} at {booking.booked_at}")
        if booking.attended is not None and booking.session.starts_at > timezone.now():
            wrong.append(f"{booking.person}'s attendance recorded before {booking.session}")
    assert wrong == []


def test_agreements_are_written_and_signed_while_the_relationship_runs(demo):
    from relationships.models import Signature

    wrong = []
    for signature in Signature.objects.select_related("agreement__relationship"):
        agreement = signature.agreement
        relationship = agreement.relationship
        if not relationship.created_at < agreement.created_at <= signature.signed_at:
            wrong.append(f"{agreement} signed by {signature.person} out of order")
        if agreement.version > 1 and signature.signed_at < relationship.started_at:
            wrong.append(f"{agreement} signed by {signature.person} before it started")
        if signature.signed_at > timezone.now():
            wrong.append(f"{agreement} signed by {signature.person} in the future")
    assert wrong == []


def test_meetings_are_held_while_the_relationship_runs_and_logged_after_them(demo):
    from relationships.models import Meeting

    wrong = []
    for meeting in Meeting.objects.select_related("relationship", "log"):
        relationship = meeting.relationship
        ended = relationship.ended_at or meeting.starts_at
        if not relationship.created_at < meeting.starts_at <= ended:
            wrong.append(f"meeting {meeting.pk} outside its relationship")
        log = getattr(meeting, "log", None)
        if log is None:
            continue
        held = meeting.starts_at + timedelta(minutes=meeting.minutes)
        answered = log.answered_at or log.written_at
        if not held <= log.written_at <= answered <= timezone.now():
            wrong.append(f"meeting {meeting.pk} logged before it was held or in the future")
    assert wrong == []


def test_requests_and_reviews_come_in_the_order_they_happen(demo):
    from relationships.models import MentorRequest, ReviewAnswer

    wrong = []
    for request in MentorRequest.objects.select_related("mentee_application", "relationship"):
        if not request.mentee_application.decided_at < request.created_at < request.expires_at:
            wrong.append(f"request {request.pk} sent before the mentee was accepted")
        if request.answered_at and not request.created_at < request.answered_at:
            wrong.append(f"request {request.pk} answered before it was sent")
        if request.relationship and request.relationship.created_at < request.created_at:
            wrong.append(f"request {request.pk} led to a relationship before it was sent")
    for answer in ReviewAnswer.objects.select_related("review__relationship"):
        if not answer.review.relationship.started_at < answer.answered_at <= timezone.now():
            wrong.append(f"review answer {answer.pk} outside the relationship")
    assert wrong == []


def test_the_survey_is_answered_after_it_was_sent_in_working_hours(demo):
    from evaluations.models import Response

    wrong = []
    for response in Response.objects.filter(submitted_at__isnull=False).select_related("survey"):
        sent = response.survey.sent_at if response.survey else response.sent_at
        if not sent < response.submitted_at <= timezone.now():
            wrong.append(f"response {response.pk} answered before it was sent")
        wrong += _out_of_hours(f"response {response.pk}", response.submitted_at, 0)
    assert wrong == []


@pytest.mark.parametrize(
    ("today", "days", "expected"),
    [
        (date(2026, 12, 7), -1, date(2026, 12, 4)),  # Monday: the Friday before
        (date(2026, 12, 5), 0, date(2026, 12, 7)),  # Saturday: the Monday after
        (date(2026, 12, 23), 1, date(2027, 1, 4)),  # closed from Christmas to New Year
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # Good Friday and Easter Monday
        (date(2027, 5, 28), 1, date(2027, 6, 1)),  # the spring bank holiday
        (date(2027, 8, 31), -1, date(2027, 8, 27)),  # the summer bank holiday
    ],
)
def test_the_demos_working_days_skip_weekends_and_bank_holidays(today, days, expected):
    assert working_day(days, today=today) == expected


def test_the_news_of_a_pairing_comes_when_it_was_made_and_before_it_started(demo):
    from mentoring.notifications.models import Notification
    from relationships.models import Relationship

    relationships = Relationship.objects.in_bulk()
    wrong = []
    for news in Notification.objects.filter(kind="paired"):
        relationship = relationships[news.about]
        started = relationship.started_at or relationship.ended_at or timezone.now()
        if not relationship.created_at <= news.created_at <= started:
            wrong.append(f"{news.person} told of {relationship} on {news.created_at:%d %B %Y}")
        if relationship.started_at and news.read_at is None:
            wrong.append(f"{news.person} has not read that {relationship} was made")
    assert wrong == []


def test_jo_has_a_few_messages_from_chris_and_one_unread(client):
    from relationships.models import Relationship

    call_command("load_demo", force=True)
    jo_and_chris = Relationship.objects.get(status="active", programme__preset="west-suffolk")
    client.force_login(User.objects.get(email="jo.evans@demo-council.example"))
    assert "1 unread" in client.get(jo_and_chris.get_absolute_url()).text
    conversation = client.get(reverse("relationships:messages", args=[jo_and_chris.pk])).text
    assert "I found the team leader job description" in conversation
    assert "1 unread" not in client.get(jo_and_chris.get_absolute_url()).text


def test_chris_leads_a_group_of_three_with_meetings_and_a_conversation_loaded_once(client):
    """002: "group peer mentoring (one mentor/one to four mentees)", in the programme whose
    guidance describes it, so that the demo shows a group's shared meetings and messages."""
    from relationships.models import Relationship

    call_command("load_demo", force=True)
    call_command("load_demo", force=True)
    [group] = Relationship.objects.filter(mentoring_model="group")
    assert group.status == "active" and "group" in group.programme.allowed_models
    roles = sorted(group.members.values_list("role", flat=True))
    assert roles == ["mentee", "mentee", "mentee", "mentor"]
    mentor = group.members.get(role="mentor").person
    assert mentor.work_email == "chris.taylor@demo-council.example"
    [agreement] = group.agreements.all()
    assert agreement.signatures.count() == 4 and agreement.locked_at
    now = timezone.now()
    assert group.meetings.filter(starts_at__lt=now, log__isnull=False).exists()
    assert group.meetings.filter(starts_at__gt=now, cancelled_at=None).count() == 1
    assert group.messages.values("author").distinct().count() == 4
    client.force_login(mentor.user)
    assert group.get_absolute_url() in client.get(reverse("home")).text
    conversation = client.get(reverse("relationships:messages", args=[group.pk])).text
    assert "Bring one example each, with the names left out." in conversation
