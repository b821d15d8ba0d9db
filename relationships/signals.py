from django.dispatch import Signal

# Sent inside the transaction when people's part in a relationship that had started comes to
# an end: the whole relationship ending, or one mentee leaving a group that carries on. Higher
# apps act on it (evaluations sends the end-of-relationship questionnaires, EVAL-2).
participation_ended = Signal()
