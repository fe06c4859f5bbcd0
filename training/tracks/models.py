"""Tracks: a named programme made of stages made of ordered steps, and the exercises steps name.
A track file (``trackfile``) is their text form."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from training.teams.models import ReviewCadence

from . import readiness


class RenewalBasis(models.TextChoices):
    COMPLETION = "completion", "From the completion date"
    PREVIOUS_EXPIRY = "previous_expiry", "From the previous expiry"
    FIXED_DATE = "fixed_date", "A fixed date each year"


class TeamAssessment(models.TextChoices):
    NONE = "none", "Not part of the currency rule"
    REQUIRED = "required", "A missed team assessment makes the certification lapse"


class TrackQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Track(models.Model):
    """A training programme. Importing a changed track file makes a new row (a new version) with
    the same slug; enrollments keep the row they started on."""

    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=200, blank=True)
    hours = models.CharField(max_length=40, blank=True, help_text="Estimated effort, e.g. 6-8")
    validity_months = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long a certificate from this track stays valid."
    )
    author_version = models.CharField(
        max_length=40, blank=True,
        help_text="The version the track file gives itself (its 'version:' line), kept as written.",
    )
    separation_of_duties = models.BooleanField(
        default=True,
        help_text="The engineer, the witness (mentor or host) and the approver must be three people.",
    )
    readiness = models.JSONField(
        default=list, blank=True,
        help_text='The readiness checklist: [{"group": "Core knowledge", "items": ["..."]}, ...]',
    )
    levels = models.JSONField(
        default=list, blank=True,
        help_text='Readiness levels reached at the end of a stage, as the file writes them: '
                  '[{"stage": "Week 2", "levels": ["Support rota"]}, ...] (training.levels).',
    )
    # Recertification (Totara-style): a window before expiry, how the next expiry is computed,
    # an optional shorter refresh track, a currency rule and a review cadence.
    recert_window_days = models.PositiveIntegerField(
        default=30, help_text="Days before expiry when recertification opens (the certification is due).")
    renewal_basis = models.CharField(max_length=16, choices=RenewalBasis.choices, default=RenewalBasis.COMPLETION)
    renewal_month = models.PositiveSmallIntegerField(null=True, blank=True)
    renewal_day = models.PositiveSmallIntegerField(null=True, blank=True)
    min_active_days = models.PositiveIntegerField(
        default=0, help_text="A renewed certificate stays valid at least this many days.")
    refresh_track_slug = models.SlugField(max_length=80, blank=True,
                                          help_text="The shorter track that renews this certificate.")
    currency_months = models.PositiveIntegerField(
        null=True, blank=True, help_text="Due when the engineer had no confirmed shift for this many months.")
    review_cadence = models.CharField(max_length=10, choices=ReviewCadence.choices, default=ReviewCadence.NONE)
    # "required": a team assessment (``training.assignments``) missed past its due date makes the
    # certification due and lapsed, as a missing shift does under ``currency_months``.
    team_assessment = models.CharField(max_length=10, choices=TeamAssessment.choices, default=TeamAssessment.NONE)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="track_slug_version_unique"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(is_current=True), name="track_one_current_version"
            ),
            models.CheckConstraint(
                condition=~Q(renewal_basis="fixed_date")
                | (Q(renewal_month__gte=1, renewal_month__lte=12) & Q(renewal_day__gte=1, renewal_day__lte=31)),
                name="track_fixed_renewal_date_set",
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self):
        return reverse("training:track_detail", args=[self.slug, self.version])

    @property
    def readiness_checklist(self):
        """The readiness items, in order, each with the evidence it names (``readiness``)."""
        return readiness.checklist(self.readiness)

    @property
    def readiness_items(self):
        """Flat list of (group, item) pairs, in order; an item without its evidence block."""
        return [item.pair for item in self.readiness_checklist]


class StageQuerySet(models.QuerySet):
    def weeks(self):
        """The stages of the training itself, one per week: the countdown to the first on-call
        shift (a last stage of steps ``before_first_shift``) comes after the sign-off."""
        return self.exclude(steps__before_first_shift__isnull=False)


class Stage(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["track", "order"]
        constraints = [
            models.UniqueConstraint(fields=["track", "order"], name="stage_order_unique"),
        ]

    def __str__(self):
        return self.title


class Exercise(models.Model):
    """A hands-on exercise: objectives, duration, numbered instructions, sign-off checklist."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    objectives = models.JSONField(default=list, blank=True)
    duration_minutes = models.PositiveIntegerField(default=30)
    instructions = models.JSONField(default=list, blank=True)
    checklist = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class StepKind(models.TextChoices):
    READ = "read", "Read"
    EXERCISE = "exercise", "Exercise"
    QUIZ = "quiz", "Quiz"
    SHADOW = "shadow", "Shadow shifts"
    VALIDATION = "validation", "Scenario validation"
    CHECKLIST = "checklist", "Checklist item"
    SIGNOFF = "signoff", "Manager sign-off"


# What a step of each kind links to (``Step.target_noun``, ``linking``).
TARGET_NOUNS = {StepKind.READ: "document", StepKind.EXERCISE: "exercise", StepKind.QUIZ: "quiz",
                StepKind.VALIDATION: "quiz"}


class Step(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="steps")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(help_text="Position in the whole track.")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=StepKind.choices)
    # A document slug (read), a quiz slug (quiz, validation); exercises use the foreign key.
    ref = models.CharField(max_length=120, blank=True)
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, null=True, blank=True)
    hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    lead_shifts = models.PositiveIntegerField(default=0)
    required = models.BooleanField(default=True)
    source_line = models.PositiveIntegerField(default=0)
    # A read, exercise or quiz step whose target could not be found when the file was imported:
    # ``ref`` keeps the slug the file gave, if any; the title, the words that name it.
    linked = models.BooleanField(
        default=True,
        help_text="False until the step's document, exercise or quiz is linked: it cannot be done before.")
    sections = models.CharField(max_length=100, blank=True,
                                help_text="The part of the document to read, as the step says it: \"sections 1-4\".")
    # A step of the countdown to the first on-call shift (``countdown``): due this long before it,
    # ticked once the first shifts are scheduled (``training.rota``), never required for the sign-off.
    before_first_shift = models.DurationField(
        null=True, blank=True, help_text="Due this long before the engineer's first on-call shift (0: its morning).")
    estimate_minutes = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="The time the step takes, as the track file estimates it ({minutes: 90}).")
    # A reading step done by walking its decision tree to this outcome in practice mode
    # (``{walk: tree-5/restore-the-pool}``), not by "I have read it".
    walk = models.CharField(max_length=250, blank=True,
                            help_text="The outcome a practice walk of the tree must reach: tree-5/restore-the-pool.")

    class Meta:
        ordering = ["track", "order"]
        constraints = [
            models.UniqueConstraint(fields=["track", "order"], name="step_order_unique"),
            models.CheckConstraint(
                condition=~Q(kind="exercise") | Q(exercise__isnull=False) | Q(linked=False),
                name="step_exercise_has_exercise",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def target_noun(self):
        """What the step links to: "document", "exercise" or "quiz"; empty for other kinds."""
        return TARGET_NOUNS.get(self.kind, "")

    @property
    def is_countdown(self):
        return self.before_first_shift is not None

    @property
    def needs_witness(self):
        return self.kind in (StepKind.EXERCISE, StepKind.SHADOW)
