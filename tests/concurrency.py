"""Running the same service from many threads at the same instant, for the PostgreSQL race
tests (SQLite's in-memory test database cannot hold two writers)."""

import threading

import pytest
from django.db import connection, connections

POSTGRESQL_ONLY = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's shared in-memory test database cannot hold two writers at once; "
        "`make test` runs this in its PostgreSQL pass.",
    ),
]


def at_once(action, arguments):
    """Call `action(argument)` for each argument, each in its own thread with its own database
    connection, all released together. Returns what each returned or raised, in order."""
    start, outcomes = threading.Barrier(len(arguments)), [None] * len(arguments)

    def run(index, argument):
        start.wait()
        try:
            outcomes[index] = action(argument)
        except Exception as exc:  # the test decides which exceptions are refusals
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
