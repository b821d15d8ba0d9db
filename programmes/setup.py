"""Setting up a new programme step by step (issue 20): the steps, the fields each asks, when a
field applies, and the draft kept in the session until the coordinator creates it.

Declared once here; the step pages, the check-your-answers page and the edit form derive from it.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format

from mentoring.roles import staff_member_of

from .forms import (
    ABOUT,
    AGREEMENT,
    APPROVAL_AND_TRAINING,
    CLAUSES,
    LENGTH_AND_MEETINGS,
    MODEL_AND_MATCHING,
    PRIVACY,
    REMINDERS,
    WHO_RUNS_IT,
    ProgrammeForm,
    applies,
    reset_what_does_not_apply,
)
from .models import Policy, Programme
from .presets import PRESETS
from .services.programmes import a_year_after, policy_based_on


class PolicyStartForm(forms.Form):
    policy_title = forms.CharField(
        label="Title",
        required=False,
        max_length=Policy._meta.get_field("title").max_length,
        help_text="Left empty, the policy takes the programme's name.",
    )
    policy_owner = forms.CharField(
        label="Owner",
        required=False,
        max_length=Policy._meta.get_field("owner").max_length,
        help_text="Who owns and reviews it.",
    )
    policy_next_review_on = forms.DateField(
        label="Next review",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
        help_text="A year from today unless you choose another date.",
        error_messages={
            "required": "Enter the date of the next review.",
            "invalid": "Enter a real date.",
        },
    )
    policy_text = forms.CharField(
        label="The policy as staff should read it",
        required=False,
        max_length=Policy._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="You can add or change it later.",
    )

    def clean_policy_next_review_on(self):
        day = self.cleaned_data["policy_next_review_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError("The next review must be in the future.")
        return day


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    sections: tuple  # (heading, field names): a heading of "" for none
    policy: bool = False

    @property
    def fields(self):
        return [name for _, names in self.sections for name in names]

    def form(self, data=None, *, answers):
        """The step's form, asking only what applies to the answers so far."""
        if self.policy:
            form = PolicyStartForm(data, initial=answers)
        else:
            answers = {**answers, **_choices_posted(data)}
            names = [name for name in self.fields if applies(name, answers)]
            form = StepForm(data, initial=answers, instance=programme_from(answers), only=names)
        form.sections_shown = [
            (heading, [form[name] for name in shown if name in form.fields])
            for heading, shown in self.sections
        ]
        return form


def _choices_posted(data):
    """The model and matching chosen on this very page decide what else it asks."""
    return {
        name: data[name] for name in ("mentoring_model", "matching_mode") if data and name in data
    }


STEPS = [
    Step(
        "purpose",
        "What the programme is for",
        (("", ABOUT), ("Who runs it", WHO_RUNS_IT)),
    ),
    Step(
        "rules",
        "The mentoring model and its rules",
        (
            ("Model and matching", MODEL_AND_MATCHING),
            ("Length and meetings", LENGTH_AND_MEETINGS),
        ),
    ),
    Step(
        "joining",
        "Joining: approval, training and the agreement",
        (
            ("", APPROVAL_AND_TRAINING + AGREEMENT),
            ("The mentoring agreement's clauses", CLAUSES),
        ),
    ),
    Step(
        "privacy",
        "Reminders and privacy",
        (("Reminders", REMINDERS), ("Privacy", PRIVACY)),
    ),
    Step(
        "policy",
        "The programme's policy",
        (("", tuple(PolicyStartForm.base_fields)),),
        policy=True,
    ),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}
PROGRAMME_FIELDS = [name for step in STEPS if not step.policy for name in step.fields]


