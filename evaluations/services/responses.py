"""Sending questionnaires and answering them (EVAL-2): end-of-relationship forms when
someone's part ends, programme surveys the coordinator sends, and forms both parties confirm
(000 "Both parties should complete their section and sign the form when they have agreed on
its content")."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

from mentoring.audit.services import audit_record
from mentoring.notifications.services import notifications_send
from mentoring.people.models import StaffMember
from mentoring.people.permissions import staff_member_of
from programmes.models import Application
from programmes.permissions import can_manage_programme

from ..models import Answer, Question, Questionnaire, Response, Section, Survey
from ..permissions import KIND
from ..reminders import form_sent

END_FORM_DAYS = 14
ROLES = ["mentor", "mentee"]  # a person taking part in both roles answers a survey as mentor
MANAGER = Section.AddressedTo.MANAGER
# A line manager answers their own section of an end form: no party to the pair's form, they
# never read it nor confirm it, and the pair never read theirs.
PARTY = ~Q(role=MANAGER)


def end_forms_send(*, relationship, members):
    """Each person whose part in a relationship that had started has ended gets the
    programme's current end-of-relationship questionnaires that have a section for their
    role, due in 14 days, and never the same one twice (000 §6, 003 §4.6); where one has a
    section for line managers, so does each leaving mentee's line manager at the time, once
    (000 §10.2)."""
    if relationship.started_at is None:
        return []
    questionnaires = Questionnaire.objects.filter(
        programme=relationship.programme_id,
        use=Questionnaire.Use.END,
        is_current=True,
        retired_at__isnull=True,
    ).prefetch_related("sections")
    due_on = timezone.localdate() + timedelta(days=END_FORM_DAYS)
    both = _both_roles(relationship.programme)
    asked = [("both" if both else member.role, member.person_id) for member in members]
    if any(_has_section(questionnaire, MANAGER) for questionnaire in questionnaires):
        asked += [(MANAGER, pk) for pk in _line_managers(relationship, members, both)]
    sent = []
    for questionnaire in questionnaires:
        for role, person_id in asked:
            if not _has_section(questionnaire, role):
                continue
            response, created = Response.objects.get_or_create(
                questionnaire=questionnaire,
                relationship=relationship,
                person_id=person_id,
                defaults={"role": role, "due_on": due_on},
            )
            if created:
                sent.append(response)
    notifications_send(occasions=[form_sent(response, relationship.programme) for response in sent])
    return sent


def _line_managers(relationship, members, both):
    """The active line managers of the leaving mentees who are staff, leaving out anyone in
    the relationship themself."""
    mentees = [m.person_id for m in members if both or m.role == "mentee"]
    return list(
        StaffMember.objects.filter(
            direct_reports__in=mentees, direct_reports__is_external=False, is_active=True
        )
        .exclude(pk__in=relationship.members.values("person_id"))
        .distinct()
        .values_list("pk", flat=True)
    )


def survey_send(*, by, questionnaire, due_on):
    """The coordinator sends a programme survey to everyone taking part (an accepted
    application) whose role has a section in it: one copy each, as mentor for someone who
    is both where the survey has a mentors' section (EVAL-2; 004 annual evaluation)."""
    programme = questionnaire.programme
    if not can_manage_programme(by, programme):
        raise PermissionDenied("Only the programme's coordinators send its surveys.")
    if questionnaire.use != Questionnaire.Use.SURVEY:
        raise ValidationError(
            "This questionnaire is sent when a relationship ends, not as a survey."
        )
    if not questionnaire.is_current or questionnaire.retired_at:
        raise ValidationError("Only the current version of a questionnaire in use can be sent.")
    if due_on is None or due_on <= timezone.localdate():
        raise ValidationError({"due_on": "Choose a date after today."})
    if programme.is_archived:
        raise ValidationError("This programme is archived.")
    sections = list(questionnaire.sections.all())
    if not Question.objects.filter(section__in=sections).exists():
        raise ValidationError("Add at least one question before sending it.")
    recipients = _taking_part(programme, sections)
    if not recipients:
        raise ValidationError(
            "Nobody is taking part in this programme in the roles the survey asks, so there is "
            "nobody to send it to."
        )
    with transaction.atomic():
        survey = Survey.objects.create(
            programme=programme,
            questionnaire=questionnaire,
            sent_by=staff_member_of(by),
            due_on=due_on,
        )
        responses = Response.objects.bulk_create(
            Response(
                questionnaire=questionnaire,
                survey=survey,
                person_id=person_id,
                role=role,
                due_on=due_on,
            )
            for person_id, role in recipients.items()
        )
        notifications_send(occasions=[form_sent(response, programme) for response in responses])
    return survey


def survey_recipients(questionnaire):
    """{person id: role} of everyone a survey of this questionnaire would go to."""
    return _taking_part(questionnaire.programme, list(questionnaire.sections.all()))


