"""Building questionnaires: copying the shipped ones, the rules each kind of question is held
to, and versions, so that every answer keeps the words it answered (EVAL-1)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluations.models import Answer, Question, Questionnaire, Response, Section
from evaluations.services.questionnaires import (
    question_delete,
    question_save,
    questionnaire_add,
    questionnaire_from_template,
    questionnaire_retire,
    questionnaire_update,
    section_delete,
    section_save,
)
from evaluations.shipped import SHIPPED
from mentoring.audit.models import AuditEntry
from mentoring.people.services import role_grant
from programmes.models import Programme
from programmes.presets import PRESETS
from programmes.services.programmes import (
    programme_archive,
    programme_create,
    programme_set_status,
)
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator)


@pytest.fixture
def form(programme, coordinator):
    """000's evaluation form, copied into the programme."""
    return questionnaire_from_template(by=coordinator.user, programme=programme, key="000")


@pytest.fixture
def relationship(programme, colleague, staff_member):
    return paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )


@pytest.fixture
def answered(form, relationship, colleague, staff_member):
    """The mentor has answered their section; the mentee's copy waits."""
    due = timezone.localdate() + timedelta(days=14)
    mine = Response.objects.create(
        questionnaire=form,
        person=colleague,
        role="mentor",
        relationship=relationship,
        due_on=due,
        submitted_at=timezone.now(),
    )
    first = form.sections.get(addressed_to="mentor").questions.first()
    Answer.objects.create(response=mine, question=first, text="Budgets; addressed by a course.")
    pending = Response.objects.create(
        questionnaire=form,
        person=staff_member,
        role="mentee",
        relationship=relationship,
        due_on=due,
    )
    return {"submitted": mine, "pending": pending, "question": first}


def mentor_section(questionnaire):
    return questionnaire.sections.get(addressed_to="mentor")


def contents(questionnaire):
    return [
        (s.title, s.addressed_to, s.order, [(q.text, q.kind, q.choices, q.source) for q in qs])
        for s in questionnaire.sections.all()
        for qs in [s.questions.all()]
    ]


# Copying the shipped questionnaires


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_a_shipped_questionnaire_is_copied_into_the_programme_word_for_word(
    programme, coordinator, key
):
    copy = questionnaire_from_template(by=coordinator.user, programme=programme, key=key)
    template = SHIPPED[key]
    assert (copy.title, copy.use, copy.both_confirm, copy.shipped_from, copy.version) == (
        template["title"],
        template["use"],
        template["both_confirm"],
        key,
        1,
    )
    assert contents(copy) == [
        (
            part["title"],
            part["addressed_to"],
            number,
            [(q["text"], q["kind"], q.get("choices", []), q["source"]) for q in part["questions"]],
        )
        for number, part in enumerate(template["sections"], start=1)
    ]
    assert AuditEntry.objects.filter(kind="questionnaire", object_id=copy.pk).exists()


def test_there_is_no_template_by_another_name(programme, coordinator):
    with pytest.raises(ValidationError):
        questionnaire_from_template(by=coordinator.user, programme=programme, key="001")
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize(
    "preset, titles",
    [
        ("west-suffolk", ["Mentoring evaluation form"]),
        ("fun-foundations", []),
        ("sssc-peer", ["Mentor programme evaluation"]),
        ("cleveland-traditional", ["End of mentoring review"]),
        ("cleveland-reverse", ["End of mentoring review"]),
        ("nhs-traditional", ["Annual service evaluation", "End of relationship evaluation"]),
        ("nhs-reciprocal", ["Annual service evaluation", "End of relationship evaluation"]),
        ("", []),
    ],
)
def test_a_programme_made_from_a_preset_starts_with_its_seeds_questionnaires(
    coordinator, preset, titles
):
    rules = PRESETS[preset]["rules"] if preset else {}
    programme = programme_create(
        by=coordinator.user,
        programme=Programme(name="New", purpose="Grow.", **rules),
        preset=preset,
    )
    copies = programme.questionnaires.all()
    assert [q.title for q in copies] == titles
    for copy in copies:
        template = SHIPPED[copy.shipped_from]
        assert template["seed"] == PRESETS[preset]["seed"]
        assert Question.objects.filter(section__questionnaire=copy).count() == sum(
            len(part["questions"]) for part in template["sections"]
        )


