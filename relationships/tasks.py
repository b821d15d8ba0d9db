from celery import shared_task
from django.utils import timezone


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
