"""Issue 18 §13: a change to a programme's settings is in the audit log: which settings, from
what to what, by whom; for its texts only that they changed, never the words."""

from django.urls import reverse

from mentoring.audit.models import AuditEntry
from programmes.models import Programme
from programmes.services.programmes import programme_update


def changes(programme):
    return list(
        AuditEntry.objects.filter(kind="programme settings", programme_id=programme.pk)
        .order_by("pk")
        .values_list("who", "action", "object_id", "note")
    )


def test_a_settings_change_records_each_setting_from_what_to_what(
    open_programme, coordinator, director
):
    programme = Programme.objects.get(pk=open_programme.pk)
    programme.mentor_capacity = 4
    programme.mentee_manager_approval = not programme.mentee_manager_approval
    programme.purpose = "A SECRET-ISH new purpose."
    programme.sponsor = director
    programme_update(by=coordinator.user, programme=programme, coordinators=[coordinator])
    before = "on" if open_programme.mentee_manager_approval else "off"
    after = "off" if before == "on" else "on"
    notes = [note for *_, note in changes(programme)]
    assert notes == [
        "Purpose changed",
        "Sponsor: none → Ruth Bennett",
        f"Mentees need their line manager's approval: {before} → {after}",
        f"Most mentees a mentor may take: {open_programme.mentor_capacity} → 4",
    ]
    assert {(who, action, pk) for who, action, pk, _ in changes(programme)} == {
        ("Alex Morgan", "change", programme.pk)
    }
    assert "SECRET" not in " ".join(notes)


def test_saving_with_nothing_changed_records_nothing(open_programme, coordinator):
    programme = Programme.objects.get(pk=open_programme.pk)
    programme_update(by=coordinator.user, programme=programme, coordinators=[coordinator])
    assert changes(programme) == []


def test_a_change_of_coordinators_names_who_joined_and_left(open_programme, coordinator, director):
    programme = Programme.objects.get(pk=open_programme.pk)
    programme_update(by=coordinator.user, programme=programme, coordinators=[director])
    assert [note for *_, note in changes(programme)] == [
        "Coordinators: added Ruth Bennett; removed Alex Morgan"
    ]


def admin_form(page):
    """What the admin site's change form would post back unchanged."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value not in (None, False):
            data[name] = value
    return data


def test_a_change_made_in_the_admin_site_is_recorded_too(admin_client, open_programme, director):
    """Coordinators and settings are editable there: the same entries as in the portal."""
    url = reverse("admin:programmes_programme_change", args=[open_programme.pk])
    data = admin_form(admin_client.get(url))
    data["mentor_capacity"] = 4
    data["coordinators"] = [*data["coordinators"], str(director.pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [note for *_, note in changes(open_programme)] == [
        f"Most mentees a mentor may take: {open_programme.mentor_capacity} → 4",
        "Coordinators: added Ruth Bennett",
    ]
