from django import forms

from ..models import Concern, ReviewAnswer, SharedSummary


class ReviewForm(forms.ModelForm):
    """003 §4.5: is it helping, how the plan is going, practical issues."""

    class Meta:
        model = ReviewAnswer
        fields = ["helping", "plan_progress", "practical_issues"]
        widgets = {
            "helping": forms.RadioSelect,
            "plan_progress": forms.Textarea(attrs={"rows": 3}),
            "practical_issues": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helping"].choices = ReviewAnswer.Helping.choices  # radios: no empty choice


class ConcernForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "text": "Only the programme's coordinators read this; the others in your "
            "relationship are not told."
        }


class SummaryForm(forms.ModelForm):
    class Meta:
        model = SharedSummary
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "text": "Write it together. The line manager reads only this, and only once the "
            "mentee asks and the mentor agrees."
        }