class StepForm(ProgrammeForm):
    """The programme form cut down to one step's fields; the instance carries the answers
    of the other steps, so the rules that tie fields together are checked as they change."""

    class Meta(ProgrammeForm.Meta):
        fields = PROGRAMME_FIELDS

    def __init__(self, *args, only, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in only:
                del self.fields[name]


# The draft, kept in the session: the preset it started from, each answer (as JSON) and the
# steps answered.
SESSION_KEY = "programme_setup"


def draft_start(session, *, user, preset):
    seed = PRESETS[preset] if preset else {}
    defaults = {
        name: _default(Programme._meta.get_field(name))
        for name in PROGRAMME_FIELDS
        if name not in ("coordinators", "sponsor") and Programme._meta.get_field(name).has_default()
    }
    me = staff_member_of(user)
    answers = {
        **defaults,
        **seed.get("rules", {}),
        "coordinators": [me.pk] if me else [],
        "policy_title": seed.get("policy", {}).get("title", ""),
        "policy_owner": seed.get("policy", {}).get("owner", ""),
        "policy_next_review_on": a_year_after(timezone.localdate()).isoformat(),
    }
    session[SESSION_KEY] = {"preset": preset, "answers": answers, "done": []}
    return session[SESSION_KEY]


def _default(field):
    return field.get_default() if callable(field.default) else field.default


def draft_of(session, *, user):
    """The draft under way, or a new one with every rule the coordinator's own (also when the
    preset it started from is no longer offered)."""
    draft = session.get(SESSION_KEY)
    if draft and draft.get("preset") in ("", *PRESETS):
        return draft
    return draft_start(session, user=user, preset="")


def draft_answer(session, step, cleaned_data):
    draft = session[SESSION_KEY]
    draft["answers"].update({name: _as_json(value) for name, value in cleaned_data.items()})
    draft["done"] = sorted({*draft["done"], step.slug})
    session.modified = True


def draft_clear(session):
    session.pop(SESSION_KEY, None)


def _as_json(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):
        return sorted(value.values_list("pk", flat=True))
    if isinstance(value, date):
        return value.isoformat()
    return value


def programme_from(answers):
    """An unsaved programme holding the answers, with what does not apply at its default."""
    values = {
        name: answers[name]
        for name in PROGRAMME_FIELDS
        if name in answers and name not in ("coordinators", "sponsor")
    }
    programme = Programme(**values, sponsor_id=answers.get("sponsor"))
    reset_what_does_not_apply(programme)
    return programme


def policy_from(answers):
    return {
        "title": answers.get("policy_title") or answers.get("name", ""),
        "owner": answers.get("policy_owner", ""),
        "text": answers.get("policy_text", ""),
        "next_review_on": date.fromisoformat(answers["policy_next_review_on"]),
    }


def first_unanswered(draft):
    return next((step for step in STEPS if step.slug not in draft["done"]), None)


def next_step(step):
    later = STEPS[STEPS.index(step) + 1 :]
    return later[0] if later else None


def previous_step(step):
    return STEPS[STEPS.index(step) - 1] if STEPS.index(step) else None


def check_answers(draft):
    """Each step with its answers in words, as the check-your-answers page shows them."""
    answers = draft["answers"]
    return [
        (
            step,
            [
                (field.label, _said(field, answers.get(name)))
                for name, field in _asked(step, answers)
            ],
        )
        for step in STEPS
    ]


def _asked(step, answers):
    form = step.form(answers=answers)
    return [(name, form.fields[name]) for name in step.fields if name in form.fields]


def _said(field, value):
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if value in (None, "", []):
        return "Not given"
    if isinstance(field, forms.MultipleChoiceField):
        return ", ".join(str(dict(field.choices).get(v, v)) for v in value)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(p.full_name for p in field.queryset.filter(pk__in=value))
    if isinstance(field, forms.ModelChoiceField):
        chosen = field.queryset.filter(pk=value).first()
        return chosen.full_name if chosen else "Not given"
    if isinstance(field, forms.ChoiceField):
        return dict(field.choices).get(value, value)
    if isinstance(field, forms.DateField):
        return date_format(date.fromisoformat(value), "j F Y")
    return str(value)


def starting_point(draft):
    """What the draft started from, in words: the preset and the policy it is based on."""
    preset = draft["preset"]
    if not preset:
        return {"name": "Your own rules", "based_on": ""}
    return {"name": PRESETS[preset]["name"], "based_on": policy_based_on(preset)}
