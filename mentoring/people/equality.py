"""Equality monitoring answers (PEOPLE-2): saved and withdrawn by the person, read only in
aggregate by the anonymised reports. Nothing else may import this module's `subject_key`."""

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from .models import EqualityAnswers
from .permissions import staff_member_of

QUESTIONS = [
    "age_band",
    "sex",
    "gender_identity",
    "gender_reassignment",
    "disability",
    "ethnicity",
    "ethnicity_other",
    "religion",
    "religion_other",
    "sexual_orientation",
    "sexual_orientation_other",
    "caring_responsibilities",
]


def subject_key(staff_member):
    """A keyed hash of the person: the only way from a person to their answers."""
    return salted_hmac(
        "mentoring.equality",
        str(staff_member.pk),
        secret=settings.EQUALITY_MONITORING_KEY,
        algorithm="sha256",
    ).hexdigest()


def has_answered(user):
    me = staff_member_of(user)
    return me is not None and EqualityAnswers.objects.filter(subject_key=subject_key(me)).exists()


@transaction.atomic
def equality_answers_save(*, by, answers):
    """Save (or replace) the person's own answers; every question may be left unanswered."""
    key = subject_key(staff_member_of(by))
    values = {name: answers.get(name, "") for name in QUESTIONS}
    record = EqualityAnswers(subject_key=key, **values)
    record.full_clean(exclude=["subject_key"])
    EqualityAnswers.objects.update_or_create(subject_key=key, defaults=values)


@transaction.atomic
def equality_answers_withdraw(*, by):
    """Delete the person's answers, at any time."""
    EqualityAnswers.objects.filter(subject_key=subject_key(staff_member_of(by))).delete()
