from celery import shared_task


@shared_task(acks_late=True)
def build_monitoring_report(*, report_id):
    """Build one monitoring report in the background (MON-2)."""
    from .services.reports import report_build

    report_build(report_id)


@shared_task
def requeue_reports():
    """Every ten minutes (the beat schedule): reports whose task was lost, or whose worker
    died building them, are queued again."""
    from .services.reports import reports_requeue

    reports_requeue()
