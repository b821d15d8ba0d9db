from django.db import models


class TrainingKind(models.TextChoices):
    """The kinds of training session; a programme names which of them count (TRN-1)."""

    MENTOR_TRAINING = "mentor_training", "Mentor training"
    MENTEE_INDUCTION = "mentee_induction", "Mentee induction"
    JOINT_REVERSE = "joint_reverse", "Joint reverse-mentoring training"
    REFRESHER = "refresher", "Refresher"
    SUPPORT_GROUP = "support_group", "Mentor support group"


def mentor_training_counts():
    return [TrainingKind.MENTOR_TRAINING.value]


def mentee_induction_counts():
    return [TrainingKind.MENTEE_INDUCTION.value]


def training_words(kinds):
    """The kinds in a sentence's words: "mentor training or joint reverse-mentoring training"."""
    labels = [TrainingKind(kind).label for kind in kinds if kind in TrainingKind.values]
    return " or ".join(label[0].lower() + label[1:] for label in labels)
