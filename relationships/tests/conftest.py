import pytest

from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator)


@pytest.fixture
def chooser(coordinator):
    """A programme whose mentees choose from the mentor directory."""
    return programme_for_matching(coordinator, matching_mode="directory", request_expiry_days=7)


@pytest.fixture
def mentor(chooser, colleague):
    return accepted(chooser, colleague, "mentor", capacity=1)


@pytest.fixture
def mentee(chooser, staff_member):
    return accepted(chooser, staff_member, "mentee")


@pytest.fixture
def other_mentees(chooser):
    return [accepted(chooser, StaffMemberFactory(), "mentee") for _ in range(3)]
