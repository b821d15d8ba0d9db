from django import forms

from ..models import Agreement

AIM_LETTERS = "abcdefghijklmnopqrstuvwxyz"
SPARE_AIMS = 3  # empty boxes offered beyond the aims already written


class AimsWidget(forms.MultiWidget):
    """One box an aim, each with its own label for screen readers: a), b), c)..."""

    def __init__(self, count):
        boxes = [
            forms.TextInput(
                attrs={"aria-label": f"Aim {AIM_LETTERS[i]})", "maxlength": 300, "class": "mb-2"}
            )
            for i in range(count)
        ]
        super().__init__(boxes)

    def decompress(self, value):
        return list(value or [])


class AimsField(forms.MultiValueField):
    """The aims as a list, empty boxes left out; the service asks for at least three."""

    def __init__(self, count, **kwargs):
        fields = [forms.CharField(required=False, max_length=300) for _ in range(count)]
        super().__init__(
            fields,
            widget=AimsWidget(count),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, values):
        return [" ".join(value.split()) for value in values or [] if value and value.strip()]


class AgreementForm(forms.ModelForm):
    """The clauses of 001 Appendix A, 002 Resource 5 and 004 Annex A, for the pair to agree
    (the sources are notes for us: the pair reads plain headings)."""

    class Meta:
        model = Agreement
        # The review date is the relationship's own (Relationship.next_review_on), not a clause.
        fields = [name for name in Agreement.CLAUSES if name != "review_on"]
        labels = {
            "meet_every": "We will meet at least once every",
            "aims": "The aims of the partnership are to work on the following issues",
            "mentor_role": "We agree that the mentor's role is to",
            "mentee_role": "We agree that the mentee's role is to",
            "feedback": "Feedback",
            "breakdown": "In the event of a breakdown in the relationship",
        }
        help_texts = {
            "expectations": "What you each expect of the other.",
            "ground_rules": "How you will work together, such as where you meet and how you "
            "keep in touch.",
            "meet_every": "For example: month, two weeks, three months.",
            "contact_between": "How and how often you will be in touch between meetings.",
            "aims": "At least three; leave the spare boxes empty. Need more? Save, and "
            "three more empty boxes appear.",
            "mentor_role": "One duty a line.",
            "mentee_role": "One duty a line.",
            "next_steps": "Such as concerns to resolve first and what your first meeting will "
            "focus on.",
            "confidentiality": "Keep the limits: risk of harm, breach of policy, illegal activity.",
        }
        widgets = {
            "contact_between": forms.Textarea(attrs={"rows": 3}),
            "expectations": forms.Textarea(attrs={"rows": 3}),
            "mentor_role": forms.Textarea(attrs={"rows": 6}),
            "mentee_role": forms.Textarea(attrs={"rows": 4}),
            "confidentiality": forms.Textarea(attrs={"rows": 4}),
            "feedback": forms.Textarea(attrs={"rows": 3}),
            "ground_rules": forms.Textarea(attrs={"rows": 3}),
            "documentation": forms.Textarea(attrs={"rows": 3}),
            "breakdown": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        written = len(self.initial.get("aims") or [])
        aims = self.fields["aims"]
        self.fields["aims"] = AimsField(
            max(6, written + SPARE_AIMS),
            label=aims.label,
            help_text=aims.help_text,
        )

    def clean(self):
        data = super().clean()
        low, high = data.get("meeting_minutes_min"), data.get("meeting_minutes_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "meeting_minutes_max", "The longest meeting cannot be shorter than the shortest."
            )
        return data


class SignForm(forms.Form):
    typed_name = forms.CharField(
        label="Type your full name to sign",
        max_length=200,
        help_text="As it is on your staff record. We keep it with the time and the account "
        "you are signed in with.",
    )
    agree = forms.BooleanField(
        label="I agree to the above statements",
        error_messages={"required": "Tick the box to say you agree to the above statements."},
    )