def _taking_part(programme, sections):
    """{person id: the role they answer in}, for people with an accepted application whose
    role has a section, and, where a section is for line managers, the active line managers
    of those taking part who do not take part themselves (000 §10.2)."""
    roles = {}
    accepted = Application.objects.filter(
        programme=programme, status=Application.Status.ACCEPTED, applicant__is_active=True
    ).values_list("applicant_id", "role", "applicant__line_manager", "applicant__is_external")
    managers = set()
    for person_id, role, manager_id, is_external in accepted:
        roles.setdefault(person_id, set()).add(role)
        if manager_id and not is_external:
            managers.add(manager_id)
    both = _both_roles(programme)
    answering = {}
    for person_id, theirs in roles.items():
        candidates = ["both"] if both else [r for r in ROLES if r in theirs]
        role = next((r for r in candidates if _has_section_in(sections, r)), None)
        if role:
            answering[person_id] = role
    if _has_section_in(sections, MANAGER):
        active = StaffMember.objects.filter(pk__in=managers - set(roles), is_active=True)
        answering |= dict.fromkeys(active.values_list("pk", flat=True), MANAGER)
    return answering


def _both_roles(programme):
    """In reciprocal mentoring each person is mentor and mentee, and is asked as both (004)."""
    return programme.mentoring_model == "reciprocal"


def _has_section(questionnaire, role):
    return _has_section_in(questionnaire.sections.all(), role)


def _has_section_in(sections, role):
    return any(section.is_for(role) for section in sections)


# Reading a person's forms


def with_progress(responses):
    """Responses with `everyone_submitted` and `everyone_confirmed`, over the copies of the
    same form in the same relationship, in the same query."""
    same_form = Response.objects.filter(
        PARTY, questionnaire=OuterRef("questionnaire"), relationship=OuterRef("relationship")
    )
    return responses.annotate(
        everyone_submitted=~Exists(same_form.filter(submitted_at__isnull=True)),
        everyone_confirmed=~Exists(same_form.filter(confirmed_at__isnull=True)),
    )


def outstanding(person):
    """The forms that wait for this person: to complete, or to confirm."""
    return with_progress(Response.objects.filter(person=person)).filter(
        Q(submitted_at__isnull=True)
        | Q(
            PARTY,
            questionnaire__both_confirm=True,
            relationship__isnull=False,
            everyone_submitted=True,
            confirmed_at__isnull=True,
        )
    )


def needs_confirming(response):
    """A form both parties confirm (000); only a relationship's form has parties."""
    return (
        response.questionnaire.both_confirm
        and response.relationship_id is not None
        and response.role != MANAGER
    )


def parties_of(response):
    """Every copy of the same form in the same relationship, this one included, in order."""
    if response.relationship_id is None or response.role == MANAGER:
        return [response]
    return list(
        Response.objects.filter(
            PARTY,
            questionnaire_id=response.questionnaire_id,
            relationship_id=response.relationship_id,
        )
        .select_related("person", "questionnaire")
        .order_by("role", "pk")
    )


def is_agreed(parties):
    return all(p.confirmed_at for p in parties)


def can_change(response, parties, today):
    """A form both confirm can be changed until everyone has confirmed it (000); any other
    form until its due date, and one not yet submitted can still be sent late."""
    if needs_confirming(response):
        return not is_agreed(parties)
    return response.submitted_at is None or today <= response.due_on


def can_confirm(response, parties):
    return (
        needs_confirming(response)
        and response.confirmed_at is None
        and all(p.submitted_at for p in parties)
    )


def state(response, today):
    """In the words the pages use: sent, overdue, submitted, confirmed."""
    if response.confirmed_at:
        return "confirmed"
    if response.submitted_at:
        return "submitted"
    return "overdue" if response.due_on < today else "sent"


def questions_for(response, sections):
    """The questions of the sections addressed to this person's role, in order."""
    return [q for s in sections if s.is_for(response.role) for q in s.questions.all()]


def forms_by_stage(responses):
    """A person's forms (with progress): to complete, waiting for their confirmation, and
    done, each done one with where it stands."""
    to_confirm = [
        r
        for r in responses
        if r.submitted_at and needs_confirming(r) and r.everyone_submitted and not r.confirmed_at
    ]
    done = [r for r in responses if r.submitted_at and r not in to_confirm]
    for r in done:
        r.where = _where(r)
    return {
        "to_do": [r for r in responses if not r.submitted_at],
        "to_confirm": to_confirm,
        "done": done,
    }


def _where(response):
    if not needs_confirming(response):
        return "Submitted"
    if not response.everyone_submitted:
        return "Waiting for the others to complete their sections"
    if not response.everyone_confirmed:
        return "Waiting for the others to confirm"
    return "Agreed by everyone"


# Answering


def answer_key(question):
    """The name a question's answer goes by, in forms and in refusals."""
    return f"question_{question.pk}"


