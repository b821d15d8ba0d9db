"""What this app does when a lower app says something changed (STYLE: dependencies flow one
way, so relationships send signals and never import evaluations)."""

from .services.responses import end_forms_send


def send_end_forms(sender, relationship, members, **kwargs):
    """Someone's part in a relationship has ended: send them its end-of-relationship forms
    (EVAL-2)."""
    end_forms_send(relationship=relationship, members=members)
