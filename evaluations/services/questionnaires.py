"""Questionnaires built by coordinators (EVAL-1): copied from a shipped template or started
blank, changed section by section, retired when no longer sent.

A version that somebody has answered is never changed: the change goes to its next version, so
every answer keeps the words it answered. `version_for_change` holds that rule and every change
below goes through it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from mentoring.audit.services import audit_record
from programmes.permissions import can_manage_programme
from programmes.presets import PRESETS

from ..models import Question, Questionnaire, Response, Section
from ..shipped import SHIPPED, shipped_for_seed

QUESTIONNAIRE_FIELDS = ["title", "introduction", "use", "both_confirm"]
SECTION_FIELDS = ["title", "addressed_to", "order"]
QUESTION_FIELDS = ["text", "help_text", "kind", "required", "choices", "order"]
SCALE_POINTS = range(2, 11)
LONGEST_OPTION = 200  # Answer.choice keeps the label ticked
KIND = Question.Kind


def current_with_counts(programme):
    """The programme's questionnaires as they are now, each with how many copies were sent
    and answered across all its versions."""
    return questionnaires_by_programme([programme])[0][1]


def questionnaires_by_programme(programmes) -> list[tuple]:
    """[(programme, its current questionnaires with their counts)], in two queries whatever
    the number of programmes."""
    current = Questionnaire.objects.filter(programme__in=programmes, is_current=True)
    counts = {
        row["questionnaire__lineage"]: row
        for row in Response.objects.filter(questionnaire__programme__in=programmes)
        .values("questionnaire__lineage")
        .annotate(sent=Count("pk"), answered=Count("pk", filter=Q(submitted_at__isnull=False)))
    }
    by_programme = {}
    for questionnaire in current.order_by("title", "pk"):
        row = counts.get(questionnaire.lineage, {})
        questionnaire.sent = row.get("sent", 0)
        questionnaire.answered = row.get("answered", 0)
        by_programme.setdefault(questionnaire.programme_id, []).append(questionnaire)
    return [(programme, by_programme.get(programme.pk, [])) for programme in programmes]


def has_answers(questionnaire):
    """Whether anybody has answered this version: an answer saved, or a form submitted."""
    return (
        Response.objects.filter(questionnaire=questionnaire)
        .filter(Q(submitted_at__isnull=False) | Q(answers__isnull=False))
        .exists()
    )


def questionnaire_change_check(questionnaire):
    """Refuse, with the reason, a change to a version that can no longer change."""
    if questionnaire.programme.is_archived:
        raise ValidationError("This programme is archived; nothing about it can change.")
    if not questionnaire.is_current:
        raise ValidationError(
            "This is an earlier version, kept as it was answered: change the current version."
        )
    if questionnaire.retired_at is not None:
        raise ValidationError("This questionnaire is retired: it is kept as it was.")


class Version:
    """The version a change goes to, and where each section and question of the version the
    coordinator was looking at is in it."""

    def __init__(self, questionnaire, sections, questions):
        self.questionnaire = questionnaire
        self.sections = sections
        self.questions = questions

    def section(self, section):
        if section.pk not in self.sections:
            raise ValidationError("This section is no longer in the questionnaire.")
        return self.sections[section.pk]

    def question(self, question):
        if question.pk not in self.questions:
            raise ValidationError("This question is no longer in the questionnaire.")
        return self.questions[question.pk]


def version_for_change(*, by, questionnaire):
    """The version a change to `questionnaire` goes to: the same one while nobody has answered
    it; once somebody has, a copy as its next version, which becomes the current one and takes
    over the copies sent but not yet answered. Call it inside the change's transaction: it
    holds the questionnaire's row until the change is saved."""
    locked = _locked_for_change(by, questionnaire)
    if has_answers(locked):
        return _next_version(by, locked)
    sections = {s.pk: s for s in locked.sections.all()}
    questions = {q.pk: q for q in Question.objects.filter(section__questionnaire=locked)}
    return Version(locked, sections, questions)


