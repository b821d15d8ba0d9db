from django import forms
from django.utils import timezone

from ..models import Answer, Question
from ..services.responses import answer_key

KIND = Question.Kind
YES_NO = [(1, "Yes"), (0, "No")]


class ResponseForm(forms.Form):
    """A person's form, one field per question of the sections addressed to their role, each
    as its kind asks: a rating's points or yes/no as radio buttons, options as radio buttons
    or tick boxes, a written answer as a text box."""

    def __init__(self, data=None, *, sections, questions, answers=()):
        self.questions = questions
        self.sections = [
            (s, [q for q in questions if q.section_id == s.pk])
            for s in sections
            if any(q.section_id == s.pk for q in questions)
        ]
        super().__init__(data, initial=_initial(questions, answers))
        for question in questions:
            self.fields[answer_key(question)] = _field(question)

    def answers(self):
        """{question id: value}, as `response_answer` takes them."""
        values = {}
        for question in self.questions:
            value = self.cleaned_data.get(answer_key(question))
            if question.kind == KIND.YES_NO and value is not None:
                value = bool(value)
            values[question.pk] = value
        return values

    def by_section(self):
        """[(section, [bound field...])] for the page."""
        return [(s, [self[answer_key(q)] for q in qs]) for s, qs in self.sections]


def _field(question):
    common = {
        "label": question.text if question.required else f"{question.text} (optional)",
        "help_text": question.help_text,
        "required": question.required,
        "error_messages": {
            "required": "Answer this question.",
            "invalid_choice": "Choose one of the options given.",
        },
    }
    if question.kind == KIND.RATING:
        points = list(enumerate(question.choices, start=1))
        return forms.TypedChoiceField(
            choices=points, coerce=int, empty_value=None, widget=forms.RadioSelect, **common
        )
    if question.kind == KIND.YES_NO:
        return forms.TypedChoiceField(
            choices=YES_NO, coerce=int, empty_value=None, widget=forms.RadioSelect, **common
        )
    options = [(c, c) for c in question.choices]
    if question.kind == KIND.SINGLE:
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if question.kind == KIND.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, **common
        )
    limit = Answer._meta.get_field("text").max_length
    return forms.CharField(max_length=limit, widget=forms.Textarea(attrs={"rows": 4}), **common)


def _initial(questions, answers):
    """The answers already given, as the fields show them."""
    by_id = {q.pk: q for q in questions}
    initial = {}
    for answer in answers:
        question = by_id.get(answer.question_id)
        if question is None:
            continue
        kind, key = question.kind, answer_key(question)
        if kind in (KIND.RATING, KIND.YES_NO):
            initial[key] = answer.number
        elif kind == KIND.MULTIPLE:
            initial.setdefault(key, []).append(answer.choice)
        elif kind == KIND.SINGLE:
            initial[key] = answer.choice
        elif kind == KIND.TEXT:
            initial[key] = answer.text
    return initial


class SurveyForm(forms.Form):
    due_on = forms.DateField(
        label="Complete by",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Everyone taking part is emailed a link and has until this date.",
        error_messages={"required": "Choose the date to complete it by."},
    )

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on <= timezone.localdate():
            raise forms.ValidationError("Choose a date after today.")
        return due_on
