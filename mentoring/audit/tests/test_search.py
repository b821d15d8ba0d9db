from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record
from programmes.models import Programme

pytestmark = pytest.mark.django_db
URL = reverse("audit:search")


@pytest.fixture
def programme(coordinator):
    programme = Programme.objects.create(name="Cleveland mentoring", purpose="Develop our people.")
    programme.coordinators.add(coordinator)
    return programme


@pytest.fixture
def other_programme(colleague):
    programme = Programme.objects.create(name="Nursery mentoring", purpose="Support new staff.")
    programme.coordinators.add(colleague)
    return programme


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator.user)
    return client


def record(person, programme, action="read", kind="meeting log", relationship_id=1, **extra):
    return audit_record(
        by=person.user,
        action=action,
        kind=kind,
        object_id=1,
        relationship_id=relationship_id,
        programme_id=programme.pk,
        **extra,
    )


def entries(response):
    return list(response.context["page"].object_list)


def test_a_coordinator_sees_their_programmes_entries_and_no_others(
    signed_in, programme, other_programme, staff_member, line_manager
):
    mine = record(staff_member, programme)
    record(line_manager, other_programme)
    audit_record(by=line_manager.user, action="read", kind="concern", object_id=2)
    response = signed_in.get(URL)
    assert response.status_code == 200
    assert entries(response) == [mine]
    assert "Jo Evans" in response.text
    assert "Sam Patel" not in response.text


def test_it_shows_when_who_what_and_where(signed_in, programme, staff_member):
    record(staff_member, programme, relationship_id=42, note="version 2")
    response = signed_in.get(URL)
    assert 'href="/mentoring/42/"' in response.text
    assert "version 2" in response.text
    assert "meeting log" in response.text


def test_it_finds_entries_by_part_of_a_name(signed_in, programme, staff_member, line_manager):
    jo = record(staff_member, programme)
    record(line_manager, programme)
    assert entries(signed_in.get(URL, {"who": "evan"})) == [jo]


def test_it_filters_by_action_kind_and_relationship(signed_in, programme, staff_member):
    wanted = record(staff_member, programme, action="change", kind="action plan", relationship_id=5)
    record(staff_member, programme, action="read", kind="action plan", relationship_id=5)
    record(staff_member, programme, action="change", kind="review", relationship_id=5)
    record(staff_member, programme, action="change", kind="action plan", relationship_id=6)
    response = signed_in.get(URL, {"action": "change", "kind": "action plan", "relationship": 5})
    assert entries(response) == [wanted]


def test_it_offers_only_the_kinds_the_coordinator_may_search(
    signed_in, programme, other_programme, staff_member
):
    record(staff_member, programme, kind="review")
    record(staff_member, other_programme, kind="concern")
    choices = dict(signed_in.get(URL).context["filter"].form.fields["kind"].choices)
    assert "review" in choices
    assert "concern" not in choices


def test_it_filters_by_dates_from_and_to(signed_in, programme, staff_member, time_machine):
    def on(day):
        time_machine.move_to(timezone.make_aware(datetime(2026, 3, day, 12)), tick=False)
        return record(staff_member, programme)

    on(1)
    second, third = on(2), on(3)
    on(4)
    response = signed_in.get(URL, {"date_from": "2026-03-02", "date_to": "2026-03-03"})
    assert entries(response) == [third, second]


def test_it_pages_50_at_a_time_keeping_the_filters(signed_in, programme, staff_member):
    for _ in range(55):
        record(staff_member, programme)
    response = signed_in.get(URL, {"who": "jo", "page": 2})
    assert len(entries(response)) == 5
    assert "who=jo&amp;page=1" in response.text


@pytest.mark.parametrize("role", ["staff_member", "line_manager", "sponsor"])
def test_only_coordinators_may_search(client, request, programme, role):
    person = request.getfixturevalue(role)
    record(person, programme)
    client.force_login(person.user)
    assert client.get(URL).status_code == 403


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("size", [3, 300])
def test_the_page_takes_the_same_queries_whatever_the_numbers(
    signed_in, django_assert_num_queries, programme, staff_member, size
):
    AuditEntry.objects.bulk_create(
        AuditEntry(who="Jo Evans", action="read", kind="review", programme_id=programme.pk)
        for _ in range(size)
    )
    # session, user with staff record, permissions (2), the kinds on offer, count, the page,
    # the navigation's line-manager check, and the sliding session expiry (3)
    with django_assert_num_queries(12):
        response = signed_in.get(URL, {"kind": "review"})
    assert response.context["page"].paginator.count == size
