import unicodedata

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from mentoring.confidential import Confidential


def normalise_email(email: str) -> str:
    """The one spelling of a sign-in address that signing in, the lockout and new accounts all
    use: look-alike characters (a fullwidth ｈ), letter case and outer spaces make no difference."""
    return unicodedata.normalize("NFKC", email).casefold().strip()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # The database's case-blind match is wider than ours (PostgreSQL's UPPER makes ı an I),
        # so the account found must have the very spelling the lockout counted.
        email = normalise_email(username)
        user = self.get(email__iexact=email)
        if normalise_email(user.email) != email:
            raise self.model.DoesNotExist
        return user

    def create_user(self, email, password=None, **extra_fields):
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A sign-in account. Email is the login; the person's details live on their StaffMember."""

    NOT_CONFIDENTIAL = ("email", "password")  # the password is a hash

    email = models.EmailField("email address", unique=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "admin site access", default=False, help_text="Can sign in to the Django admin site."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @classmethod
    def normalize_username(cls, username):
        return normalise_email(username)

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)


class NamedQuerySet(models.QuerySet):
    def get_or_create_by_names(self, names):
        """Return {name: object} for the given names, creating those that do not exist."""
        names = {n for n in names if n}
        existing = {obj.name: obj for obj in self.filter(name__in=names)}
        missing = [self.model(name=n) for n in sorted(names - existing.keys())]
        self.bulk_create(missing)
        return {obj.name: obj for obj in self.filter(name__in=names)}


class NamedRecord(models.Model):
    """A department, location or grade, created by name as the HR export mentions it."""

    NOT_CONFIDENTIAL = ("name",)

    name = models.CharField(max_length=200, unique=True)

    objects = NamedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(NamedRecord):
    pass


class Location(NamedRecord):
    pass


MOST_SENIORITY = 1000


class Grade(NamedRecord):
    seniority = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MOST_SENIORITY)],
        help_text="Higher is more senior. Matching uses it to compare grades; blank if unknown.",
    )

    class Meta:
        ordering = ["seniority", "name"]


_CHAIN_ABOVE = """
    WITH RECURSIVE chain(id) AS (
        SELECT line_manager_id FROM {table} WHERE id = %s
        UNION
        SELECT s.line_manager_id FROM {table} s JOIN chain c ON s.id = c.id
    )
    SELECT id FROM chain WHERE id IS NOT NULL
"""
_CHAIN_BELOW = """
    WITH RECURSIVE chain(id) AS (
        SELECT id FROM {table} WHERE line_manager_id = %s
        UNION
        SELECT s.id FROM {table} s JOIN chain c ON s.line_manager_id = c.id
    )
    SELECT id FROM chain
"""


class StaffMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def managers_of(self, staff_member):
        """Everyone above this person in their management chain, in one query."""
        sql = _CHAIN_ABOVE.format(table=self.model._meta.db_table)
        return self.filter(pk__in=RawSQL(sql, [staff_member.pk]))

    def reports_of(self, staff_member):
        """Everyone below this person in the management tree, at any depth, in one query."""
        sql = _CHAIN_BELOW.format(table=self.model._meta.db_table)
        return self.filter(pk__in=RawSQL(sql, [staff_member.pk]))

    def visible_to(self, user):
        """Staff records a user may open: coordinators see everyone, others themselves and
        the people they manage, directly or further down."""
        from .permissions import is_coordinator

        if not user.is_authenticated:
            return self.none()
        if is_coordinator(user):
            return self.all()
        me = getattr(user, "staff_member", None)
        if me is None:
            return self.none()
        sql = _CHAIN_BELOW.format(table=self.model._meta.db_table)
        return self.filter(Q(pk=me.pk) | Q(pk__in=RawSQL(sql, [me.pk])))

    def with_details(self):
        return self.select_related("department", "location", "grade", "line_manager")


