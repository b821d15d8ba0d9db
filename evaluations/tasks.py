from celery import shared_task


@shared_task(bind=True, acks_late=True)
def build_monitoring_report(self, *, report_id):
    """Build one monitoring report in the background (MON-2). A task delivered again was
    taken by a worker that died before finishing it (tasks are acknowledged when done)."""
    from .services.reports import report_build

    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    report_build(report_id, redelivered=redelivered)


@shared_task
def requeue_reports():
    """Every ten minutes (the beat schedule): reports whose task was lost, or whose worker
    died building them, are queued again."""
    from .services.reports import reports_requeue

    reports_requeue()
