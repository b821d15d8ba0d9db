from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from mentoring.fields import COMMENT, DOCUMENT, LONG_TEXT, LimitedTextField
from mentoring.people.models import StaffMember

from .training_kinds import (
    TrainingKind,
    mentee_induction_counts,
    mentor_training_counts,
    training_words,
)

MOST_NOTICE_DAYS = 30
MOST_END_NOTICE_DAYS = 90
MOST_NUDGE_DAYS = 60
MOST_RETENTION_MONTHS = 120


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators see every programme; everyone else the ones open or running."""
        from mentoring.people.permissions import is_coordinator

        if not user.is_authenticated:
            return self.none()
        if is_coordinator(user):
            return self.all()
        return self.filter(status__in=Programme.PUBLIC_STATUSES, archived_at__isnull=True)

    def current(self):
        return self.filter(archived_at__isnull=True)


AGREEMENT_CLAUSES = {
    "expectations": "agreement_expectations",
    "mentor_role": "agreement_mentor_role",
    "mentee_role": "agreement_mentee_role",
    "confidentiality": "agreement_confidentiality",
    "feedback": "agreement_feedback",
    "ground_rules": "agreement_ground_rules",
    "next_steps": "agreement_next_steps",
}
AGREEMENT_CLAUSE_FIELDS = tuple(AGREEMENT_CLAUSES.values())


def _clause(label, help_text=""):
    return LimitedTextField(label, blank=True, help_text=help_text, max_length=LONG_TEXT)


class Programme(models.Model):
    """A mentoring programme and the rules it runs by (PRG-1..3)."""

    NOT_CONFIDENTIAL = (
        "name",
        "purpose",
        "objectives",
        "expected_outcomes",
        "how_to_apply",
        "preset",
        *AGREEMENT_CLAUSE_FIELDS,
        "mentor_training_kinds",  # kinds of session, from a list
        "mentee_training_kinds",
        "other_models",  # models, from a list
    )
    # The agreement's clauses this programme writes for its pairs, by the agreement's own
    # clause names; an empty one leaves the portal's general wording.
    AGREEMENT_CLAUSES = AGREEMENT_CLAUSES
    AGREEMENT_CLAUSE_FIELDS = AGREEMENT_CLAUSE_FIELDS

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for applications"
        RUNNING = "running", "Running"
        CLOSED = "closed", "Closed"

    class Model(models.TextChoices):
        ONE_TO_ONE = "one_to_one", "One-to-one (traditional)"
        REVERSE = "reverse", "Reverse mentoring"
        RECIPROCAL = "reciprocal", "Reciprocal mentoring"
        GROUP = "group", "Group (one mentor, up to four mentees)"
        TWO_BY_TWO = "two_by_two", "Two-by-two (two mentors, two mentees)"
        TEAM = "team", "Team (one or two mentors with a team)"

    class MatchingMode(models.TextChoices):
        COORDINATOR = "coordinator", "The coordinator matches"
        DIRECTORY = "directory", "Mentees choose from the mentor directory"
        SUGGESTED = "suggested", "Suggested by the coordinator, then chosen"

    PUBLIC_STATUSES = [Status.OPEN, Status.RUNNING]
    # The models a programme may form besides its own: those a coordinator forms by hand.
    OTHER_MODELS = [Model.ONE_TO_ONE, Model.GROUP, Model.TWO_BY_TWO, Model.TEAM]
    MODELS_WITH_ONE_MENTEE = [Model.ONE_TO_ONE, Model.REVERSE, Model.RECIPROCAL]

    name = models.CharField(max_length=200)
    purpose = LimitedTextField(
        help_text="Why the programme exists and what it aims to do.", max_length=LONG_TEXT
    )
    objectives = LimitedTextField(blank=True, max_length=LONG_TEXT)
    expected_outcomes = LimitedTextField(blank=True, max_length=LONG_TEXT)
    how_to_apply = LimitedTextField(
        blank=True,
        help_text="Shown on the programme page to everyone who may apply.",
        max_length=LONG_TEXT,
    )
    coordinators = models.ManyToManyField(
        StaffMember, related_name="coordinated_programmes", blank=True
    )
    sponsor = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    archived_at = models.DateTimeField(null=True, blank=True)
    preset = models.CharField(max_length=40, blank=True, help_text="The policy it started from.")

    mentoring_model = models.CharField(max_length=20, choices=Model, default=Model.ONE_TO_ONE)
    other_models = models.JSONField(
        "other models it may also form",
        default=list,
        blank=True,
        help_text="Besides its own model, the coordinator may form these by hand (two "
        "or more models in a single programme).",
    )
    matching_mode = models.CharField(
        max_length=20, choices=MatchingMode, default=MatchingMode.COORDINATOR
    )
    mentee_manager_approval = models.BooleanField(
        "mentees need their line manager's approval", default=True
    )
    mentor_manager_approval = models.BooleanField(
        "mentors need their line manager's approval", default=True
    )
    manager_asked_about_mentor = models.BooleanField(
        "the mentee's line manager is asked about the proposed mentor",
        default=False,
        help_text="They see the mentor's name and job title, and can support the choice or "
        "raise a concern before you approve it.",
    )
    mentor_training_required = models.BooleanField(
        "mentors must complete training before matching", default=True
    )
    mentee_induction_required = models.BooleanField(
        "mentees must complete an induction before matching", default=False
    )
    mentor_training_kinds = models.JSONField(
        "training that counts for mentors",
        default=mentor_training_counts,
        blank=True,
        help_text="The kinds of session a mentor must have attended.",
    )
    mentee_training_kinds = models.JSONField(
        "training that counts for mentees",
        default=mentee_induction_counts,
        blank=True,
        help_text="The kinds of session a mentee must have attended.",
    )
    mentor_capacity = models.PositiveSmallIntegerField("most mentees a mentor may take", default=1)
    whole_management_chain_barred = models.BooleanField(
        "nobody is mentored by anyone above or below them in their management chain",
        default=False,
        help_text="Nobody ever mentors someone they directly line manage. On keeps mentoring "
        "out of the whole reporting line, as a private, non-reporting relationship; off allows "
        "pairs across it, such as a junior officer mentoring a senior one in reverse mentoring.",
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        "a mentee's request to a mentor lapses after (days)",
        default=14,
        validators=[MinValueValidator(1)],
        help_text="Used when mentees choose from the mentor directory.",
    )
    group_size_min = models.PositiveSmallIntegerField("smallest group of mentees", default=1)
    group_size_max = models.PositiveSmallIntegerField("largest group of mentees", default=1)
    length_min_months = models.PositiveSmallIntegerField(
        "shortest relationship (months)", null=True, blank=True
    )
    length_max_months = models.PositiveSmallIntegerField(
        "longest relationship (months)", null=True, blank=True
    )
    sessions_min = models.PositiveSmallIntegerField("fewest sessions", null=True, blank=True)
    sessions_max = models.PositiveSmallIntegerField("most sessions", null=True, blank=True)
    meeting_interval_weeks = models.PositiveSmallIntegerField(
        "meet at least every (weeks)",
        null=True,
        blank=True,
        help_text="4 for monthly, 13 for quarterly. Relationships that go longer are flagged.",
    )
    contact_interval_weeks = models.PositiveSmallIntegerField(
        "keep in contact at least every (weeks)", null=True, blank=True
    )
    in_person_meetings_per_year = models.PositiveSmallIntegerField(
        "meetings in person each year (at least)", null=True, blank=True
    )
    meeting_minutes_min = models.PositiveSmallIntegerField(
        "shortest meeting (minutes)", null=True, blank=True
    )
    meeting_minutes_max = models.PositiveSmallIntegerField(
        "longest meeting (minutes)", null=True, blank=True
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "review the relationship every (months)", null=True, blank=True
    )
    coordinator_reads_meeting_logs = models.BooleanField(
        "the coordinator may read meeting logs",
        default=False,
        help_text="Also agreements, action plans and reviews. Off keeps the relationship "
        "private to the pair, as Fun Foundations' policy does; on follows the SSSC's guidance. "
        "Switching it on applies only to what is written from then on.",
    )
    coordinator_reads_meeting_logs_since = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was last switched on."
    )
    agreement_required = models.BooleanField(
        "everyone signs the mentoring agreement before it starts",
        default=True,
        help_text="Off makes the agreement optional: a relationship starts once everyone "
        "says yes after the introductory meeting.",
    )
    plan_after_each_meeting = models.BooleanField(
        "the mentee completes the action plan after each meeting",
        default=False,
        help_text="The meeting log then leads the mentee to the action plan and says so, as "
        "the West Suffolk councils' mentoring contract asks.",
    )
    agreement_expectations = _clause(
        "the agreement's expectations of each other",
        "Left empty, the pair write their own.",
    )
    agreement_mentor_role = _clause(
        "the mentor's role, as the agreement puts it",
        "One duty a line. Left empty, the agreement uses the portal's general wording.",
    )
    agreement_mentee_role = _clause(
        "the mentee's role, as the agreement puts it",
        "One duty a line. Left empty, the agreement uses the portal's general wording.",
    )
    agreement_confidentiality = _clause(
        "the agreement's confidentiality clause",
        "Left empty, the agreement uses the portal's general wording and its limits.",
    )
    agreement_feedback = _clause(
        "the agreement's feedback clause",
        "Left empty, the agreement uses the portal's general wording.",
    )
    agreement_ground_rules = _clause(
        "the agreement's ground rules and ways of working",
        "Left empty, the pair write their own.",
    )
    agreement_next_steps = _clause(
        "the agreement's next steps",
        "Such as concerns to resolve and what the first meeting will focus on. Left empty, "
        "the agreement has no next steps.",
    )
    coordinator_reads_evaluation_text = models.BooleanField(
        "the coordinator may read what people write in evaluations",
        default=False,
        help_text="Ratings and choices always reach the coordinator; written answers only "
        "with this on (Cleveland Police's policy returns the review form to the coordinator), "
        "and only those written from then on.",
    )
    coordinator_reads_evaluation_text_since = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was last switched on."
    )
    report_includes_free_text = models.BooleanField(
        "monitoring reports may quote written evaluation answers",
        default=False,
        help_text="Off keeps written answers out of every report.",
    )
    notice_days = models.PositiveSmallIntegerField(
        "remind people this many days before something falls due",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(MOST_NOTICE_DAYS)],
        help_text="Actions and evaluation forms.",
    )
    end_notice_days = models.PositiveSmallIntegerField(
        "tell the pair this many days before the planned end",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(MOST_END_NOTICE_DAYS)],
    )
    nudge_every_days = models.PositiveSmallIntegerField(
        "remind again every (days) while something waits or is overdue",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(MOST_NUDGE_DAYS)],
        help_text="Approvals, decisions, agreements to sign, overdue actions and forms, "
        "missed meetings and reviews due.",
    )
    retention_months = models.PositiveSmallIntegerField(
        "keep what was written in a relationship for (months) after it ends",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(MOST_RETENTION_MONTHS)],
        help_text="Then agreements, logs, plans, reviews, concerns and written evaluation "
        "answers are erased. Who took part, dates, meeting counts and ratings stay for the "
        "reports.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mentor_capacity__gte=1), name="programme_capacity_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(group_size_min__gte=1) & Q(group_size_min__lte=F("group_size_max")),
                name="programme_group_size_from_one",
            ),
            models.CheckConstraint(
                condition=~Q(mentoring_model="reverse") | Q(mentor_capacity=1),
                name="programme_reverse_is_one_to_one",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{low}__isnull": True})
                    | Q(**{f"{high}__isnull": True})
                    | Q(**{f"{low}__lte": F(high)}),
                    name=f"programme_{low}_not_above_max",
                )
                for low, high in [
                    ("length_min_months", "length_max_months"),
                    ("sessions_min", "sessions_max"),
                    ("meeting_minutes_min", "meeting_minutes_max"),
                ]
            ],
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.pk])

    TAG_COLOURS = {"open": "green", "running": "blue"}  # any other status: grey

    @property
    def tag_colour(self):
        return self.TAG_COLOURS.get(self.status, "grey")

    @property
    def cadence_weeks(self):
        """How often a pair should meet: the meeting interval, else the contact interval."""
        return self.meeting_interval_weeks or self.contact_interval_weeks

    @property
    def mentees_choose(self):
        """Mentees choose their mentor from the directory (with or without suggestions)."""
        return self.matching_mode in (self.MatchingMode.DIRECTORY, self.MatchingMode.SUGGESTED)

    @property
    def allowed_models(self):
        """Its own model first, then the others it may also form, in the list's order."""
        others = [m for m in self.OTHER_MODELS if m in (self.other_models or [])]
        return [self.mentoring_model, *[m for m in others if m != self.mentoring_model]]

    @property
    def is_archived(self):
        return self.archived_at is not None

    def rules_in_words(self):
        """The programme's rules as a member of staff would read them on its page."""
        rules = [
            ("Mentoring model", self.get_mentoring_model_display()),
            ("Matching", self.get_matching_mode_display()),
            ("Line manager's approval", _approval_words(self)),
            ("Training", _training_words(self)),
            ("Mentees per mentor", f"Up to {self.mentor_capacity}"),
            *_other_models_rule(self),
            ("Line management", _line_management_words(self)),
        ]
        if self.group_size_max > 1:
            rules.append(("Group size", f"{self.group_size_min} to {self.group_size_max}"))
        optional = [
            ("Length", _range(self.length_min_months, self.length_max_months, "months")),
            ("Sessions", _range(self.sessions_min, self.sessions_max, "sessions")),
            ("Meetings", _meeting_words(self)),
            (
                "Meeting length",
                _range(self.meeting_minutes_min, self.meeting_minutes_max, "minutes"),
            ),
            (
                "Reviews",
                self.review_interval_months and f"Every {self.review_interval_months} months",
            ),
        ]
        rules += [(label, words) for label, words in optional if words]
        rules.append(
            (
                "Mentoring agreement",
                "Signed by everyone before the relationship starts"
                if self.agreement_required
                else "Optional",
            )
        )
        rules.append(
            (
                "Meeting logs",
                "Read by the coordinator"
                if self.coordinator_reads_meeting_logs
                else "Private to the mentor and mentee",
            )
        )
        rules.append(
            (
                "Reminders",
                f"{self.notice_days} days before an action or form is due; again every "
                f"{self.nudge_every_days} days while something waits",
            )
        )
        rules.append(
            (
                "What is written",
                f"Erased {self.retention_months} months after the relationship ends",
            )
        )
        return rules

    def clean(self):
        super().clean()
        errors = {}
        for low, high, what in RANGES:
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a > b:
                errors[low] = f"The shortest {what} cannot be more than the longest."
        if self.mentoring_model == self.Model.REVERSE and self.mentor_capacity != 1:
            errors["mentor_capacity"] = "Reverse mentoring pairs a mentor with one mentee: enter 1."
        if error := self._other_models_error():
            errors["other_models"] = error

        errors |= self._training_kinds_errors()
        group_error = self._group_size_error()
        if group_error:
            errors["group_size_max"] = group_error
        elif self.mentor_capacity < self.group_size_max:
            errors["mentor_capacity"] = "A mentor needs room for the largest group."
        if errors:
            raise ValidationError(errors)

    def _other_models_error(self):
        """Unknown models are refused; its own model among the others is simply dropped."""
        others = self.other_models or []
        if not isinstance(others, list) or any(m not in self.OTHER_MODELS for m in others):
            return "Choose from one-to-one, group, two-by-two and team."
        self.other_models = [m for m in others if m != self.mentoring_model]
        return ""

    TRAINING_RULES = {
        "mentor": ("mentor_training_required", "mentor_training_kinds"),
        "mentee": ("mentee_induction_required", "mentee_training_kinds"),
    }

    def training_required(self, role):
        return getattr(self, self.TRAINING_RULES[role][0])

    def training_that_counts(self, role):
        """The kinds of session that count as the training this role needs (003 §5.1)."""
        return list(getattr(self, self.TRAINING_RULES[role][1]))

    def training_that_counts_words(self, role):
        return training_words(self.training_that_counts(role))

    def _training_kinds_errors(self):
        errors = {}
        for role, (required, kinds) in self.TRAINING_RULES.items():
            chosen = getattr(self, kinds)
            if not isinstance(chosen, list) or not set(chosen) <= set(TrainingKind.values):
                errors[kinds] = "Choose from the list."
            elif getattr(self, required) and not chosen:
                errors[kinds] = f"Choose the training that counts for {role}s."
        return errors

    def _group_size_error(self):
        low, high = self.group_size_min, self.group_size_max
        if not 1 <= low <= high:
            return "The smallest group must be at least 1 and no larger than the largest."
        if self.mentoring_model in self.MODELS_WITH_ONE_MENTEE and high != 1:
            return "Only the group, two-by-two and team models have groups of mentees."
        if self.mentoring_model == self.Model.GROUP and high > 4:
            return "A mentoring group has one to four mentees."
        if self.mentoring_model == self.Model.TWO_BY_TWO and (low, high) != (2, 2):
            return "Two-by-two pairs two mentors with two mentees: enter 2 for both sizes."
        return ""