def test_a_programme_refused_at_creation_leaves_no_questionnaire(coordinator, staff_member):
    with pytest.raises(PermissionDenied):
        programme_create(
            by=staff_member.user,
            programme=Programme(name="New", purpose="Grow."),
            preset="west-suffolk",
        )
    assert not Questionnaire.objects.exists()


# Who may build them


def test_only_the_programmes_own_coordinators_build_its_questionnaires(form, colleague):
    other = StaffMemberFactory()
    role_grant(user=other.user, role="coordinator")
    for person in (other, colleague):
        with pytest.raises(PermissionDenied):
            questionnaire_update(by=person.user, questionnaire=form, data={"title": "Mine"})
        with pytest.raises(PermissionDenied):
            questionnaire_from_template(by=person.user, programme=form.programme, key="002")
    form.refresh_from_db()
    assert (form.title, Questionnaire.objects.count()) == ("Mentoring evaluation form", 1)


def test_an_archived_programmes_questionnaires_cannot_change(form, coordinator):
    programme_set_status(by=coordinator.user, programme=form.programme, status="closed")
    programme_archive(by=coordinator.user, programme=form.programme)
    form.refresh_from_db()
    with pytest.raises(ValidationError, match="archived"):
        questionnaire_update(by=coordinator.user, questionnaire=form, data={"title": "Later"})


# The rules each kind of question is held to

GOOD = {
    "rating": ["Poor", "Good"],
    "single": ["Yes", "No", "Not sure"],
    "multiple": ["Networks", "Confidence"],
    "yes_no": [],
    "text": [],
}
BAD = [
    ("single", ["Only one"], "at least two different options"),
    ("single", ["Yes", "yes "], "at least two different options"),
    ("multiple", [], "at least two different options"),
    ("multiple", ["Networks", "Confidence", "networks"], "should appear once"),
    ("rating", ["Only"], "from 2 to 10 points"),
    ("rating", [str(n) for n in range(11)], "from 2 to 10 points"),
    ("rating", ["Poor", "Good", "Poor"], "should appear once"),
    ("yes_no", ["Yes", "No"], "A yes or no question takes no options"),
    ("text", ["Anything"], "A written answer takes no options"),
    ("single", ["x" * 201, "Short"], "under 200 characters"),
]


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_each_kind_of_question_is_added_with_fitting_options(form, coordinator, kind):
    section = mentor_section(form)
    data = {"text": "Which?", "kind": kind, "choices": GOOD[kind], "order": None}
    question = question_save(by=coordinator.user, section=section, data=data)
    question.refresh_from_db()
    assert (question.section, question.kind, question.choices, question.order) == (
        section,
        kind,
        GOOD[kind],
        7,
    )


@pytest.mark.parametrize("kind, choices, message", BAD)
def test_options_that_do_not_fit_the_kind_are_refused_next_to_them(
    form, coordinator, kind, choices, message
):
    before = contents(form)
    with pytest.raises(ValidationError) as refused:
        question_save(
            by=coordinator.user,
            section=mentor_section(form),
            data={"text": "Which?", "kind": kind, "choices": choices},
        )
    assert message in " ".join(refused.value.message_dict["choices"])
    assert contents(form) == before


def test_a_question_without_words_is_refused(form, coordinator):
    question = mentor_section(form).questions.first()
    with pytest.raises(ValidationError) as refused:
        question_save(
            by=coordinator.user,
            section=question.section,
            question=question,
            data={"text": "   ", "kind": "text", "choices": []},
        )
    assert refused.value.message_dict == {"text": ["Write the question."]}
    question.refresh_from_db()
    assert question.text.startswith("What development needs")


def test_a_section_without_a_title_is_refused(form, coordinator):
    with pytest.raises(ValidationError) as refused:
        section_save(
            by=coordinator.user, questionnaire=form, data={"title": " ", "addressed_to": "both"}
        )
    assert refused.value.message_dict == {"title": ["Give the section a title."]}
    assert form.sections.count() == 3  # A, B and the line manager's


