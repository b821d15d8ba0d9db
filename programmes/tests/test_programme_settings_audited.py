"""Issue 18 §13: a change to a programme's settings is in the audit log: which settings, from
what to what, by whom; for its texts only that they changed, never the words."""

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
