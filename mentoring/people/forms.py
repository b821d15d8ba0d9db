from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string

from .models import User
from .tasks import send_email


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
        return file


class FirstPasswordResetForm(PasswordResetForm):
    """Also serves people imported from HR who have never set a password; the email goes
    out from the background worker once the request has committed."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_email.delay_on_commit(subject=subject, body=body, to=[to_email])