class StaffMember(models.Model):
    """A person's HR record (PEOPLE-1), kept up to date from the HR system's export."""

    NOT_CONFIDENTIAL = (
        "first_name",
        "last_name",
        "work_email",
        "job_title",
        "external_organisation",
        "identity_id",
    )

    class Hours(models.TextChoices):
        FULL_TIME = "full_time", "Full time"
        PART_TIME = "part_time", "Part time"

    class Contract(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        TEMPORARY = "temporary", "Temporary"

    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff_member"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    work_email = models.EmailField(unique=True)
    job_title = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    grade = models.ForeignKey(
        Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    hours = models.CharField(max_length=20, choices=Hours, default=Hours.FULL_TIME)
    contract = models.CharField(max_length=20, choices=Contract, default=Contract.PERMANENT)
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports"
    )
    is_active = models.BooleanField("active", default=True)
    is_external = models.BooleanField(
        "external participant",
        default=False,
        help_text="From a community or partner organisation rather than on the payroll.",
    )
    external_organisation = models.CharField(max_length=200, blank=True)
    identity_id = models.CharField(
        "id in the identity provider",
        max_length=200,
        blank=True,
        db_index=True,
        help_text="Set by provisioning (SCIM's externalId), never by the staff import.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]  # pk: pages never repeat or skip anyone
        permissions = [
            ("coordinate_programmes", "Can coordinate mentoring programmes"),
            ("read_monitoring_reports", "Can read anonymised monitoring reports"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(line_manager=F("pk")),
                name="staff_not_own_line_manager",
                violation_error_message="Nobody can be their own line manager.",
            ),
            models.CheckConstraint(
                condition=Q(is_external=False) | ~Q(external_organisation=""),
                name="external_staff_have_organisation",
                violation_error_message="Give the organisation of an external participant.",
            ),
            models.CheckConstraint(
                condition=Q(work_email=models.functions.Lower("work_email")),
                name="staff_work_email_lower_case",
                violation_error_message="Write the work email in lower case.",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        super().clean()
        self.work_email = normalise_email(self.work_email)
        manager = self.line_manager
        if (
            manager
            and self.pk
            and (
                manager.pk == self.pk
                or StaffMember.objects.managers_of(manager).filter(pk=self.pk).exists()
            )
        ):
            raise ValidationError(
                {"line_manager": f"{manager} is managed by {self}: that would make a loop."}
            )


class EqualityAnswers(models.Model):
    """One person's optional, self-declared equality monitoring answers (PEOPLE-2).

    Deliberately not linked to the person: the key is a keyed hash of their staff record that
    only `people/equality.py` computes, so no relation, admin page, form or export can reach
    these answers from a person or a person from them. Only aggregate reports read them.
    """

    PREFER_NOT = ("prefer_not", "Prefer not to say")
    # Confidential, and read one by one by nobody (not the Reader, nor the admin site);
    # never erased by retention, which counts from relationships they are not linked to.
    CONFIDENTIAL = Confidential(
        content="equality answers",
        text=("ethnicity_other", "religion_other", "sexual_orientation_other"),
        kept=("subject_key",),
        erase=None,
    )

    subject_key = models.CharField(max_length=64, unique=True)
    age_band = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("16_24", "16 to 24"),
            ("25_34", "25 to 34"),
            ("35_44", "35 to 44"),
            ("45_54", "45 to 54"),
            ("55_64", "55 to 64"),
            ("65_plus", "65 or over"),
            PREFER_NOT,
        ],
    )
    sex = models.CharField(
        max_length=20, blank=True, choices=[("female", "Female"), ("male", "Male"), PREFER_NOT]
    )
    gender_identity = models.CharField(
        "is your gender the same as the sex you were registered at birth?",
        max_length=20,
        blank=True,
        choices=[("yes", "Yes"), ("no", "No"), PREFER_NOT],
    )
    gender_reassignment = models.CharField(
        "have you gone through, or are you going through, gender reassignment?",
        max_length=20,
        blank=True,
        choices=[("yes", "Yes"), ("no", "No"), PREFER_NOT],
    )
    disability = models.CharField(
        "do you consider yourself to have a disability or long-term condition?",
        max_length=20,
        blank=True,
        choices=[("yes", "Yes"), ("no", "No"), PREFER_NOT],
    )
    ethnicity = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("asian", "Asian or Asian British"),
            ("black", "Black, Black British, Caribbean or African"),
            ("mixed", "Mixed or multiple ethnic groups"),
            ("white", "White"),
            ("other", "Another ethnic group"),
            PREFER_NOT,
        ],
    )
    ethnicity_other = models.CharField("ethnic group, in your words", max_length=100, blank=True)
    religion = models.CharField(
        "religion or belief",
        max_length=20,
        blank=True,
        choices=[
            ("none", "No religion"),
            ("buddhist", "Buddhist"),
            ("christian", "Christian"),
            ("hindu", "Hindu"),
            ("jewish", "Jewish"),
            ("muslim", "Muslim"),
            ("sikh", "Sikh"),
            ("other", "Another religion or belief"),
            PREFER_NOT,
        ],
    )
    religion_other = models.CharField(
        "religion or belief, in your words", max_length=100, blank=True
    )
    sexual_orientation = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("heterosexual", "Heterosexual or straight"),
            ("gay_lesbian", "Gay or lesbian"),
            ("bisexual", "Bisexual"),
            ("other", "Another sexual orientation"),
            PREFER_NOT,
        ],
    )
    sexual_orientation_other = models.CharField(
        "sexual orientation, in your words", max_length=100, blank=True
    )
    caring_responsibilities = models.CharField(
        "do you have caring responsibilities?",
        max_length=20,
        blank=True,
        choices=[("yes", "Yes"), ("no", "No"), PREFER_NOT],
    )
    answered_on = models.DateField(auto_now=True)

    class Meta:
        verbose_name_plural = "equality answers"

    def __str__(self):
        return "Equality monitoring answers"


class ProvisioningTokenQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(revoked_at__isnull=True)


class ProvisioningToken(models.Model):
    """A bearer token that lets an identity provider (Entra ID) keep the staff records in step
    through SCIM. Only its hash is kept: the token itself is shown once, when it is made."""

    NOT_CONFIDENTIAL = ("name", "token_hash")

    name = models.CharField(max_length=100, help_text="Say what uses it, e.g. “Entra ID”.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ProvisioningTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name


class CalendarFeedQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A person's private calendar subscription: its secret address carries their meetings and
    due dates, to anyone who has it. Only a hash of the secret is kept, so the address is shown
    once, when it is made; a new one replaces the old."""

    NOT_CONFIDENTIAL = ("token_hash",)

    person = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(revoked_at__isnull=True),
                name="one_calendar_feed_in_use_per_person",
            )
        ]

    def __str__(self):
        return f"Calendar feed of {self.person}"
