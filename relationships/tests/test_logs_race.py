"""A confirmation and a change racing for the same log: exactly one wins (MEET-2)."""

import pytest
from django.core.exceptions import ValidationError

from relationships.models import MeetingLog
from relationships.services.logs import log_confirm
from relationships.tests import test_logs
from relationships.tests.test_logs import meeting_at, write
from tests.concurrency import POSTGRESQL_ONLY, at_once

# The shared people and meeting of test_logs, as fixtures here too.
relationship = test_logs.relationship


pytestmark = POSTGRESQL_ONLY


@pytest.mark.parametrize("round_", range(5))
def test_a_confirmation_and_a_change_at_once_never_both_win(
    relationship, colleague, staff_member, round_
):
    meeting = meeting_at(relationship, days=-1)
    read = write(colleague, meeting)

    def act(which):
        if which == "confirm":
            return log_confirm(by=staff_member.user, log=read)
        return write(colleague, meeting, topics="Changed at the same moment")

    outcomes = at_once(act, ["confirm", "change"])
    won = [o for o in outcomes if isinstance(o, MeetingLog)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(refused) == 1, outcomes
    log = MeetingLog.objects.get(meeting=meeting)
    if log.status == "confirmed":
        assert log.topics != "Changed at the same moment"
        assert "confirmed as an accurate record" in " ".join(refused[0].messages)
    else:
        assert (log.status, log.topics) == ("awaiting", "Changed at the same moment")
        assert "changed while you were reading" in " ".join(refused[0].messages)
