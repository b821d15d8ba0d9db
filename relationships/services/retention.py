"""Retention (DATA-3): once a relationship has been over for longer than its programme keeps
what was written, the words go and the facts stay. What is erased is what each model declares
confidential (`CONFIDENTIAL`, mentoring/confidential.py), in every app, so nothing here lists
fields or imports the apps above: who took part and in which role, dates, meetings and how
they were held, statuses, ratings and choices stay, so the monitoring reports and the records
of who took part (MON-3) do not change. What is not in a relationship (programme surveys,
mentor requests that led to none) goes once the period has passed since it was due."""

from datetime import datetime, time

from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.confidential import declared
from mentoring.operations.services import job_failure_record
from programmes.models import per_programme

from ..dates import add_months
from ..models import Relationship

BATCH = 500
JOB = "Retention"


def past_retention(now):
    """Ended relationships whose programme's retention period has run out, not yet erased."""
    return Relationship.objects.filter(
        per_programme("retention_months", _before("ended_at", Relationship, now), "programme"),
        status=Relationship.Status.ENDED,
        content_erased_at__isnull=True,
    )


def _before(path, model, now):
    """A condition on `path` being further back than a number of months, by its field type."""
    today = timezone.localdate(now)
    is_date = not isinstance(_field(model, path), models.DateTimeField)

    def condition(months):
        day = add_months(today, -months)
        limit = day if is_date else timezone.make_aware(datetime.combine(day, time.min))
        return Q(**{f"{path}__lt": limit})

    return condition


def _field(model, path):
    *steps, last = path.split("__")
    for step in steps:
        model = model._meta.get_field(step).related_model
    return model._meta.get_field(last)


def content_erase(*, now=None) -> int:
    """Erase what was written in every relationship past its retention period, a batch at a
    time in one transaction each; a batch that fails is erased again one relationship at a
    time, and a relationship that still fails is kept for the site administrator and holds
    back none of the others. Returns how many relationships were erased; running it again
    finds nothing more to do."""
    now = now or timezone.now()
    erased, failed = 0, set()
    while True:
        ids = []
        try:
            with transaction.atomic():
                ids = _lock_due(now, failed)
                _erase(ids, now)
        except DatabaseError:
            if not ids:
                raise
            erased += _one_at_a_time(ids, now, failed)
            continue
        if not ids:
            break
        erased += len(ids)
    _erase_outside_relationships(now)
    return erased


def _lock_due(now, failed, among=None):
    due = past_retention(now).exclude(pk__in=failed)
    if among is not None:
        due = due.filter(pk__in=among)
    due = due.select_for_update(skip_locked=True, of=("self",)).order_by("pk")
    return list(due.values_list("pk", flat=True)[:BATCH])


def _one_at_a_time(ids, now, failed):
    erased = 0
    for pk in ids:
        try:
            with transaction.atomic():
                done = _lock_due(now, failed, among=[pk])
                _erase(done, now)
            erased += len(done)
        except DatabaseError as exc:
            failed.add(pk)
            job_failure_record(job=JOB, about=f"relationship {pk}", error=exc)
    return erased


def _erase(ids, now):
    if not ids:
        return
    for model, said in declared():
        if said.relationship and said.erase:
            _erase_rows(model, said, Q(**{f"{said.relationship}__in": ids}))
    relationships = Relationship.objects.filter(pk__in=ids)
    programmes = dict(relationships.values_list("pk", "programme_id"))
    relationships.update(content_erased_at=now)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            at=now,
            who="Retention (automatic)",
            action=AuditEntry.Action.ERASE,
            kind="relationship",
            object_id=pk,
            relationship_id=pk,
            programme_id=programmes[pk],
            note="What was written was erased after the programme's retention period.",
        )
        for pk in ids
    )


def _erase_rows(model, said, where):
    rows = model.objects.filter(where)
    if said.erase == "delete":
        rows.delete()
    else:
        rows.update(**said.erased(model))


def _erase_outside_relationships(now):
    """Records in no relationship, once the period has passed since the date they declare."""
    for model, said in declared():
        if not (said.dated and said.erase):
            continue
        outside = Q(**{f"{said.relationship}__isnull": True}) if said.relationship else Q()
        past = per_programme("retention_months", _before(said.dated, model, now), said.programme)
        written = ~Q(**dict.fromkeys(said.text, ""))  # what is erased already is left alone
        try:
            with transaction.atomic():
                _erase_rows(model, said, outside & past & written)
        except DatabaseError as exc:
            job_failure_record(job=JOB, about=f"{model._meta.verbose_name_plural}", error=exc)
