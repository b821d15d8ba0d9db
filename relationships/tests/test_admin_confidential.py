"""The admin site is no back door (DATA-1): what was said in mentoring is hidden there unless
the signed-in person could read it in the portal, and nothing can be changed there."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from mentoring.audit.models import AuditEntry

ADMIN_PAGES = {
    "meetinglog": "held_meeting",
    "privatenote": None,
    "agreement": "agreement",
    "actionplan": None,
    "goal": "goal",
    "actionitem": "action",
    "concern": "concern",
    "sharedsummary": "summary",
}
WORDS = {
    "meetinglog": "Read the book.",
    "privatenote": "My own thoughts.",
    "agreement": "Talk first.",
    "actionplan": "Lead a team.",
    "goal": "Chair a meeting",
    "actionitem": "Ask to chair",
    "concern": "I am worried.",
    "sharedsummary": "We worked on delegation.",
}


def _url(model, people):
    from relationships import models

    record = {
        "meetinglog": lambda: people["held_meeting"].log,
        "privatenote": lambda: models.PrivateNote.objects.get(),
        "actionplan": lambda: people["mentee_member"].plan,
    }.get(model, lambda: people[ADMIN_PAGES[model]])()
    return reverse(f"admin:relationships_{model}_change", args=[record.pk])


@pytest.fixture
def site_admin(director):
    """An administrator of the site who has no part in any relationship."""
    director.user.is_staff = director.user.is_superuser = True
    director.user.save()
    return director


@pytest.mark.parametrize("model", sorted(WORDS))
def test_a_site_administrator_sees_no_confidential_text(client, people, site_admin, model):
    client.force_login(site_admin.user)
    response = client.get(_url(model, people))
    assert response.status_code == 200
    assert WORDS[model] not in response.text
    assert "Hidden: confidential" in response.text
    assert not AuditEntry.objects.filter(action="read").exists()


@pytest.mark.parametrize("model", sorted(set(WORDS) - {"privatenote", "concern"}))
def test_a_coordinator_reads_there_only_what_the_programme_lets_them(client, people, model):
    coordinator = people["coordinator"]
    coordinator.user.is_staff = True
    coordinator.user.save()
    coordinator.user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(coordinator.user)
    assert WORDS[model] not in client.get(_url(model, people)).text
    programme = people["relationship"].programme
    programme.coordinator_reads_meeting_logs = True
    programme.save()
    assert WORDS[model] in client.get(_url(model, people)).text
    assert AuditEntry.objects.filter(action="read", note="admin site").exists()


def test_a_private_note_stays_hidden_even_from_a_permitted_coordinator(client, people):
    coordinator = people["coordinator"]
    coordinator.user.is_staff = coordinator.user.is_superuser = True
    coordinator.user.save()
    programme = people["relationship"].programme
    programme.coordinator_reads_meeting_logs = True
    programme.save()
    client.force_login(coordinator.user)
    assert "My own thoughts." not in client.get(_url("privatenote", people)).text


def test_confidential_text_is_not_searchable_in_the_admin(client, people, site_admin):
    client.force_login(site_admin.user)
    for model in WORDS:
        changelist = reverse(f"admin:relationships_{model}_changelist")
        response = client.get(changelist, {"q": "worried"})
        assert WORDS[model] not in response.text


@pytest.mark.parametrize("model", sorted(WORDS))
def test_nothing_is_changed_or_deleted_through_the_admin(client, people, site_admin, model):
    client.force_login(site_admin.user)
    url = _url(model, people)
    assert client.post(url, {"text": "Changed"}).status_code == 403
    assert client.post(url.replace("/change/", "/delete/"), {"post": "yes"}).status_code == 403


@pytest.mark.parametrize(
    "model, lookup",
    [
        ("concern", "text__icontains"),
        ("privatenote", "text__icontains"),
        ("meetinglog", "achieved__icontains"),
        ("reviewanswer", "helping"),
        ("goal", "specific__icontains"),
    ],
)
def test_hidden_text_cannot_be_filtered_on_by_hand(client, people, site_admin, model, lookup):
    """A count of matches would tell what the hidden text says."""
    client.force_login(site_admin.user)
    changelist = reverse(f"admin:relationships_{model}_changelist")
    response = client.get(changelist, {lookup: "worried"})
    assert response.status_code in (302, 400)  # the admin refuses the filter
    assert "result_list" not in (response.context or {})


def test_a_review_answers_title_does_not_give_the_answer_away(client, people, site_admin):
    from relationships.models import ReviewAnswer

    answer = ReviewAnswer.objects.create(
        review=people["review"], person=people["report"], helping="not_working", plan_progress="-"
    )
    client.force_login(site_admin.user)
    page = client.get(reverse("admin:relationships_reviewanswer_change", args=[answer.pk]))
    assert "not working" not in page.text.lower()