def test_only_a_form_sent_at_the_end_is_confirmed_by_both(programme, coordinator):
    data = {"title": "Annual survey", "introduction": "", "use": "survey", "both_confirm": True}
    with pytest.raises(ValidationError) as refused:
        questionnaire_add(by=coordinator.user, programme=programme, data=data)
    assert list(refused.value.message_dict) == ["both_confirm"]
    assert not Questionnaire.objects.exists()
    blank = questionnaire_add(
        by=coordinator.user, programme=programme, data=data | {"both_confirm": False}
    )
    assert (blank.title, blank.use, blank.version, blank.is_current) == (
        "Annual survey",
        "survey",
        1,
        True,
    )


# Versions


def test_a_version_nobody_has_answered_is_changed_in_place(form, coordinator, relationship):
    Response.objects.create(
        questionnaire=form,
        person=relationship.members.first().person,
        role="mentor",
        relationship=relationship,
        due_on=timezone.localdate(),
    )
    question = mentor_section(form).questions.first()
    saved = question_save(
        by=coordinator.user,
        section=question.section,
        question=question,
        data={"text": "What needs did you agree?", "kind": "text", "choices": []},
    )
    assert saved.pk == question.pk
    assert saved.section.questionnaire.pk == form.pk
    assert Questionnaire.objects.get().version == 1
    question.refresh_from_db()
    assert question.text == "What needs did you agree?"


def test_a_change_to_an_answered_version_makes_the_next_one(form, coordinator, answered):
    question = answered["question"]
    saved = question_save(
        by=coordinator.user,
        section=question.section,
        question=question,
        data={"text": "What needs did you agree, and how were they met?"},
    )
    v1, v2 = Questionnaire.objects.order_by("version")
    assert (v1.pk, v1.version, v1.is_current) == (form.pk, 1, False)
    assert (v2.version, v2.is_current, v2.lineage, v2.programme) == (
        2,
        True,
        v1.lineage,
        v1.programme,
    )
    assert (v2.title, v2.use, v2.both_confirm, v2.shipped_from) == (
        v1.title,
        v1.use,
        v1.both_confirm,
        "000",
    )
    assert saved.section.questionnaire == v2
    assert saved.text == "What needs did you agree, and how were they met?"
    assert saved.source == question.source
    # The answer still points at version 1's question, in version 1's words.
    answer = Answer.objects.select_related("question__section").get()
    assert answer.question.pk == question.pk
    assert answer.question.section.questionnaire == v1
    assert answer.question.text == SHIPPED["000"]["sections"][0]["questions"][0]["text"]
    # Everything else is copied as it was; the change went to the copy only.
    old, new = contents(v1), contents(v2)
    assert new[0][3][0][0] == saved.text
    new[0][3][0] = old[0][3][0]
    assert new == old
    # The copy sent and not yet answered now asks the new version's questions.
    answered["pending"].refresh_from_db()
    answered["submitted"].refresh_from_db()
    assert answered["pending"].questionnaire == v2
    assert answered["submitted"].questionnaire == v1
    assert AuditEntry.objects.filter(object_id=v2.pk, note__startswith="Version 2").exists()


def test_a_submitted_form_without_answers_counts_as_answered(form, coordinator, answered):
    Answer.objects.all().delete()
    questionnaire_update(by=coordinator.user, questionnaire=form, data={"title": "Evaluation"})
    assert list(Questionnaire.objects.values_list("version", "title", "is_current")) == [
        (2, "Evaluation", True),
        (1, "Mentoring evaluation form", False),
    ]


def test_an_answer_saved_but_not_submitted_counts_as_answered_and_stays(
    form, coordinator, answered
):
    pending = answered["pending"]
    mentee_question = form.sections.get(addressed_to="mentee").questions.first()
    Answer.objects.create(response=pending, question=mentee_question, text="Half written.")
    Response.objects.filter(pk=answered["submitted"].pk).delete()
    changed = questionnaire_update(
        by=coordinator.user, questionnaire=form, data={"introduction": "Please be candid."}
    )
    assert changed.version == 2
    pending.refresh_from_db()
    assert pending.questionnaire == form


