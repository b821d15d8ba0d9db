import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = ["people", "programmes", "relationships", "evaluations"]


def test_every_model_is_in_the_admin_site():
    models = [m for label in OUR_APPS for m in apps.get_app_config(label).get_models()]
    assert models
    assert [m.__name__ for m in models if not admin.site.is_registered(m)] == []


@pytest.mark.django_db
def test_the_staff_list_in_the_admin_searches_by_name(admin_client, staff_member, colleague):
    response = admin_client.get(reverse("admin:people_staffmember_changelist"), {"q": "Evans"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [staff_member]
