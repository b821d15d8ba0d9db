from django import forms

from mentoring.people.models import StaffMember

from ..models import ActionItem, ActionPlan, Goal

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})

# 002 Resource 12 (a note for us, never shown): some useful questions to ask at each stage of GROW.
GROW_QUESTIONS = {
    "grow_goal": "What do you want to achieve in this session and in the longer term? Why is it "
    "important to you? How will you know when you have reached your goal? When do you have to "
    "achieve it? To what extent is it within your control? How could you break the main goal "
    "into smaller achievable sub goals?",
    "grow_reality": "Where are you just now in relation to your goal? What skills and knowledge "
    "have you gained to date? What resources (including other people) do you need, and which "
    "do you have? What, or who, might get in the way? How might you overcome those "
    "constraints? What if anything is stopping you?",
    "grow_options": "What can you do as a next step towards achieving your goal? If you were "
    "the most resourceful person you know, what would you do? What would happen if you did "
    "nothing? Is there someone you know who is doing this well? What could you do that they "
    "do?",
    "grow_way_forward": "Which option appeals to you most, and why? How will it help you achieve "
    "your goal? What are your next steps, and when will you take them? What obstacles do you "
    "expect to meet, and how will you overcome them?",
}
OSKAR_HELP = (
    "On a scale from 0 to 10, where are you now, and where would you like to "
    "be? Then work out together how to move up the scale."
)


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "long_term_goal",
            "needs_and_strengths",
            "started_on",
            "completion_on",
            "commitment",
            "commitment_needs",
            "comments",
        ]
        widgets = {
            "long_term_goal": TEXT,
            "needs_and_strengths": TEXT,
            "started_on": DAY,
            "completion_on": DAY,
            "commitment_needs": SHORT_TEXT,
            "comments": TEXT,
        }
        help_texts = {
            "long_term_goal": "Start with the big picture.",
            "needs_and_strengths": "Record the mentee's needs and strengths first.",
            "commitment": "How committed is the mentee, from 1 to 10?",
        }


SMART_FIELDS = [
    "specific",
    "measurable",
    "achievable",
    "realistic",
    "time_bound",
    "milestones",
    "success_criteria",
    "review_on",
    "status",
]
OSKAR_FIELDS = ["scale_now", "scale_wanted"]


class GoalForm(forms.ModelForm):
    """A short-term goal to the SMART headings; GROW and OSKAR are optional prompts."""

    SMART = SMART_FIELDS
    GROW = list(GROW_QUESTIONS)
    OSKAR = OSKAR_FIELDS

    class Meta:
        model = Goal
        fields = [*SMART_FIELDS, "in_pdp", *GROW_QUESTIONS, *OSKAR_FIELDS]
        widgets = {
            "measurable": SHORT_TEXT,
            "achievable": SHORT_TEXT,
            "realistic": SHORT_TEXT,
            "time_bound": DAY,
            "milestones": SHORT_TEXT,
            "success_criteria": SHORT_TEXT,
            "review_on": DAY,
            "grow_goal": SHORT_TEXT,
            "grow_reality": SHORT_TEXT,
            "grow_options": SHORT_TEXT,
            "grow_way_forward": SHORT_TEXT,
        }
        help_texts = GROW_QUESTIONS | {"scale_now": OSKAR_HELP}
        labels = {"review_on": "Check progress on"}

    def smart_fields(self):
        return [self[name] for name in self.SMART]

    def grow_fields(self):
        return [self[name] for name in self.GROW]

    def oskar_fields(self):
        return [self[name] for name in self.OSKAR]

    def prompts_have_errors(self):
        return any(name in self.errors for name in [*self.GROW, *self.OSKAR])


class GoalActionForm(forms.ModelForm):
    """An action under a goal, owned by someone in the relationship."""

    class Meta:
        model = ActionItem
        fields = ["description", "owner", "due_on", "status"]
        labels = {"owner": "Whose action", "due_on": "Timescale: due by"}
        widgets = {"due_on": DAY}

    def __init__(self, *args, relationship, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = StaffMember.objects.filter(
            memberships__relationship=relationship, memberships__is_live=True
        ).order_by("last_name", "first_name", "pk")
        owner.label_from_instance = lambda person: person.full_name
        owner.empty_label = "Choose someone"
