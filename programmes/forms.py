from django import forms

from mentoring.people.models import StaffMember

from .models import Application, Area, Policy, PolicyRevision, Programme, TrainingSession
from .models.application import AvailableTime, MeetingMethod, Need
from .models.training_kinds import TrainingKind

# The programme's rules in the groups both the set-up steps (setup.py) and the edit form ask
# them in: each field is named once, here.
ABOUT = ("name", "purpose", "objectives", "expected_outcomes", "how_to_apply")
WHO_RUNS_IT = ("coordinators", "sponsor")
MODEL_AND_MATCHING = (
    "mentoring_model",
    "other_models",
    "matching_mode",
    "mentor_capacity",
    "group_size_min",
    "group_size_max",
    "request_expiry_days",
    "whole_management_chain_barred",
)
LENGTH_AND_MEETINGS = (
    "length_min_months",
    "length_max_months",
    "sessions_min",
    "sessions_max",
    "meeting_interval_weeks",
    "contact_interval_weeks",
    "in_person_meetings_per_year",
    "meeting_minutes_min",
    "meeting_minutes_max",
    "review_interval_months",
)
APPROVAL_AND_TRAINING = (
    "mentee_manager_approval",
    "mentor_manager_approval",
    "manager_asked_about_mentor",
    "mentor_training_required",
    "mentor_training_kinds",
    "mentee_induction_required",
    "mentee_training_kinds",
)
AGREEMENT = ("agreement_required", "plan_after_each_meeting")
CLAUSES = tuple(Programme.AGREEMENT_CLAUSES.values())
PRIVACY = (
    "coordinator_reads_meeting_logs",
    "coordinator_reads_evaluation_text",
    "report_includes_free_text",
    "retention_months",
)
REMINDERS = ("notice_days", "end_notice_days", "nudge_every_days")

SECTIONS = [
    ("About the programme", ABOUT + WHO_RUNS_IT),
    ("Mentoring model and matching", MODEL_AND_MATCHING),
    ("Length and meetings", LENGTH_AND_MEETINGS),
    ("Approval and training", APPROVAL_AND_TRAINING),
    ("Agreement and privacy", AGREEMENT + PRIVACY),
    ("The mentoring agreement's clauses", CLAUSES),
    ("Reminders", REMINDERS),
]


GROUP_MODELS = {Programme.Model.GROUP, Programme.Model.TWO_BY_TWO, Programme.Model.TEAM}


def _has_groups(answers):
    return answers.get("mentoring_model") in GROUP_MODELS


def _mentors_may_take_several(answers):
    return answers.get("mentoring_model") != Programme.Model.REVERSE


def _mentees_choose(answers):
    return answers.get("matching_mode") in (
        Programme.MatchingMode.DIRECTORY,
        Programme.MatchingMode.SUGGESTED,
    )


# A field missing here always applies; one listed applies only when its test says so, and
# otherwise keeps its plain default.
APPLIES = {
    "group_size_min": _has_groups,
    "group_size_max": _has_groups,
    "mentor_capacity": _mentors_may_take_several,
    "request_expiry_days": _mentees_choose,
}


def applies(name, answers):
    return APPLIES.get(name, lambda _: True)(answers)


def reset_what_does_not_apply(programme):
    """A rule that does not apply to the programme's model goes back to its default."""
    answers = {name: getattr(programme, name) for name in ("mentoring_model", "matching_mode")}
    for name in APPLIES:
        if not applies(name, answers):
            setattr(programme, name, Programme._meta.get_field(name).default)


def number_input():
    """A whole number as GOV.UK asks for one: a text box with the numeric keyboard."""
    return forms.TextInput(
        attrs={"class": "govuk-input--width-4", "inputmode": "numeric", "spellcheck": "false"}
    )


def people_with_permission(codename):
    return (
        StaffMember.objects.active().filter(user__groups__permissions__codename=codename).distinct()
    )


def training_kinds_field(role):
    return forms.MultipleChoiceField(
        label=f"Training that counts for {role}s",
        choices=TrainingKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"The kinds of session a {role} must have attended, where training is needed.",
    )


class ProgrammeForm(forms.ModelForm):
    other_models = forms.MultipleChoiceField(
        label="Other models it may also form",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(m, label) for m, label in Programme.Model.choices if m in Programme.OTHER_MODELS],
        help_text="The coordinator forms these by hand, besides the programme's own model "
        "(two or more models in one programme).",
    )
    mentor_training_kinds = training_kinds_field("mentor")
    mentee_training_kinds = training_kinds_field("mentee")

    class Meta:
        model = Programme
        fields = [name for _, names in SECTIONS for name in names]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 3}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
            "coordinators": forms.CheckboxSelectMultiple,
            "mentoring_model": forms.RadioSelect,
            "matching_mode": forms.RadioSelect,
        } | {name: forms.Textarea(attrs={"rows": 4}) for name in Programme.AGREEMENT_CLAUSE_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinators"].queryset = people_with_permission("coordinate_programmes")
        self.fields["coordinators"].help_text = "People with the coordinator role."
        self.fields["sponsor"].queryset = people_with_permission("read_monitoring_reports")
        self.fields["sponsor"].help_text = "Reads the programme's anonymised reports."
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                field.widget = number_input()
        for name in set(APPLIES) & set(self.fields):
            label = self.fields[name].label.lower()
            self.fields[name].error_messages["required"] = f"Enter the {label} for this model."

    def clean(self):
        cleaned = super().clean()
        for name in ("mentoring_model", "matching_mode"):
            if name in cleaned:
                setattr(self.instance, name, cleaned[name])
        reset_what_does_not_apply(self.instance)
        return cleaned

    def sections(self):
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in SECTIONS
        ]