def _next_version(by, old):
    old.is_current = False
    old.save(update_fields=["is_current"])
    new = Questionnaire.objects.create(
        programme=old.programme,
        shipped_from=old.shipped_from,
        lineage=old.lineage,
        version=old.version + 1,
        **{name: getattr(old, name) for name in QUESTIONNAIRE_FIELDS},
    )
    old_sections = list(old.sections.all())
    sections = dict(
        zip(
            [s.pk for s in old_sections],
            Section.objects.bulk_create(
                Section(questionnaire=new, **{n: getattr(s, n) for n in SECTION_FIELDS})
                for s in old_sections
            ),
            strict=True,
        )
    )
    old_questions = list(Question.objects.filter(section__questionnaire=old))
    questions = dict(
        zip(
            [q.pk for q in old_questions],
            Question.objects.bulk_create(
                Question(
                    section=sections[q.section_id],
                    source=q.source,
                    **{n: getattr(q, n) for n in QUESTION_FIELDS},
                )
                for q in old_questions
            ),
            strict=True,
        )
    )
    Response.objects.filter(
        questionnaire=old, submitted_at__isnull=True, answers__isnull=True
    ).update(questionnaire=new)
    _record(by, new, "create", f"Version {new.version} made from version {old.version}.")
    return Version(new, sections, questions)


def questionnaire_from_template(*, by, programme, key):
    """Copy the shipped template `key` into `programme` as a new questionnaire, which its
    coordinators may then change as they like."""
    if key not in SHIPPED:
        raise ValidationError({"template": "Choose one of the shipped questionnaires."})
    template = SHIPPED[key]
    with transaction.atomic():
        _check_manager(by, programme)
        _check_not_archived(programme)
        questionnaire = Questionnaire.objects.create(
            programme=programme,
            shipped_from=key,
            **{name: template[name] for name in QUESTIONNAIRE_FIELDS},
        )
        parts = template["sections"]
        sections = Section.objects.bulk_create(
            Section(
                questionnaire=questionnaire,
                title=part["title"],
                addressed_to=part["addressed_to"],
                order=number,
            )
            for number, part in enumerate(parts, start=1)
        )
        Question.objects.bulk_create(
            Question(
                section=section,
                order=number,
                text=item["text"],
                help_text=item.get("help_text", ""),
                kind=item["kind"],
                required=item.get("required", True),
                choices=list(item.get("choices", [])),
                source=item["source"],
            )
            for section, part in zip(sections, parts, strict=True)
            for number, item in enumerate(part["questions"], start=1)
        )
        _record(by, questionnaire, "create", f"Copied from shipped template {key}.")
    return questionnaire


def questionnaires_from_preset(*, by, programme, preset, **signal):
    """A programme created from a seed's preset starts with that seed's questionnaires.
    Connected to programmes' `programme_created` signal, so it runs in the same transaction."""
    if preset:
        for key in shipped_for_seed(PRESETS[preset]["seed"]):
            questionnaire_from_template(by=by, programme=programme, key=key)


def questionnaire_add(*, by, programme, data):
    """Start a blank questionnaire in `programme`."""
    with transaction.atomic():
        _check_manager(by, programme)
        _check_not_archived(programme)
        questionnaire = Questionnaire(programme=programme)
        _apply(questionnaire, data, QUESTIONNAIRE_FIELDS)
        _check_questionnaire(questionnaire)
        questionnaire.save()
        _record(by, questionnaire, "create", "Started blank.")
    return questionnaire


def questionnaire_update(*, by, questionnaire, data):
    """Change the title, introduction, use or confirmation of a questionnaire. Returns the
    version changed."""
    with transaction.atomic():
        if _unchanged(questionnaire, data, QUESTIONNAIRE_FIELDS):
            return questionnaire
        version = version_for_change(by=by, questionnaire=questionnaire)
        changed = version.questionnaire
        _apply(changed, data, QUESTIONNAIRE_FIELDS)
        _check_questionnaire(changed)
        changed.save()
        _record(by, changed, "change", "Details changed.")
    return changed


def _locked_for_change(by, questionnaire):
    """The questionnaire's row, held until the transaction ends, once `by` may change it."""
    locked = (
        Questionnaire.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=questionnaire.pk)
    )
    _check_manager(by, locked.programme)
    questionnaire_change_check(locked)
    return locked


def questionnaire_retire(*, by, questionnaire):
    """Stop sending a questionnaire: answers already given, and copies already sent, stay."""
    with transaction.atomic():
        locked = _locked_for_change(by, questionnaire)
        locked.retired_at = timezone.now()
        locked.save(update_fields=["retired_at"])
        _record(by, locked, "change", "Retired.")
    return locked


def section_save(*, by, questionnaire, section=None, data):
    """Add a section to a questionnaire, or change one. Returns the section as saved, in the
    version changed."""
    with transaction.atomic():
        if section is not None and _unchanged(section, data, SECTION_FIELDS):
            return section
        version = version_for_change(by=by, questionnaire=questionnaire)
        if section is None:
            section = Section(questionnaire=version.questionnaire)
            note = "Section added."
        else:
            section = version.section(section)
            note = f"Section {section.pk} changed."
        _apply(section, data, SECTION_FIELDS)
        if section.order is None:
            section.order = next_order(version.questionnaire.sections.all())
        errors = {}
        if not section.title:
            errors["title"] = "Give the section a title."
        _full_clean(section, errors)
        section.save()
        _record(by, version.questionnaire, "change", note)
    return section


