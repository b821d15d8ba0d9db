"""The calendar feed's services: one in use per person, kept by the database; only people who
still work here have one."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from mentoring.people.calendar_feeds import (
    calendar_feed_owner,
    calendar_feed_revoke,
    calendar_feed_start,
)
from mentoring.people.models import CalendarFeed


@pytest.mark.django_db
def test_the_database_keeps_one_feed_in_use_per_person(staff_member):
    calendar_feed_start(by=staff_member.user)
    with pytest.raises(IntegrityError):
        CalendarFeed.objects.create(person=staff_member, token_hash="another")


@pytest.mark.django_db
def test_the_secret_opens_its_owners_feed_and_nothing_else_does(staff_member):
    secret = calendar_feed_start(by=staff_member.user)
    assert calendar_feed_owner(secret) == staff_member
    assert calendar_feed_owner(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert calendar_feed_owner(secret + "A") is None
    assert calendar_feed_owner("") is None


@pytest.mark.django_db
def test_turning_off_a_feed_that_is_off_changes_nothing(staff_member):
    assert calendar_feed_revoke(by=staff_member.user) is False
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_someone_who_has_left_cannot_turn_a_feed_on(staff_member):
    staff_member.is_active = False
    staff_member.save()
    with pytest.raises(PermissionDenied):
        calendar_feed_start(by=staff_member.user)
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_a_leavers_feed_stays_closed_when_they_come_back(staff_member):
    """Deactivated by the staff list (the import or provisioning), the feed is revoked for
    good: reactivated later, the old address still opens nothing."""
    from mentoring.people.staff_import import staff_records_apply

    secret = calendar_feed_start(by=staff_member.user)
    record = {
        "work_email": staff_member.work_email,
        "first_name": staff_member.first_name,
        "last_name": staff_member.last_name,
        "job_title": staff_member.job_title,
        "department": staff_member.department,
        "line_manager_email": "",
    }
    staff_records_apply(records=[record | {"active": "no"}], who="test")
    staff_records_apply(records=[record | {"active": "yes"}], who="test")
    staff_member.refresh_from_db()
    assert staff_member.is_active
    assert calendar_feed_owner(secret) is None