class ProgrammeEditForm(ProgrammeForm):
    """Every rule on one page, less those that do not apply to the programme's model."""

    def __init__(self, data=None, *, instance):
        super().__init__(data, instance=instance)
        answers = {
            name: (data or {}).get(name, getattr(instance, name))
            for name in ("mentoring_model", "matching_mode")
        }
        for name in list(self.fields):
            if not applies(name, answers):
                del self.fields[name]


class PolicyForm(forms.ModelForm):
    reason = forms.CharField(
        label="What changed and why",
        max_length=PolicyRevision._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the revision history with today's date and your name.",
    )

    class Meta:
        model = Policy
        fields = ["title", "version", "owner", "approved_on", "next_review_on", "text"]
        widgets = {
            "approved_on": forms.DateInput(attrs={"type": "date"}),
            "next_review_on": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 12}),
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Programme.Status.choices)


class ApplicationForm(forms.ModelForm):
    """What mentee and mentor applications share; `areas_label` says which way round."""

    areas_label = "Areas"

    meeting_methods = forms.MultipleChoiceField(
        label="Ways you can meet",
        choices=MeetingMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available_times = forms.MultipleChoiceField(
        label="When you are usually free",
        choices=AvailableTime.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Used to suggest people who can meet at the same times.",
    )
    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].label = self.areas_label


class MenteeApplicationForm(ApplicationForm):
    needs = forms.MultipleChoiceField(
        label="What would you like help with?",
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose all that apply.",
    )
    areas_label = "Areas you want help with"

    class Meta:
        model = Application
        fields = [
            "needs",
            "needs_other",
            "aims",
            "aims_private",
            "department_preference",
            "location_preference",
            "meeting_methods",
            "available_times",
            "availability",
        ]
        widgets = {
            "aims": forms.Textarea(attrs={"rows": 4}),
            "availability": forms.Textarea(attrs={"rows": 2}),
            "department_preference": forms.RadioSelect,
            "location_preference": forms.RadioSelect,
        }
        labels = {
            "department_preference": "Which department should your mentor be in?",
            "location_preference": "Where should your mentor work?",
        }
        help_texts = {
            "department_preference": "Compared with your own department.",
            "location_preference": "Compared with where you work.",
        }


class MentorApplicationForm(ApplicationForm):
    areas_label = "Areas you can help with"

    class Meta:
        model = Application
        fields = [
            "skills_experience",
            "biography",
            "capacity",
            "meeting_methods",
            "available_times",
            "availability",
            "qualifications",
            "suitability_accepted",
        ]
        widgets = {
            "skills_experience": forms.Textarea(attrs={"rows": 3}),
            "biography": forms.Textarea(attrs={"rows": 4}),
            "availability": forms.Textarea(attrs={"rows": 2}),
            "qualifications": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].help_text = f"Up to {programme.mentor_capacity} in this programme."


APPLICATION_FORMS = {"mentee": MenteeApplicationForm, "mentor": MentorApplicationForm}


class ManagerDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="Do you support this application?",
        choices=[("yes", "Yes, I support it"), ("no", "No, I do not support it")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    confirms_performance = forms.BooleanField(
        label="I confirm they are not being managed for under-performance",
        required=False,
        help_text="Mentoring is not suitable for someone being managed for under-performance.",
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=Application._meta.get_field("manager_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you do not support it. The applicant will see it.",
    )


class ReviewRequestForm(forms.Form):
    note = forms.CharField(
        label="Anything the coordinator should know (only the coordinator reads this)",
        required=False,
        max_length=Application._meta.get_field("confidential_note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", "Accept"),
            ("waiting_list", "Put on the waiting list"),
            ("decline", "Decline"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason (needed to decline; the applicant is told)",
        required=False,
        max_length=Application._meta.get_field("decline_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulkDecisionForm(DecisionForm):
    applications = forms.ModelMultipleChoiceField(queryset=Application.objects.none())

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = programme.applications.all()


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name"]
        labels = {"name": "New area"}


class TrainingSessionForm(forms.ModelForm):
    invite = forms.ChoiceField(
        label="Invite by email",
        choices=[("", "Nobody: people book for themselves"), *TrainingSession.Invite.choices],
        required=False,
        initial="",
        widget=forms.RadioSelect,
        help_text="They are emailed once, when the session is added; people who join later "
        "can book but are not emailed. For every programme: the mentors or mentees of all.",
    )

    class Meta:
        model = TrainingSession
        fields = ["kind", "programme", "starts_at", "place", "capacity", "notes", "invite"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.current()
        self.fields["programme"].empty_label = "Every programme"
