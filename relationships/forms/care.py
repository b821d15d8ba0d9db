from django import forms

from ..models import CheckIn, Concern, CoordinatorNote, ReviewAnswer, SharedSummary


class ReviewForm(forms.ModelForm):
    """003 §4.5: is it helping, how the plan is going, practical issues."""

    class Meta:
        model = ReviewAnswer
        fields = ["helping", "plan_progress", "practical_issues", "agreement_fits"]
        widgets = {
            "helping": forms.RadioSelect,
            "agreement_fits": forms.RadioSelect,
            "plan_progress": forms.Textarea(attrs={"rows": 3}),
            "practical_issues": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "agreement_fits": "Read it again first; if it needs changing, write a new version."
        }

    def __init__(self, *args, has_agreement=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helping"].choices = ReviewAnswer.Helping.choices  # radios: no empty choice
        if has_agreement:  # 004 Annex A: is the contract still relevant?
            fits = self.fields["agreement_fits"]
            fits.choices, fits.required = ReviewAnswer.AgreementFits.choices, True
            fits.error_messages["required"] = (
                "Say whether your mentoring agreement is still relevant."
            )
        else:
            del self.fields["agreement_fits"]


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


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        labels = {"message": "Message"}
        help_texts = {
            "message": "Change it as you wish, up to 280 characters. Ask how it is going, "
            "never about what they talk about."
        }


class CoordinatorNoteForm(forms.ModelForm):
    class Meta:
        model = CoordinatorNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "text": "Only this programme's coordinators read it: never the people in the "
            "relationship, their line managers or sponsors. It is erased with what the pair "
            "wrote at the end of the retention period."
        }


class SetAsideForm(forms.Form):
    reason = forms.ChoiceField(label="Which reason can wait?", widget=forms.RadioSelect)
    until = forms.DateField(
        label="Until",
        help_text="It shows again on this day if it still applies. At most six months away.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date.", "invalid": "Enter a real date."},
    )
    why = forms.CharField(
        label="Why it can wait",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Only this programme's coordinators read it.",
        error_messages={"required": "Say why it can wait."},
    )

    def __init__(self, *args, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = reasons
        self.fields["reason"].error_messages["required"] = "Choose the reason that can wait."