def section_delete(*, by, section):
    """Delete a section and its questions. Returns the version changed."""
    with transaction.atomic():
        version = version_for_change(by=by, questionnaire=section.questionnaire)
        version.section(section).delete()
        _record(by, version.questionnaire, "change", "Section deleted.")
    return version.questionnaire


def question_save(*, by, section, question=None, data):
    """Add a question to a section, or change one. A choice needs at least two different
    options, a rating scale two to ten points, each labelled; yes or no and a written answer
    take none. Returns the question as saved, in the version changed."""
    with transaction.atomic():
        if question is not None and _unchanged(question, data, QUESTION_FIELDS):
            return question
        version = version_for_change(by=by, questionnaire=section.questionnaire)
        if question is None:
            question = Question(section=version.section(section))
            note = "Question added."
        else:
            question = version.question(question)
            note = f"Question {question.pk} changed."
        _apply(question, data, QUESTION_FIELDS)
        if question.order is None:
            question.order = next_order(question.section.questions.all())
        _full_clean(question, question_errors(question))
        question.save()
        _record(by, version.questionnaire, "change", note)
    return question


def question_delete(*, by, question):
    """Delete a question. Returns the version changed."""
    with transaction.atomic():
        version = version_for_change(by=by, questionnaire=question.section.questionnaire)
        version.question(question).delete()
        _record(by, version.questionnaire, "change", "Question deleted.")
    return version.questionnaire


def next_order(queryset):
    """The place after the last one, for something added at the end."""
    return (queryset.aggregate(last=Max("order"))["last"] or 0) + 1


def question_errors(question):
    """What is wrong with a question, by field: the rules every question is held to."""
    errors = {}
    if not question.text:
        errors["text"] = "Write the question."
    choices = [c.strip() for c in question.choices if c.strip()]
    question.choices = choices
    distinct = {c.casefold() for c in choices}
    kind = question.kind
    if kind in (KIND.YES_NO, KIND.TEXT) and choices:
        label = "A yes or no question" if kind == KIND.YES_NO else "A written answer"
        errors["choices"] = f"{label} takes no options: clear the list."
    elif kind in (KIND.SINGLE, KIND.MULTIPLE) and len(distinct) < 2:
        errors["choices"] = "Give at least two different options, one per line."
    elif kind == KIND.RATING and len(choices) not in SCALE_POINTS:
        errors["choices"] = (
            "A rating scale has from 2 to 10 points: give the label of each, one per line, "
            "lowest first."
        )
    elif len(distinct) < len(choices):
        errors["choices"] = "Each option should appear once."
    elif any(len(c) > LONGEST_OPTION for c in choices):
        errors["choices"] = f"Keep each option under {LONGEST_OPTION} characters."
    return errors


def _check_questionnaire(questionnaire):
    errors = {}
    if not questionnaire.title:
        errors["title"] = "Give the questionnaire a title."
    if questionnaire.both_confirm and questionnaire.use != Questionnaire.Use.END:
        errors["both_confirm"] = (
            "Only a form sent when a relationship ends is confirmed by both parties."
        )
    _full_clean(questionnaire, errors)


def _unchanged(obj, data, fields):
    """Whether `data` matches what is saved (a form may already have changed `obj`)."""
    saved = type(obj).objects.filter(pk=obj.pk).first()
    return saved is not None and all(
        getattr(saved, n) == _cleaned(data[n]) for n in fields if n in data
    )


def _cleaned(value):
    return value.strip() if isinstance(value, str) else value


def _apply(obj, data, fields):
    for name in fields:
        if name in data:
            setattr(obj, name, _cleaned(data[name]))


def _full_clean(obj, errors):
    """The model's own checks and the service's rules, all reported at once, one message
    per field."""
    try:
        obj.full_clean(exclude=list(errors))
    except ValidationError as exc:
        errors |= exc.message_dict
    if errors:
        raise ValidationError(errors)


def _check_manager(user, programme):
    if not can_manage_programme(user, programme):
        raise PermissionDenied("Only this programme's coordinators change its questionnaires.")


def _check_not_archived(programme):
    if programme.is_archived:
        raise ValidationError("This programme is archived; nothing about it can change.")


def _record(by, questionnaire, action, note):
    audit_record(
        by=by,
        action=action,
        kind="questionnaire",
        obj=questionnaire,
        programme_id=questionnaire.programme_id,
        note=note,
    )
