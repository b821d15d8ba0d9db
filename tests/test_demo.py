import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from mentoring.people import permissions
from mentoring.people.demo import PASSWORD
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
    assert TrainingSession.objects.count() == 5  # three in Cleveland, two for West Suffolk
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
    jo_and_chris = Relationship.objects.get(status="active")
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
