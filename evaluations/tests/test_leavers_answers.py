"""Someone who left a group (issue 18, finding 4) reads, on a form everyone confirms, only
what the others wrote while they were in it."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Question, Response
from evaluations.permissions import AnswerReader
from evaluations.services.responses import parties_of, response_answer
from relationships.services.lifecycle import relationship_end
from relationships.services.pairing import rematch_request
from relationships.tests.test_leavers import all_go_ahead, group  # noqa: F401  (the fixture)

from .test_sending import CLOSING, end_form


def answer_own(response, text):
    questions = Question.objects.filter(section__questionnaire=response.questionnaire)
    values = {q.pk: 3 if q.kind == "rating" else text for q in questions}
    values = {pk: v for pk, v in values.items() if _for(pk, response)}
    return response_answer(by=response.person.user, response=response, answers=values)


def _for(question_pk, response):
    return Question.objects.get(pk=question_pk).section.is_for(response.role)


def test_a_leaver_does_not_read_what_the_group_wrote_on_its_end_form_after_they_left(
    client,
    group,  # noqa: F811
    staff_member,
    colleague,
):
    end_form(group.programme)
    all_go_ahead(group)
    rematch_request(by=staff_member.user, relationship=group, reason="time")
    jo = Response.objects.get(person=staff_member, relationship=group)
    answer_own(jo, "JO-WROTE-WHILE-IN")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        relationship_end(by=colleague.user, relationship=group, reason="planned_end", **CLOSING)
        for response in Response.objects.filter(relationship=group, submitted_at__isnull=True):
            answer_own(response, "WRITTEN-AFTER-JO-LEFT")

    parties = parties_of(jo)
    jo_reads = AnswerReader(staff_member.user, group.programme)
    others = [p for p in parties if p.pk != jo.pk]
    text = Question.objects.get(kind="text", section__addressed_to="mentor")
    assert len(others) == 3 and all(p.submitted_at for p in others)
    assert not any(jo_reads.may_read(p, text, parties=parties) for p in others)
    client.force_login(staff_member.user)
    page = client.get(reverse("evaluations:response", args=[jo.pk])).text
    assert "JO-WROTE-WHILE-IN" in page and "WRITTEN-AFTER-JO-LEFT" not in page
    jo.refresh_from_db()
    assert AnswerReader(colleague.user, group.programme).may_read(jo, text, parties=parties)
