"""The admin site is no back door (DATA-1), for every model that declares confidential text:
a marker planted in each declared field is never shown to staff who may view every model
but read nothing in the portal, on any list, search, filter or record page; the people who
read it in the portal read it there too, and the read is audited (DATA-2)."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import models
from django.urls import reverse

from evaluations.models import MonitoringReport
from mentoring.audit.models import AuditEntry
from mentoring.confidential import declared
from tests.factories import StaffMemberFactory
from tests.test_canary import mentor_request_in, planted  # noqa: F401  (the fixture)

MARKER = re.compile(r"ZQ\d{3}ZQ")


def _shown_in_admin():
    return [(m, said) for m, said in declared() if admin.site.is_registered(m)]


@pytest.fixture
def marked(planted):  # noqa: F811
    """A unique marker in every declared text field of every record of a declared model."""
    relationship = planted["relationship"]
    mentor_request_in(relationship)
    MonitoringReport.objects.create(  # the true counts are in a JSON field: never shown
        period_start=relationship.created_at.date(),
        period_end=relationship.created_at.date(),
        equality_basis={"sex": {"ZQ999ZQ": 1}},
    )
    where = {}
    for model, said in _shown_in_admin():
        assert model.objects.exists(), f"plant a {model.__name__}"
        for pk in model.objects.values_list("pk", flat=True):
            for name in said.hidden:
                field = model._meta.get_field(name)
                if field.choices or not isinstance(field, models.CharField | models.TextField):
                    continue
                where[marker := f"ZQ{len(where):03d}ZQ"] = (model.__name__, name, pk)
                model.objects.filter(pk=pk).update(**{name: marker})
    return where


def _staff(person):
    person.user.is_staff = True
    person.user.save()
    person.user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    return person


def _pages(model):
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    yield reverse(f"{info}_changelist")
    yield reverse(f"{info}_changelist") + "?q=ZQ"
    for pk in model.objects.values_list("pk", flat=True):
        yield reverse(f"{info}_change", args=[pk])


def _seen(client, person):
    client.force_login(person.user)
    seen = set()
    for model, _ in _shown_in_admin():
        for url in _pages(model):
            response = client.get(url)
            assert response.status_code == 200, url
            seen |= set(MARKER.findall(response.text))
    return seen


def test_staff_who_may_view_every_model_read_no_declared_text_anywhere(client, marked):
    assert _seen(client, _staff(StaffMemberFactory())) == set()
    assert not AuditEntry.objects.filter(action="read").exists()


@pytest.mark.parametrize("model, said", _shown_in_admin(), ids=lambda x: getattr(x, "__name__", ""))
def test_nor_can_they_filter_or_sort_on_it_by_hand(client, marked, model, said):
    client.force_login(_staff(StaffMemberFactory()).user)
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for name in said.hidden:
        response = client.get(changelist, {f"{name}__startswith": "ZQ"})
        assert response.status_code in (302, 400), name
        assert "result_list" not in (response.context or {})


def test_the_mentee_reads_there_what_they_read_in_the_portal_and_no_more(
    client, marked, staff_member
):
    seen = {marked[m] for m in _seen(client, _staff(staff_member))}
    kinds = {model for model, _, _ in seen}
    assert {"MeetingLog", "Agreement", "Goal", "ActionPlan", "Concern", "MentorRequest"} <= kinds
    assert "Message" in kinds
    notes = [pk for model, _, pk in seen if model == "PrivateNote"]
    assert [n.author_id for n in planted_notes(notes)] == [staff_member.pk]
    assert "Application" not in kinds  # the coordinators read applications in full


def planted_notes(pks):
    from relationships.models import PrivateNote

    return PrivateNote.objects.filter(pk__in=pks)


def test_a_coordinator_reads_there_what_the_programme_lets_them_and_it_is_audited(
    client, marked, coordinator
):
    seen = {marked[m][0] for m in _seen(client, _staff(coordinator))}
    assert {"Application", "MeetingLog", "Agreement", "Answer"} <= seen
    assert "PrivateNote" not in seen
    assert "Message" not in seen  # never, even where the programme lets them read logs
    assert AuditEntry.objects.filter(action="read", note="admin site").exists()


def test_the_admin_site_refuses_an_admin_that_would_show_confidential_text():
    from django.core.exceptions import ImproperlyConfigured

    from mentoring.admin_site import MentoringAdminSite
    from relationships.models import Concern, Relationship

    site = MentoringAdminSite(name="another")
    with pytest.raises(ImproperlyConfigured, match="Concern"):
        site.register(Concern)

    class SearchingConcerns(admin.ModelAdmin):
        search_fields = ["concerns__text"]

    with pytest.raises(ImproperlyConfigured, match="concerns__text"):
        site.register(Relationship, SearchingConcerns)
