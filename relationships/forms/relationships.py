from django import forms

from programmes.models import Application, Programme

from ..models import ManagerAnswer, Meeting, Member, MentorRequest, Relationship, Weights

EARLY = [(r.value, r.label) for r in Relationship.EARLY_REASONS]
REASON_CHOICES = [("", "Choose a reason"), *EARLY]
END_CHOICES = [("", "Choose a reason"), *[(r.value, r.label) for r in Relationship.END_REASONS]]


class RequestForm(forms.ModelForm):
    class Meta:
        model = MentorRequest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("yes", "Accept"), ("no", "Decline")], coerce=lambda v: v == "yes"
    )
    reply = forms.CharField(
        label="A note to the mentee (optional)",
        required=False,
        max_length=MentorRequest._meta.get_field("reply").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IntroductionForm(forms.Form):
    goes_ahead = forms.TypedChoiceField(
        label="After your introductory meeting, would you like to go ahead?",
        choices=[("yes", "Yes, let's go ahead"), ("no", "No, thank you")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label="If not, why? (only this category is kept; nobody is blamed)",
        choices=REASON_CHOICES,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("goes_ahead") is False and not data.get("reason"):
            self.add_error("reason", "Choose a reason category.")
        return data


class RematchForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason (only this category is kept; nobody is blamed)", choices=REASON_CHOICES
    )


class WeightsForm(forms.ModelForm):
    class Meta:
        model = Weights
        fields = [*Weights.FACTORS, "tick_from"]
        labels = Weights.FACTORS | {"tick_from": "Tick proposals scoring at least"}
        error_messages = {
            "tick_from": dict.fromkeys(
                ["required", "invalid", "min_value", "max_value"],
                "Enter a whole number from 0 to 100",
            )
        }

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in Weights.FACTORS):
            raise forms.ValidationError("At least one factor must count.")
        return data


class SwapForm(forms.Form):
    first = forms.ModelChoiceField(queryset=None, label="Swap the mentors of")
    second = forms.ModelChoiceField(queryset=None, label="and")

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        proposals = programme.proposals.select_related(
            "mentee_application__applicant", "mentor_application__applicant"
        ).order_by("mentee_application__applicant__last_name")
        for name in ["first", "second"]:
            self.fields[name].queryset = proposals


class ApproveForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(queryset=None)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = programme.proposals.select_related(
            "mentor_application__applicant", "mentee_application__applicant__line_manager"
        )


class ManagerAnswerForm(forms.Form):
    """The line manager's say on a proposed mentor (000 §3.2)."""

    supports = forms.TypedChoiceField(
        label="Do you support this choice of mentor?",
        choices=[("yes", "Yes, I support it"), ("no", "I have a concern")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you support this choice of mentor."},
    )
    concern = forms.CharField(
        label="Your concern",
        help_text="Only if you have one. The coordinator reads it before deciding; the mentee "
        "and the mentor do not.",
        required=False,
        max_length=ManagerAnswer._meta.get_field("concern").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class GroupForm(forms.Form):
    """The coordinator forms a group, a two-by-two or a team by hand (MATCH-2)."""

    mentors = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Mentors"
    )
    mentees = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Mentees"
    )
    team_name = forms.CharField(label="Team name", max_length=200, required=False)
    model = forms.ChoiceField(label="Model", widget=forms.RadioSelect, required=False)
    field_order = ["model", "mentors", "mentees", "team_name"]

    def __init__(self, *args, mentors, mentees, programme, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = programme.allowed_models
        if len(allowed) > 1:  # only the models the programme may form (002)
            labels = dict(Programme.Model.choices)
            self.fields["model"].choices = [(m, labels[m]) for m in allowed]
            self.fields["model"].initial = programme.mentoring_model
            self.fields["model"].required = True
            self.fields["model"].error_messages["required"] = "Choose the model to form."
        else:
            del self.fields["model"]
        self.fields["mentors"].queryset = mentors
        self.fields["mentees"].queryset = mentees
        self.fields["mentors"].label_from_instance = _person
        self.fields["mentees"].label_from_instance = _person


def _person(application: Application):
    return application.applicant.full_name


class EndForm(forms.Form):
    """Ending with no blame: a reason category and a short closing checklist (REL-2)."""

    reason = forms.ChoiceField(label="Why is it ending?", choices=END_CHOICES)
    learned = forms.CharField(
        label="What I learned",
        max_length=Member._meta.get_field("learned").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_steps = forms.CharField(
        label="My next steps",
        max_length=Member._meta.get_field("next_steps").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_rematch = forms.BooleanField(
        label="I would like to be matched with another mentor", required=False
    )


class ClosingForm(forms.Form):
    learned = EndForm.base_fields["learned"]
    next_steps = EndForm.base_fields["next_steps"]
    wants_rematch = EndForm.base_fields["wants_rematch"]

    def __init__(self, *args, is_mentee=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_mentee:
            del self.fields["wants_rematch"]


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label="Move to", choices=Relationship.Phase.choices)


WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def just_with(form, mentees, *, label):
    """Offer a group's mentor a one-to-one session outside the group, just with one mentee
    (002 group model); `mentees` None: no such choice here."""
    if mentees is None:
        del form.fields["with_member"]
        return
    field = form.fields["with_member"]
    field.queryset = mentees
    field.label = label
    field.empty_label = "The whole group"
    field.help_text = "A session just with one mentee is seen only by them and the mentor."
    field.label_from_instance = lambda member: f"Just with {member.person.full_name}"


class MeetingForm(forms.ModelForm):
    """A meeting; for a group's mentor, also whether it is a session just with one mentee."""

    class Meta:
        model = Meeting
        fields = ["starts_at", "minutes", "method", "place", "online_link", "with_member"]
        widgets = {"starts_at": WHEN, "with_member": forms.RadioSelect}

    def __init__(self, *args, mentees=None, **kwargs):
        super().__init__(*args, **kwargs)
        just_with(self, mentees, label="Who is the meeting with?")


class MeetingChangeForm(forms.ModelForm):
    """What may change of a meeting; who it is with stays."""

    class Meta:
        model = Meeting
        fields = ["starts_at", "minutes", "method", "place", "online_link"]
        widgets = {"starts_at": WHEN}


class CancelForm(forms.Form):
    new_starts_at = forms.DateTimeField(
        label="New date and time",
        required=False,
        widget=WHEN,
        help_text="Needed when cancelling less than 24 hours before.",
    )
