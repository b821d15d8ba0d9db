import pytest

from mentoring.people.models import StaffMember
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """chief → director → head → (officer_a, officer_b); other_director under chief."""
    chief = StaffMemberFactory()
    director = StaffMemberFactory(line_manager=chief)
    other_director = StaffMemberFactory(line_manager=chief)
    head = StaffMemberFactory(line_manager=director)
    officers = StaffMemberFactory.create_batch(2, line_manager=head)
    return chief, director, other_director, head, officers


def test_reports_of_are_everyone_below_at_any_depth_in_one_query(tree, django_assert_num_queries):
    chief, director, other_director, head, officers = tree
    with django_assert_num_queries(1):
        below_director = set(StaffMember.objects.reports_of(director))
    assert below_director == {head, *officers}
    assert set(StaffMember.objects.reports_of(chief)) == {director, other_director, head, *officers}
    assert not StaffMember.objects.reports_of(officers[0]).exists()


def test_managers_of_are_the_whole_chain_above_in_one_query(tree, django_assert_num_queries):
    chief, director, other_director, head, officers = tree
    with django_assert_num_queries(1):
        above = set(StaffMember.objects.managers_of(officers[0]))
    assert above == {head, director, chief}
    assert not StaffMember.objects.managers_of(chief).exists()


def test_is_in_management_chain_is_one_query(tree, django_assert_num_queries):
    chief, director, other_director, head, officers = tree
    with django_assert_num_queries(1):
        assert StaffMember.objects.managers_of(officers[1]).filter(pk=director.pk).exists()
    assert not StaffMember.objects.managers_of(officers[1]).filter(pk=other_director.pk).exists()
    assert not StaffMember.objects.managers_of(director).filter(pk=head.pk).exists()


def test_the_database_refuses_a_person_as_their_own_line_manager(tree):
    from django.db import IntegrityError, transaction

    chief = tree[0]
    chief.line_manager = chief
    with pytest.raises(IntegrityError), transaction.atomic():
        chief.save()
