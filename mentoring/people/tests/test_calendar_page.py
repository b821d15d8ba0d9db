"""Your calendar (issue 23): each person turns their calendar feed on, sees its address once,
makes a new one or turns it off (each asked first), and each is audited."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from mentoring.audit.models import AuditEntry
from mentoring.people.calendar_feeds import _hash
from mentoring.people.models import CalendarFeed

CONFIRMED = {"confirmed": "yes"}


def address_on(page):
    marker = 'id="calendar-address" type="text" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def path_of(address):
    return urlsplit(address).path


@pytest.fixture
def signed_in(client, staff_member):
    client.force_login(staff_member.user)
    return client


@pytest.mark.django_db
def test_the_profile_leads_to_your_calendar(signed_in):
    assert reverse("calendar") in signed_in.get(reverse("profile")).text


@pytest.mark.django_db
def test_the_page_says_what_the_feed_shows_and_that_it_is_off(signed_in):
    page = signed_in.get(reverse("calendar")).text
    assert "Your calendar feed is off." in page
    assert "Anyone who has the address can see the dates and times" in page
    assert "Outlook" in page and "Google Calendar" in page


@pytest.mark.django_db
def test_turning_it_on_shows_the_address_once_and_keeps_only_its_hash(signed_in, staff_member):
    response = signed_in.post(reverse("calendar_start"))
    assert response.status_code == 200
    address = address_on(response.text)
    secret = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert f'href="webcal://{address.split("://", 1)[1]}"' in response.text
    feed = CalendarFeed.objects.get(person=staff_member)
    assert feed.token_hash == _hash(secret) != secret
    assert "no-store" in response["Cache-Control"]
    assert secret not in signed_in.get(reverse("calendar")).text


@pytest.mark.django_db
def test_the_address_shown_opens_the_feed(signed_in, client):
    address = address_on(signed_in.post(reverse("calendar_start")).text)
    signed_in.logout()
    response = client.get(path_of(address))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


@pytest.mark.django_db
def test_a_new_address_is_asked_for_first_then_stops_the_old_one(signed_in, staff_member):
    old = address_on(signed_in.post(reverse("calendar_start")).text)
    asked = signed_in.post(reverse("calendar_start"))
    assert "Make a new address for your calendar?" in asked.text
    in_use = CalendarFeed.objects.in_use().get(person=staff_member)
    assert in_use.token_hash == _hash(old.rsplit("/", 1)[1].removesuffix(".ics"))
    new = address_on(signed_in.post(reverse("calendar_start"), CONFIRMED).text)
    assert new != old
    assert CalendarFeed.objects.filter(person=staff_member).count() == 2
    assert CalendarFeed.objects.in_use().filter(person=staff_member).count() == 1
    signed_in.logout()
    assert signed_in.get(path_of(old)).status_code == 404
    assert signed_in.get(path_of(new)).status_code == 200


@pytest.mark.django_db
def test_turning_it_off_is_asked_for_first_and_audited(signed_in, staff_member):
    signed_in.post(reverse("calendar_start"))
    asked = signed_in.post(reverse("calendar_revoke"))
    assert "Turn off your calendar feed?" in asked.text
    assert CalendarFeed.objects.in_use().filter(person=staff_member).exists()
    done = signed_in.post(reverse("calendar_revoke"), CONFIRMED)
    assert done.status_code == 302
    assert not CalendarFeed.objects.in_use().filter(person=staff_member).exists()
    entries = AuditEntry.objects.filter(kind="calendar feed", user_id=staff_member.user.pk)
    assert sorted(entries.values_list("action", flat=True)) == ["create", "revoke"]
    assert "Your calendar feed is off." in signed_in.get(reverse("calendar")).text


@pytest.mark.django_db
def test_the_page_says_when_a_calendar_last_read_the_feed(signed_in, client):
    address = address_on(signed_in.post(reverse("calendar_start")).text)
    assert "Not yet" in signed_in.get(reverse("calendar")).text
    client.get(path_of(address))
    assert "Not yet" not in signed_in.get(reverse("calendar")).text


@pytest.mark.django_db
def test_an_account_without_a_staff_record_has_no_calendar(client, django_user_model):
    user = django_user_model.objects.create_user(email="admin@example.org", password="x" * 12)
    client.force_login(user)
    assert client.get(reverse("calendar")).status_code == 403
    assert client.post(reverse("calendar_start"), CONFIRMED).status_code == 403
    assert not CalendarFeed.objects.exists()
