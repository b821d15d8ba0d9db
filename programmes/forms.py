from django import forms

from mentoring.people.models import StaffMember

from .models import Policy, Programme

SECTIONS = [
    (
        "About the programme",
        [
            "name",
            "purpose",
            "objectives",
            "expected_outcomes",
            "how_to_apply",
            "coordinators",
            "sponsor",
        ],
    ),
    (
        "Mentoring model and matching",
        ["mentoring_model", "matching_mode", "mentor_capacity", "group_size_min", "group_size_max"],
    ),
    (
        "Approval and training",
        [
            "mentee_manager_approval",
            "mentor_manager_approval",
            "mentor_training_required",
            "mentee_induction_required",
        ],
    ),
    (
        "Length and meetings",
        [
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
        ],
    ),
    ("Privacy", ["coordinator_reads_meeting_logs"]),
]


def people_with_permission(codename):
    return (
        StaffMember.objects.active().filter(user__groups__permissions__codename=codename).distinct()
    )


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [name for _, names in SECTIONS for name in names]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 3}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
            "coordinators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinators"].queryset = people_with_permission("coordinate_programmes")
        self.fields["coordinators"].help_text = "People with the coordinator role."
        self.fields["sponsor"].queryset = people_with_permission("read_monitoring_reports")
        self.fields["sponsor"].help_text = "Reads the anonymised reports (002 Step 3)."

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]


class PolicyForm(forms.ModelForm):
    reason = forms.CharField(
        label="What changed and why",
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
