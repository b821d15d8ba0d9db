"""The Reader's check for a record reads its kind of content, author and when it was written
from the model's declaration (mentoring/confidential.py), and agrees with `can_read`."""

from relationships.models import PrivateNote
from relationships.permissions import Content, Reader


def _reader(person, people):
    return Reader(person.user, people["relationship"])


def test_a_private_note_is_read_by_its_author_alone(people):
    note = PrivateNote.objects.get()
    assert _reader(people["staff"], people).can_read_record(note)  # the mentor wrote it
    assert not _reader(people["report"], people).can_read_record(note)


def test_a_concern_is_read_by_whoever_raised_it_and_not_the_other_party(people):
    concern = people["concern"]
    assert _reader(people["report"], people).can_read_record(concern)
    assert not _reader(people["staff"], people).can_read_record(concern)


def test_an_action_under_a_goal_is_read_as_part_of_the_action_plan(people):
    reader = _reader(people["staff"], people)
    assert reader._kind(people["action"]) == Content.ACTION_PLAN
    assert reader.can_read_record(people["action"])
    assert not _reader(people["line_manager"], people).can_read_record(people["action"])


def test_a_record_the_reader_does_not_know_is_read_by_nobody(people):
    request = people["mentor_request"]
    assert not _reader(people["report"], people).can_read_record(request)


def test_reading_someone_elses_record_is_audited_and_ones_own_is_not(people):
    from mentoring.audit.models import AuditEntry

    _reader(people["report"], people).read_record(people["concern"], note="test")
    assert not AuditEntry.objects.filter(action="read").exists()
    log = people["held_meeting"].log
    _reader(people["report"], people).read_record(log, note="test")
    assert AuditEntry.objects.filter(action="read", kind="meeting log", note="test").count() == 1
