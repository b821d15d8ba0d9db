from django import forms

from mentoring.fields import COMMENT

from ..models import Question, Questionnaire, Section

ORDER_HELP = "Its place in the list; leave empty to put it at the end."


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "introduction", "use", "both_confirm"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "use": forms.RadioSelect,
        }
        labels = {"use": "When it is sent"}
        help_texts = {
            "introduction": "What respondents read first: why you ask and who reads the answers."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["use"].choices = Questionnaire.Use.choices


class SectionForm(forms.ModelForm):
    """Part of a questionnaire, for the mentor, the mentee or both (000 Sections A and B)."""

    class Meta:
        model = Section
        fields = ["title", "addressed_to", "order"]
        widgets = {"addressed_to": forms.RadioSelect}
        labels = {"addressed_to": "Who answers it", "order": "Position"}
        help_texts = {"order": ORDER_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False


class QuestionForm(forms.ModelForm):
    """A question; its options are written one per line."""

    choices = forms.CharField(
        label="Options",
        required=False,
        max_length=COMMENT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line. For a choice, the options to choose from; for a rating "
        "scale, the label of each point from lowest to highest (2 to 10 points). A yes or no "
        "question and a written answer take none.",
    )

    class Meta:
        model = Question
        fields = ["text", "help_text", "kind", "choices", "required", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "kind": forms.RadioSelect}
        labels = {
            "kind": "Kind of answer",
            "help_text": "Hint",
            "required": "An answer is required",
            "order": "Position",
        }
        help_texts = {
            "help_text": "Shown under the question, e.g. “Tick any that apply.”",
            "order": ORDER_HELP,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["kind"].choices = Question.Kind.choices
        if self.instance.pk:
            self.initial["choices"] = "\n".join(self.instance.choices)

    def clean_choices(self):
        lines = self.cleaned_data["choices"].splitlines()
        return [line.strip() for line in lines if line.strip()]
