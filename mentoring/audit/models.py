from django.db import IntegrityError, models
from django.db.models import Subquery
from django.utils import timezone

from mentoring.roles import is_coordinator, staff_member_of

APPEND_ONLY = "The audit log is append-only."
CONCERN = "concern"  # the kind relationships/permissions.py records concerns as


class AuditEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators search the entries of the programmes they coordinate; nobody else any.
        Not those about concerns in a relationship they are in (REL-4): another coordinator
        handles them."""
        me = staff_member_of(user)
        if me is None or not is_coordinator(user):
            return self.none()
        mine = self.filter(programme_id__in=Subquery(me.coordinated_programmes.values("pk")))
        return mine.without_concerns_in_relationships_of(me)

    def without_concerns_in_relationships_of(self, person):
        """Without the entries about concerns in a relationship `person` is in (REL-4)."""
        if person is None:
            return self
        return self.exclude(
            kind=CONCERN, relationship_id__in=Subquery(person.memberships.values("relationship_id"))
        )

    # The ORM fails early; the database triggers (migration 0002) are the guarantee.
    def update(self, **kwargs):
        raise IntegrityError(APPEND_ONLY)

    def delete(self):
        raise IntegrityError(APPEND_ONLY)


class AuditEntry(models.Model):
    """Who did what to which record, and when (DATA-2); never the record's content. Plain
    numbers rather than foreign keys, so that no cascade can ever touch an entry."""

    NOT_CONFIDENTIAL = ("who", "kind", "note")  # never the record's content

    class Action(models.TextChoices):
        READ = "read", "Read"
        CREATE = "create", "Create"
        CHANGE = "change", "Change"
        DELETE = "delete", "Delete"
        SIGN = "sign", "Sign"
        CONFIRM = "confirm", "Confirm"
        CORRECT = "correct", "Correct"
        SHARE = "share", "Share"
        UNSHARE = "unshare", "Stop sharing"
        DOWNLOAD = "download", "Download"
        ERASE = "erase", "Erase"
        GRANT = "grant", "Grant"
        REVOKE = "revoke", "Revoke"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user_id = models.PositiveBigIntegerField(null=True, blank=True)
    who = models.CharField(max_length=200, help_text="The person's full name at the time.")
    action = models.CharField(max_length=20, choices=Action)
    kind = models.CharField(
        max_length=40, help_text="What sort of record, e.g. “meeting log” or “concern”."
    )
    object_id = models.PositiveBigIntegerField("record number", null=True, blank=True)
    relationship_id = models.PositiveBigIntegerField(
        "relationship number", null=True, blank=True, db_index=True
    )
    programme_id = models.PositiveBigIntegerField(
        "programme number", null=True, blank=True, db_index=True
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="A short detail that is not confidential."
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.who} {self.get_action_display().lower()} {self.kind} {self.object_id or ''}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise IntegrityError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IntegrityError(APPEND_ONLY)
