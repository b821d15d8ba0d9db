from mentoring.people.models import StaffMember, User
from mentoring.people.staff_import import ImportResult, staff_import
from tests.concurrency import POSTGRESQL_ONLY, at_once
from tests.csv_files import organisation, staff_csv

pytestmark = POSTGRESQL_ONLY


def test_imports_at_the_same_moment_run_one_after_the_other():
    rows = organisation(200)
    outcomes = at_once(lambda _: staff_import(file=staff_csv(*rows)), range(6))
    assert all(isinstance(outcome, ImportResult) for outcome in outcomes), outcomes
    assert StaffMember.objects.count() == 200 == User.objects.count()
    assert StaffMember.objects.filter(line_manager__isnull=False).count() == 199
