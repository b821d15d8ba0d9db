"""The periodic check and a service changing the same relationship at once (PostgreSQL): the
check passes over a relationship being changed, which checks itself, rather than waiting for
it and writing what it read before the change."""

import threading

from django.db import connections, transaction

from relationships.services.care import concern_raise
from relationships.services.risks import risks_check
from relationships.tests.test_risks_kept import active, flags, later, programme  # noqa: F401
from tests.concurrency import POSTGRESQL_ONLY

pytestmark = POSTGRESQL_ONLY


def test_a_check_running_while_a_concern_is_raised_does_not_clear_it(active, staff_member):  # noqa: F811
    raised, go = threading.Event(), threading.Event()

    def raise_concern():
        try:
            with transaction.atomic():
                concern_raise(by=staff_member.user, relationship=active, text="I am worried.")
                raised.set()
                go.wait(10)  # still holding the relationship while the check runs
        finally:
            connections.close_all()

    def check():
        try:
            risks_check()
        finally:
            connections.close_all()

    with later(weeks=5):  # the check has a reason of its own to write this relationship
        raising = threading.Thread(target=raise_concern)
        raising.start()
        assert raised.wait(10)
        checking = threading.Thread(target=check)
        checking.start()
        checking.join(3)
        go.set()
        raising.join()
        checking.join()
    assert flags(active) == {"no_meeting", "concern"}
