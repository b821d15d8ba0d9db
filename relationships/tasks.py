from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 8}


@shared_task(**RETRY)
def notify_review_needed(*, relationship_id, person_id):
    """Tell one person their relationship needs the coordinator's review (MATCH-6); the email
    names no one and says nothing of the relationship. One task per person, so a retry never
    emails the others twice."""
    from .models import Relationship

    relationship = Relationship.objects.filter(pk=relationship_id).exclude(review_needed="").first()
    if relationship is not None:
        _send(
            relationship, person_id, "review_needed", "Your mentoring relationship needs a review"
        )


@shared_task(**RETRY)
def notify_paired(*, relationship_id, person_id):
    """Tell one person in a new relationship to arrange the introductory meeting (MATCH-4)."""
    from .models import Relationship

    relationship = Relationship.objects.filter(
        pk=relationship_id, status=Relationship.Status.PROPOSED
    ).first()
    if relationship is not None:
        _send(relationship, person_id, "paired", "You have been matched: arrange an introduction")


@shared_task(**RETRY)
def notify_ended(*, relationship_id, person_id):
    """Tell one person (another participant or a coordinator) that a relationship has ended
    and the reason category; never the closing checklist (REL-2)."""
    from mentoring.people.models import StaffMember

    from .models import Relationship

    relationship = Relationship.objects.filter(pk=relationship_id, status="ended").first()
    person = StaffMember.objects.filter(pk=person_id).first()
    if relationship is None or person is None:
        return
    context = {
        "person": person,
        "relationship": relationship,
        "link": settings.SITE_URL + relationship.get_absolute_url(),
    }
    body = render_to_string("relationships/email/ended.txt", context)
    send_mail("A mentoring relationship has ended", body, None, [person.work_email])


COORDINATOR_NEWS = {
    "concern": "A concern has been raised in a mentoring relationship",
    "review_not_working": "A review says mentoring is not working",
}


@shared_task(**RETRY)
def notify_coordinator(*, relationship_id, person_id, about):
    """Tell one coordinator to look at a relationship in confidence (REV-1, REL-4). The email
    carries no one's words: the coordinator reads them in the portal."""
    from mentoring.people.models import StaffMember

    from .models import Relationship

    relationship = Relationship.objects.filter(pk=relationship_id).first()
    person = StaffMember.objects.filter(
        pk=person_id, coordinated_programmes__relationships=relationship_id
    ).first()
    if relationship is None or person is None:
        return
    context = {
        "person": person,
        "relationship": relationship,
        "about": about,
        "link": settings.SITE_URL + relationship.get_absolute_url(),
    }
    body = render_to_string("relationships/email/coordinator.txt", context)
    send_mail(COORDINATOR_NEWS[about], body, None, [person.work_email])


@shared_task(**RETRY)
def notify_summary_shared(*, summary_id):
    """Tell the mentee's line manager a summary has been shared with them (REL-3)."""
    from .models import SharedSummary

    summary = (
        SharedSummary.objects.select_related("mentee__line_manager")
        .filter(pk=summary_id, status=SharedSummary.Status.SHARED)
        .first()
    )
    manager = summary and summary.mentee.line_manager
    if manager is None:
        return
    context = {"manager": manager, "mentee": summary.mentee, "link": _link("relationships:shared")}
    body = render_to_string("relationships/email/summary_shared.txt", context)
    send_mail("A mentoring summary has been shared with you", body, None, [manager.work_email])


@shared_task
def propose_matches(*, run_id):
    from .services.proposals import proposals_make

    proposals_make(run_id=run_id)


@shared_task
def check_relationships():
    """Every few minutes: what the coordinator dashboard reads, the reasons each relationship
    is at risk and who is in the matching queue, so that time passing and changes made
    outside the portal's own pages are caught."""
    from .services.pairing import matched_check
    from .services.risks import risks_check

    risks_check()
    matched_check()


@shared_task
def erase_old_content():
    """Every night (the beat schedule): retention (DATA-3)."""
    from .services.retention import content_erase

    return content_erase()


@shared_task
def expire_requests():
    from .services.requests import requests_expire

    return requests_expire(now=timezone.now())


def _send(relationship, person_id, template, subject):
    member = relationship.members.select_related("person").filter(person_id=person_id).first()
    if member is None:
        return
    context = {
        "person": member.person,
        "relationship": relationship,
        "link": settings.SITE_URL + relationship.get_absolute_url(),
    }
    body = render_to_string(f"relationships/email/{template}.txt", context)
    send_mail(subject, body, None, [member.person.work_email])


def _link(name, *args):
    return settings.SITE_URL + reverse(name, args=args)