def response_answer(*, by, response, answers):
    """Save a person's answers to their own form in one go and mark it submitted. `answers`
    maps each question to its value: a point number (1 = lowest) for a rating, True or False
    for yes/no, an option for a single choice, a list of options for a multiple choice, text
    for a written answer. On a form both confirm, a change clears every confirmation."""
    me = staff_member_of(by)
    if me is None or response.person_id != me.pk:
        raise PermissionDenied("Only the person it was sent to answers it.")
    with transaction.atomic():
        parties = _locked_parties(response)
        response = next(p for p in parties if p.pk == response.pk)
        if not can_change(response, parties, timezone.localdate()):
            raise ValidationError(closed_message(response))
        if response.relationship_id and response.relationship.content_erased_at:
            raise ValidationError(
                "This relationship's retention period has ended: its forms can no longer be "
                "answered."
            )
        sections = response.questionnaire.sections.prefetch_related("questions")
        questions = questions_for(response, sections)
        rows = _answer_rows(response, questions, answers)
        response.answers.all().delete()
        Answer.objects.bulk_create(rows)
        first_time = response.submitted_at is None
        response.submitted_at = timezone.now()
        response.save(update_fields=["submitted_at"])
        if needs_confirming(response):
            Response.objects.filter(pk__in=[p.pk for p in parties]).update(confirmed_at=None)
        _record(by, "create" if first_time else "change", response)
    return response


def response_confirm(*, by, response):
    """A party confirms the whole form once everyone has completed their section: it is
    agreed when all have (000)."""
    me = staff_member_of(by)
    if me is None or response.person_id != me.pk:
        raise PermissionDenied("Only the person it was sent to confirms it.")
    with transaction.atomic():
        parties = _locked_parties(response)
        response = next(p for p in parties if p.pk == response.pk)
        if not needs_confirming(response):
            raise ValidationError("This form is not one you confirm.")
        if response.confirmed_at:
            raise ValidationError("You have already confirmed this form.")
        if not all(p.submitted_at for p in parties):
            raise ValidationError("You can confirm it once everyone has completed their section.")
        response.confirmed_at = timezone.now()
        response.save(update_fields=["confirmed_at"])
        _record(by, "confirm", response)
    return response


def _locked_parties(response):
    """Every copy of the form in the relationship, row-locked in a fixed order."""
    same = Response.objects.select_for_update(of=("self",)).select_related(
        "questionnaire", "relationship"
    )
    if response.relationship_id is None or response.role == MANAGER:
        same = same.filter(pk=response.pk)
    else:
        same = same.filter(
            PARTY,
            questionnaire_id=response.questionnaire_id,
            relationship_id=response.relationship_id,
        )
    return list(same.order_by("pk"))


def closed_message(response):
    if needs_confirming(response):
        return "Everyone has confirmed this form, so it can no longer be changed."
    due = date_format(response.due_on, "j F Y")
    return f"This form was due on {due} and can no longer be changed."


def _answer_rows(response, questions, answers):
    rows, errors = [], {}
    for question in questions:
        try:
            rows += _rows_for(response, question, answers.get(question.pk))
        except ValidationError as exc:
            errors[answer_key(question)] = exc.messages
    if errors:
        raise ValidationError(errors)
    return rows


def _rows_for(response, question, value):
    """The Answer rows for one question's value, or a refusal a person can read."""
    kind = Question.Kind
    if isinstance(value, str):
        value = value.strip()
    if value in (None, "", []):
        if question.required:
            raise ValidationError("Answer this question.")
        return []
    answer = {"response": response, "question": question}
    if question.kind == kind.RATING:
        if type(value) is not int or not 1 <= value <= len(question.choices):
            raise ValidationError("Choose one of the points on the scale.")
        return [Answer(**answer, number=value)]
    if question.kind == kind.YES_NO:
        if not isinstance(value, bool):
            raise ValidationError("Choose yes or no.")
        return [Answer(**answer, number=int(value))]
    if question.kind == kind.SINGLE:
        if value not in question.choices:
            raise ValidationError("Choose one of the options given.")
        return [Answer(**answer, choice=value)]
    if question.kind == kind.MULTIPLE:
        if not isinstance(value, list | tuple) or not set(value) <= set(question.choices):
            raise ValidationError("Choose from the options given.")
        return [Answer(**answer, choice=c) for c in question.choices if c in value]
    if not isinstance(value, str):
        raise ValidationError("Write your answer.")
    if len(value) > (limit := Answer._meta.get_field("text").max_length):
        raise ValidationError(f"Keep the answer to {limit:,} characters (it has {len(value):,}).")
    return [Answer(**answer, text=value)]


def _record(by, action, response):
    audit_record(
        by=by,
        action=action,
        kind=KIND,
        obj=response,
        relationship_id=response.relationship_id,
        programme_id=response.questionnaire.programme_id,
    )
