from django import forms

from mentoring.people.models import StaffMember
from mentoring.web import IdField

from ..models import ActionItem, Meeting, MeetingLog, PrivateNote
from ..services.logs import ACTIONS, HELD_MINUTES, LOG_FIELDS, LOG_MINUTES
from .relationships import just_with

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _text(rows):
    return forms.Textarea(attrs={"rows": rows})


class LogForm(forms.ModelForm):
    """002 Resource 13's headings, in its order; the actions come as rows of their own."""

    minutes = forms.IntegerField(
        label="Length of the meeting (minutes)", min_value=LOG_MINUTES[0], max_value=LOG_MINUTES[1]
    )

    class Meta:
        model = MeetingLog
        fields = LOG_FIELDS
        widgets = {
            "achieved": _text(3),
            "challenges": _text(3),
            "topics": _text(3),
            "steps_agreed": _text(3),
            "resources_needed": _text(2),
            "next_meeting_on": DAY,
        }
        help_texts = {
            "achieved": "At a first meeting, say what brought you to mentoring.",
        }


class HeldLogForm(LogForm):
    minutes = forms.IntegerField(
        label="Length of the meeting (minutes)",
        min_value=HELD_MINUTES[0],
        max_value=HELD_MINUTES[1],
    )


class HeldMeetingForm(forms.ModelForm):
    """A meeting that happened without being arranged here: when, how and where."""

    class Meta:
        model = Meeting
        fields = ["starts_at", "method", "place", "with_member"]
        labels = {"starts_at": "Date and time you met", "method": "Method of meeting"}
        widgets = {"starts_at": WHEN, "with_member": forms.RadioSelect}

    def __init__(self, *args, mentees=None, **kwargs):
        super().__init__(*args, **kwargs)
        just_with(self, mentees, label="Who was the meeting with?")


class ActionRowForm(forms.Form):
    """One of the "actions for mentee or mentor before next meeting" (002 Resource 13)."""

    item = IdField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(label="Action", max_length=500, required=False)
    owner = forms.ModelChoiceField(
        label="Who",
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label="Choose who",
        error_messages={"invalid_choice": "Choose one of the people in this relationship."},
    )
    due_on = forms.DateField(label="Due by", required=False, widget=DAY)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda person: person.full_name


ActionFormSet = forms.formset_factory(ActionRowForm, extra=3, max_num=30, validate_max=True)


def action_formset(data=None, *, owners, initial=None):
    return ActionFormSet(data, prefix=ACTIONS, initial=initial, form_kwargs={"owners": owners})


class ConfirmForm(forms.Form):
    """The version of the log the person read, so that a change made meanwhile is not
    confirmed unseen."""

    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    ids = "confirm_%s"  # both forms sit on the log page: their ids must differ

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", self.ids)
        super().__init__(*args, **kwargs)


class CorrectionForm(ConfirmForm):
    ids = "correct_%s"
    correction = forms.CharField(
        label="The correction you suggest",
        max_length=MeetingLog._meta.get_field("correction").max_length,
        widget=_text(3),
        error_messages={"required": "Say what should be corrected."},
        help_text="The author changes the log, and you are asked to confirm it again.",
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionItem.Status.choices)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class PrivateNoteForm(forms.Form):
    text = forms.CharField(
        label="My private notes",
        required=False,
        max_length=PrivateNote._meta.get_field("text").max_length,
        widget=_text(8),
        help_text="Only you can ever read these. Save them empty to delete them.",
    )