def _range(low, high, unit):
    if low and high:
        return f"{low} {unit}" if low == high else f"{low} to {high} {unit}"
    if high:
        return f"Up to {high} {unit}"
    if low:
        return f"At least {low} {unit}"
    return ""


def _who_needs(needed, done_words, none_words):
    who = [role for role, is_needed in needed if is_needed]
    return f"{done_words} {' and '.join(who)}" if who else none_words


def _approval_words(programme):
    needed = [
        ("mentees", programme.mentee_manager_approval),
        ("mentors", programme.mentor_manager_approval),
    ]
    return _who_needs(needed, "Needed for", "Not needed")


def _training_words(programme):
    needed = [
        (f"{role}s ({programme.training_that_counts_words(role)})", required)
        for role in ("mentor", "mentee")
        if (required := programme.training_required(role))
    ]
    return _who_needs(needed, "Needed before matching for", "Not required")


def _other_models_rule(programme):
    others = programme.allowed_models[1:]
    if not others:
        return []
    labels = dict(Programme.Model.choices)
    return [("Also forms", "; ".join(labels[m] for m in others))]


def _line_management_words(programme):
    if programme.whole_management_chain_barred:
        return "Nobody is mentored by anyone above or below them in their management chain"
    return "Nobody mentors someone they directly line manage"


