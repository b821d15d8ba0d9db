"""What this app does when a lower app says something changed (STYLE: dependencies flow one
way, so people and programmes send signals and never import relationships)."""

from mentoring.notifications.services import notifications_send
from mentoring.people.models import StaffMember

from . import news
from .models import Member, Relationship
from .rules import people_affected_by
from .services.pairing import application_let_go, line_management_check


def flag_new_links(sender, emails, **kwargs):
    """A staff import moved these people: check the relationships of everyone whose chain
    changed (MATCH-6)."""
    moved = StaffMember.objects.filter(work_email__in=emails).values_list("pk", flat=True)
    line_management_check(people=people_affected_by(moved))


def let_go(sender, application, **kwargs):
    application_let_go(application=application)


def tell_coordinators_read(sender, programme, switches, **kwargs):
    """The programme's coordinators may now read more of what is written: everyone in its live
    relationships is told, once each (PRG-3)."""
    people = Member.objects.filter(relationship__programme=programme, is_live=True).exclude(
        relationship__status=Relationship.Status.ENDED
    )
    notifications_send(
        occasions=[
            news.coordinator_reads(programme, switches, person)
            for person in set(people.values_list("person_id", flat=True))
        ]
    )
