from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site

from .equality import QUESTIONS, REPORTED
from .models import MOST_SENIORITY, EqualityAnswers, User, normalise_email
from .permissions import can_sign_in, can_sign_in_with_password
from .staff_import import size_problem
from .tasks import send_password_link


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="An export from the HR system, saved as CSV UTF-8.",
    )
    deactivate_missing = forms.BooleanField(
        label="This is a full export: deactivate people who are not in it",
        required=False,
    )
    dry_run = forms.BooleanField(
        label="Check the file only; change nothing",
        required=False,
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file.")
        if problem := size_problem(file.size):
            raise forms.ValidationError(problem)
        return file


class GradeSeniorityForm(forms.Form):
    """A seniority for each grade: a whole number, higher for more senior, or blank if not
    known. One field per grade, named by its id."""

    def __init__(self, *args, grades, **kwargs):
        super().__init__(*args, **kwargs)
        words = f"Enter a whole number from 0 to {MOST_SENIORITY}, or leave it blank"
        for grade in grades:
            self.fields[f"grade_{grade.pk}"] = forms.IntegerField(
                label=grade.name,
                required=False,
                min_value=0,
                max_value=MOST_SENIORITY,
                initial=grade.seniority,
                error_messages=dict.fromkeys(["invalid", "min_value", "max_value"], words),
                widget=forms.TextInput(
                    attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}
                ),
            )
        self.grades = {f"grade_{grade.pk}": grade for grade in grades}

    def seniorities(self):
        return {self.grades[name].pk: value for name, value in self.cleaned_data.items()}


class FirstPasswordResetForm(PasswordResetForm):
    """Also serves people imported from HR who have never set a password. The email goes out
    from the background worker once the request has committed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Work email address"
        self.fields["email"].error_messages["required"] = "Enter your work email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address like name@example.org"
        )

    def get_users(self, email):
        users = User.objects.select_related("staff_member").filter(
            email__iexact=normalise_email(email)
        )
        return [user for user in users if can_sign_in(user) and can_sign_in_with_password(user)]

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or get_current_site(request).domain
        for user in self.get_users(self.cleaned_data["email"]):
            send_password_link.delay_on_commit(user_id=user.pk, domain=domain, use_https=use_https)


class EqualityAnswersForm(forms.ModelForm):
    """Blank every time: no page shows anyone's answers back, not even to them (only their own
    data download does)."""

    class Meta:
        model = EqualityAnswers
        fields = QUESTIONS
        widgets = {name: forms.RadioSelect for name in REPORTED}  # the chosen answers

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if hasattr(field, "choices") and field.choices and field.choices[0][0] == "":
                field.choices = field.choices[1:]


class ProvisioningTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use it, so you know which to revoke: for example “Entra ID”.",
        error_messages={"required": "Enter a name for the token"},
    )