CHANGES = {
    "details": lambda by, q: questionnaire_update(
        by=by, questionnaire=q, data={"title": "Changed"}
    ),
    "section added": lambda by, q: (
        section_save(
            by=by, questionnaire=q, data={"title": "Section C", "addressed_to": "both"}
        ).questionnaire
    ),
    "section changed": lambda by, q: (
        section_save(
            by=by, questionnaire=q, section=mentor_section(q), data={"title": "For the mentor"}
        ).questionnaire
    ),
    "section deleted": lambda by, q: section_delete(by=by, section=mentor_section(q)),
    "question added": lambda by, q: (
        question_save(
            by=by, section=mentor_section(q), data={"text": "Anything else?", "kind": "text"}
        ).section.questionnaire
    ),
    "question deleted": lambda by, q: question_delete(
        by=by, question=mentor_section(q).questions.last()
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_kind_of_change_to_an_answered_version_goes_to_the_next(
    form, coordinator, answered, change
):
    before = contents(form)
    changed = CHANGES[change](coordinator.user, form)
    assert (changed.version, changed.is_current, changed.lineage) == (2, True, form.lineage)
    assert contents(changed) != before or change == "details"
    form.refresh_from_db()
    assert (form.is_current, contents(form)) == (False, before)
    assert Answer.objects.get().question.section.questionnaire == form


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_kind_of_change_to_an_unanswered_version_stays_in_it(form, coordinator, change):
    changed = CHANGES[change](coordinator.user, form)
    assert (changed.pk, changed.version) == (form.pk, 1)
    assert Questionnaire.objects.count() == 1


def test_a_save_that_changes_nothing_makes_no_version(form, coordinator, answered):
    question = answered["question"]
    data = {"text": question.text, "kind": "text", "choices": [], "required": True}
    assert (
        question_save(by=coordinator.user, section=question.section, question=question, data=data)
        == question
    )
    assert Questionnaire.objects.count() == 1


def test_a_refused_change_to_an_answered_version_makes_no_version(form, coordinator, answered):
    question = answered["question"]
    with pytest.raises(ValidationError):
        question_save(
            by=coordinator.user,
            section=question.section,
            question=question,
            data={"kind": "single", "choices": ["Only one"]},
        )
    assert list(Questionnaire.objects.values_list("version", "is_current")) == [(1, True)]
    answered["pending"].refresh_from_db()
    assert answered["pending"].questionnaire == form


def test_an_earlier_version_is_kept_as_it_was(form, coordinator, answered):
    questionnaire_update(by=coordinator.user, questionnaire=form, data={"title": "Version 2"})
    form.refresh_from_db()
    with pytest.raises(ValidationError, match="earlier version"):
        questionnaire_update(by=coordinator.user, questionnaire=form, data={"title": "Again"})
    with pytest.raises(ValidationError, match="earlier version"):
        question_delete(by=coordinator.user, question=answered["question"])
    assert list(Questionnaire.objects.order_by("-version").values_list("version", "title")) == [
        (2, "Version 2"),
        (1, "Mentoring evaluation form"),
    ]


def test_the_third_version_is_made_from_the_second(form, coordinator, answered):
    v2 = questionnaire_update(by=coordinator.user, questionnaire=form, data={"title": "Two"})
    pending = answered["pending"]
    pending.refresh_from_db()
    pending.submitted_at = timezone.now()
    pending.save()
    v3 = questionnaire_update(by=coordinator.user, questionnaire=v2, data={"title": "Three"})
    assert [
        (q.version, q.title, q.is_current) for q in Questionnaire.objects.order_by("-version")
    ] == [
        (3, "Three", True),
        (2, "Two", False),
        (1, "Mentoring evaluation form", False),
    ]
    assert contents(v3) == contents(v2) == contents(form)


# Retiring


def test_a_retired_questionnaire_keeps_its_answers_and_copies_and_no_longer_changes(
    form, coordinator, answered
):
    retired = questionnaire_retire(by=coordinator.user, questionnaire=form)
    assert retired.retired_at is not None
    assert Response.objects.filter(questionnaire=form).count() == 2
    assert Answer.objects.filter(question__section__questionnaire=form).count() == 1
    with pytest.raises(ValidationError, match="retired"):
        section_save(
            by=coordinator.user,
            questionnaire=retired,
            data={"title": "More", "addressed_to": "both"},
        )
    assert Questionnaire.objects.count() == 1 and Section.objects.count() == 3


def test_only_the_programmes_coordinators_retire_a_questionnaire(form, colleague):
    with pytest.raises(PermissionDenied):
        questionnaire_retire(by=colleague.user, questionnaire=form)
    form.refresh_from_db()
    assert form.retired_at is None
