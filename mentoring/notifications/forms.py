from django import forms

from .models import Preference


class PreferencesForm(forms.Form):
    """One choice per kind of notification: straight away, or in the day's digest."""

    def __init__(self, *args, current, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in kinds:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Preference.How.choices,
                initial=current.get(kind, Preference.How.STRAIGHT_AWAY),
                widget=forms.RadioSelect,
            )
