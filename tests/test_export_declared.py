"""A person's own data (DATA-3), derived: whatever a model declares confidential is in the
download of the person it belongs to, so a field added to a declaration cannot be left out."""

import pytest
from django.db import models
from django.urls import reverse

from mentoring.confidential import declared
from tests.test_canary import mentor_request_in, planted  # noqa: F401  (the fixture)

# A note to the coordinator about a manager's refusal is not given back (README, DATA-3).
# Nor are the coordinators' own notes about a relationship (README, relationships at risk).
NOT_GIVEN_BACK = {
    ("Application", "confidential_note"),
    ("CoordinatorNote", "text"),
    ("SetAside", "why"),
}


@pytest.fixture
def written(planted):  # noqa: F811
    """A marker for each declared text field, in every record of the declared models."""
    relationship = planted["relationship"]
    mentor_request_in(relationship)
    where, count = {}, iter(range(1000))
    for model, said in declared():
        for pk in model.objects.values_list("pk", flat=True):
            for name in said.text:
                if isinstance(model._meta.get_field(name), models.CharField | models.TextField):
                    marker = f"ZX{next(count):03d}ZX"
                    where.setdefault((model.__name__, name), []).append(marker)
                    model.objects.filter(pk=pk).update(**{name: marker})
    return where


def test_the_download_holds_every_declared_field_of_what_the_person_wrote(
    client, written, staff_member
):
    client.force_login(staff_member.user)
    text = client.get(reverse("my_data_json")).content.decode()
    missing = {where for where, markers in written.items() if not any(m in text for m in markers)}
    assert missing == NOT_GIVEN_BACK
