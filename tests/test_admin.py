import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from mentoring.people.models import EqualityAnswers

OUR_APPS = ["people", "audit", "notifications", "programmes", "relationships", "evaluations"]
# Equality answers are for anonymised reports only, never for reading one by one (PEOPLE-2).
NEVER_IN_ADMIN = {EqualityAnswers}


def test_every_model_is_in_the_admin_site():
    models = [m for label in OUR_APPS for m in apps.get_app_config(label).get_models()]
    assert models
    registered = [m for m in models if admin.site.is_registered(m)]
    assert set(models) - set(registered) == NEVER_IN_ADMIN


@pytest.mark.django_db
def test_the_staff_list_in_the_admin_searches_by_name(admin_client, staff_member, colleague):
    response = admin_client.get(reverse("admin:people_staffmember_changelist"), {"q": "Evans"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [staff_member]