def _meeting_words(programme):
    parts = []
    if programme.meeting_interval_weeks:
        parts.append(f"at least every {programme.meeting_interval_weeks} weeks")
    if programme.contact_interval_weeks:
        parts.append(f"in contact every {programme.contact_interval_weeks} weeks")
    if programme.in_person_meetings_per_year:
        parts.append(f"{programme.in_person_meetings_per_year} in person a year")
    return ", ".join(parts).capitalize()


RANGES = [
    ("length_min_months", "length_max_months", "relationship"),
    ("sessions_min", "sessions_max", "number of sessions"),
    ("meeting_minutes_min", "meeting_minutes_max", "meeting"),
]


class Policy(models.Model):
    """The programme's policy document and its version record (PRG-4)."""

    # the policy every member reads
    NOT_CONFIDENTIAL = ("title", "text", "version", "owner", "based_on")

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="policy")
    title = models.CharField(max_length=200)
    text = LimitedTextField(
        blank=True, help_text="The policy as staff should read it.", max_length=DOCUMENT
    )
    version = models.CharField(max_length=20, blank=True)
    owner = models.CharField(max_length=200, blank=True, help_text="Who owns and reviews it.")
    approved_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    based_on = models.CharField(
        max_length=300, blank=True, help_text="The published policy it started from."
    )

    class Meta:
        verbose_name_plural = "policies"

    def __str__(self):
        return f"{self.title} {self.version}".strip()


class PolicyRevision(models.Model):
    NOT_CONFIDENTIAL = ("version", "reason", "author")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="revisions")
    version = models.CharField(max_length=20, blank=True)
    revised_on = models.DateField()
    reason = LimitedTextField(max_length=COMMENT)
    author = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["revised_on", "pk"]

    def __str__(self):
        return f"{self.version} ({self.revised_on})"


def per_programme(setting, condition, *paths):
    """A filter that applies `condition(value)` to the records whose programme (reached by any
    of `paths`) has that value of `setting`, for each value in use: one more query, and one
    term for each distinct value rather than each programme."""
    values = Programme.objects.order_by().values_list(setting, flat=True).distinct()
    terms = Q(pk__in=[])
    for value in values:
        for path in paths:
            terms |= Q(**{f"{path}__{setting}": value}) & condition(value)
    return terms
