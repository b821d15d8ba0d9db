from django import forms

from ..models import Message

LIMIT = Message._meta.get_field("text").max_length


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        max_length=LIMIT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Everyone in this relationship reads it. Nobody else does.",
        error_messages={
            "required": "Write your message.",
            "max_length": f"Your message must be {LIMIT:,} characters or fewer.",
        },
    )
