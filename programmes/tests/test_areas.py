import pytest
from django.urls import reverse

from programmes.models import Area

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_an_area(client, coordinator):
    client.force_login(coordinator.user)
    response = client.post(
        reverse("programmes:areas"), {"name": "  Leadership   development "}, follow=True
    )
    assert "“Leadership development” added." in response.text
    assert Area.objects.get().name == "Leadership development"


def test_an_area_already_listed_is_refused_next_to_the_field(client, coordinator):
    Area.objects.create(name="Leadership")
    client.force_login(coordinator.user)
    response = client.post(reverse("programmes:areas"), {"name": "leadership"})
    assert response.context["form"].errors["name"] == ["“leadership” is already on the list."]
    assert Area.objects.count() == 1


def test_a_retired_area_is_no_longer_offered_to_applicants(client, coordinator, open_programme):
    area = Area.objects.create(name="Leadership")
    client.force_login(coordinator.user)
    client.post(reverse("programmes:area_toggle", args=[area.pk]))
    assert not Area.objects.get().is_active
    response = client.get(reverse("programmes:apply_mentee", args=[open_programme.pk]))
    assert "Leadership" not in str(response.context["form"]["areas"])


def test_a_line_manager_cannot_change_the_areas(client, line_manager):
    area = Area.objects.create(name="Leadership")
    client.force_login(line_manager.user)
    assert client.post(reverse("programmes:area_toggle", args=[area.pk])).status_code == 403
    assert Area.objects.get().is_active
