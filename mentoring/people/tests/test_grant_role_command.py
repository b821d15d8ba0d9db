import pytest
from django.core.management import CommandError, call_command

from mentoring.people import permissions
from mentoring.people.models import User

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)  # permissions are cached on the user object


def test_it_grants_and_revokes_the_coordinator_role(staff_member, capsys):
    call_command("grant_role", staff_member.work_email.upper(), "coordinator")
    assert permissions.is_coordinator(fresh(staff_member.user))
    assert f"Granted coordinator for {staff_member.work_email}." in capsys.readouterr().out
    call_command("grant_role", staff_member.work_email, "coordinator", "--revoke")
    assert not permissions.is_coordinator(fresh(staff_member.user))


def test_a_sponsor_reads_reports_only(staff_member):
    call_command("grant_role", staff_member.work_email, "sponsor")
    user = fresh(staff_member.user)
    assert permissions.is_sponsor(user) and not permissions.is_coordinator(user)


def test_it_says_when_nobody_has_that_email():
    with pytest.raises(CommandError, match="No account with the email nobody@example.org."):
        call_command("grant_role", "nobody@example.org", "coordinator")


def test_it_refuses_an_unknown_role(staff_member):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("grant_role", staff_member.work_email, "superhero")
