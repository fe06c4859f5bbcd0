from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

User = settings.AUTH_USER_MODEL


def person_name(user):
    """How the site names a person: their full name, else their username."""
    return user.get_full_name() or user.get_username()


class ReviewCadence(models.TextChoices):
    NONE = "none", "No periodic review"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class TeamQuerySet(models.QuerySet):
    def managed_by(self, user):
        return self.filter(manager=user)

    def of_member(self, user):
        return self.filter(members=user)


class Team(models.Model):
    """An operations team: the manager of an engineer is the manager of one of their teams."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    manager = models.ForeignKey(User, on_delete=models.PROTECT, related_name="managed_teams")
    members = models.ManyToManyField(User, related_name="teams", blank=True)
    review_cadence = models.CharField(
        max_length=10, choices=ReviewCadence.choices, default=ReviewCadence.NONE,
        help_text="How often the manager reviews each certified engineer (a track may ask for more).")

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            (
                "manage_training",
                "Training admin: author content, tracks and quizzes, see every report",
            ),
        ]

    def __str__(self):
        return self.name


# --- Tracks -------------------------------------------------------------------------------


class RenewalBasis(models.TextChoices):
    COMPLETION = "completion", "From the completion date"
    PREVIOUS_EXPIRY = "previous_expiry", "From the previous expiry"
    FIXED_DATE = "fixed_date", "A fixed date each year"


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
    separation_of_duties = models.BooleanField(
        default=True,
        help_text="The engineer, the witness (mentor or host) and the approver must be three people.",
    )
    readiness = models.JSONField(
        default=list, blank=True,
        help_text='The readiness checklist: [{"group": "Core knowledge", "items": ["..."]}, ...]',
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
    def readiness_items(self):
        """Flat list of (group, item) pairs, in order."""
        return [(group["group"], item) for group in self.readiness for item in group["items"]]


class Stage(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

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

    class Meta:
        ordering = ["track", "order"]
        constraints = [
            models.UniqueConstraint(fields=["track", "order"], name="step_order_unique"),
            models.CheckConstraint(
                condition=~Q(kind="exercise") | Q(exercise__isnull=False),
                name="step_exercise_has_exercise",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def needs_witness(self):
        return self.kind in (StepKind.EXERCISE, StepKind.SHADOW)


# --- Enrollments --------------------------------------------------------------------------


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", "In training"
    READY = "ready", "Ready for on-call"
    WITHDRAWN = "withdrawn", "Withdrawn"


def managed_by_q(user, enrollment=""):
    """The condition "``user`` answers for this enrollment as its manager": named on it, or
    managing the engineer's team. ``enrollment`` is the lookup path to the enrollment from the
    model filtered ("" for Enrollment itself, e.g. "progress__enrollment" for exercise logs)."""
    prefix = f"{enrollment}__" if enrollment else ""
    managed = Team.objects.filter(manager=user, members=OuterRef(f"{prefix}engineer"))
    return Q(**{f"{prefix}manager": user}) | Exists(managed)


class EnrollmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Enrollments ``user`` may see: their own, those they mentor, those of the teams they
        manage; a training admin sees all."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("training.manage_training"):
            return self
        return self.filter(Q(engineer=user) | Q(mentor=user) | managed_by_q(user))

    def managed_by(self, user):
        """Enrollments a manager answers for: named on them, or managing the engineer's team."""
        return self.filter(managed_by_q(user))

    def active(self):
        return self.filter(status=EnrollmentStatus.ACTIVE)

    def for_team(self, team):
        return self.filter(engineer__teams=team)

    def with_people(self):
        return self.select_related("engineer", "manager", "mentor", "track")


class Enrollment(models.Model):
    engineer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="enrollments")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="enrollments")
    manager = models.ForeignKey(User, on_delete=models.PROTECT, related_name="managed_enrollments")
    mentor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="mentored_enrollments"
    )
    start_date = models.DateField(default=timezone.localdate)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ACTIVE
    )
    # Denormalised progress, kept in the same transaction as every step change.
    steps_total = models.PositiveIntegerField(default=0)
    steps_done = models.PositiveIntegerField(default=0)
    readiness_completed_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    renews = models.ForeignKey(
        "Certificate", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals",
        help_text="The certificate this (refresh) enrollment renews when it is signed off.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["engineer", "track"],
                condition=Q(status="active"),
                name="enrollment_one_active_per_track",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("engineer")), name="enrollment_mentor_not_engineer"
            ),
            models.CheckConstraint(
                condition=~Q(manager=models.F("engineer")), name="enrollment_manager_not_engineer"
            ),
        ]

    def __str__(self):
        return f"{self.engineer} on {self.track}"

    @property
    def percent(self):
        if not self.steps_total:
            return 0
        return round(100 * self.steps_done / self.steps_total)

    @property
    def is_overdue(self):
        return (
            self.status == EnrollmentStatus.ACTIVE
            and self.target_date is not None
            and self.target_date < timezone.localdate()
        )


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Waiting for sign-off"
    RETURNED = "returned", "Returned"
    DONE = "done", "Done"


class StepProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enrollment", "step__order"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step"], name="progress_unique_step"),
        ]
        indexes = [models.Index(fields=["enrollment", "status"])]

    def __str__(self):
        return f"{self.step} · {self.get_status_display()}"

    @property
    def is_done(self):
        return self.status == ProgressStatus.DONE


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for verification"
    RETURNED = "returned", "Returned"
    VERIFIED = "verified", "Verified"


class ExerciseLog(models.Model):
    """One submission of evidence for an exercise step; a resubmission is a new log."""

    progress = models.ForeignKey(StepProgress, on_delete=models.CASCADE, related_name="exercise_logs")
    notes = models.TextField()
    checklist_ticks = models.JSONField(default=list, help_text="Indexes of ticked checklist items.")
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.SUBMITTED)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["progress"], condition=Q(state="submitted"), name="one_pending_log_per_step"
            ),
        ]

    def __str__(self):
        return f"Exercise log {self.pk} ({self.get_state_display()})"


class ShiftRole(models.TextChoices):
    OBSERVE = "observe", "Observe"
    ASSIST = "assist", "Assist"
    LEAD = "lead", "Lead (reverse shadow)"


class ShiftState(models.TextChoices):
    PENDING = "pending", "Waiting for the host"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"


class ShadowShiftQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            Q(host=user) | Q(progress__enrollment__in=Enrollment.objects.visible_to(user))
        )

    def confirmed(self):
        return self.filter(state=ShiftState.CONFIRMED)


class ShadowShift(models.Model):
    progress = models.ForeignKey(StepProgress, on_delete=models.CASCADE, related_name="shadow_shifts")
    date = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=1)
    host = models.ForeignKey(User, on_delete=models.PROTECT, related_name="hosted_shifts")
    role = models.CharField(max_length=8, choices=ShiftRole.choices, default=ShiftRole.OBSERVE)
    notes = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=ShiftState.choices, default=ShiftState.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ShadowShiftQuerySet.as_manager()

    class Meta:
        ordering = ["date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="shift_hours_between_0_and_24"
            ),
        ]

    def __str__(self):
        return f"Shadow shift {self.date} with {self.host} ({self.hours} h)"


class Severity(models.TextChoices):
    P1 = "P1", "P1 critical"
    P2 = "P2", "P2 high"
    P3 = "P3", "P3 medium"
    P4 = "P4", "P4 low"


class ShadowIncident(models.Model):
    shift = models.ForeignKey(ShadowShift, on_delete=models.CASCADE, related_name="incidents")
    reference = models.CharField(max_length=60)
    severity = models.CharField(max_length=2, choices=Severity.choices)
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["severity", "reference"]

    def __str__(self):
        return f"{self.reference} ({self.severity})"


class ReadinessCheck(models.Model):
    """One ticked item of the readiness checklist, by the manager."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="readiness_checks")
    group = models.CharField(max_length=120)
    item = models.CharField(max_length=300)
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "group", "item"], name="readiness_item_once"),
        ]

    def __str__(self):
        return f"{self.group}: {self.item}"


# --- Sign-offs: the append-only record of every decision -----------------------------------


class SignOffAction(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    SUBMITTED = "submitted", "Submitted"
    VERIFIED = "verified", "Verified"
    RETURNED = "returned", "Returned"
    LOGGED = "logged", "Logged"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    READINESS = "readiness", "Readiness checklist completed"
    SIGNED_OFF = "signed_off", "Signed off as ready for on-call"
    REVOKED = "revoked", "Revoked"
    REVIEWED = "reviewed", "Certification reviewed"


class AppendOnlyQuerySet(models.QuerySet):
    """Records that are evidence (sign-offs, audit events): added, never changed or deleted."""

    def update(self, **kwargs):
        raise ValidationError(f"{self.model._meta.verbose_name_plural.capitalize()} are append-only: "
                              "they cannot be changed.")

    def delete(self):
        raise ValidationError(f"{self.model._meta.verbose_name_plural.capitalize()} are append-only: "
                              "they cannot be deleted.")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(f"{self._meta.verbose_name_plural.capitalize()} are append-only: "
                                  "they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{self._meta.verbose_name_plural.capitalize()} are append-only: "
                              "they cannot be deleted.")


class SignOffQuerySet(AppendOnlyQuerySet):
    pass


class SignOff(AppendOnlyModel):
    """An append-only record of a decision by a person. Nothing is ever edited or deleted."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="signoffs")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    exercise_log = models.ForeignKey(
        ExerciseLog, on_delete=models.PROTECT, null=True, blank=True, related_name="signoffs"
    )
    shadow_shift = models.ForeignKey(
        ShadowShift, on_delete=models.PROTECT, null=True, blank=True, related_name="signoffs"
    )
    action = models.CharField(max_length=12, choices=SignOffAction.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="signoffs_given")
    comment = models.TextField(blank=True)
    track_version = models.PositiveIntegerField()
    document_version = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["enrollment", "at"])]

    def __str__(self):
        return f"{self.get_action_display()} by {self.by} at {self.at:%Y-%m-%d %H:%M}"


ZERO = Decimal("0")


# --- Certificates and exports ---------------------------------------------------------------

# Crockford's base32: digits and letters without I, L, O and U, so a code read aloud or typed
# from paper cannot be mistaken (I and L are read as 1, O as 0 when a code is normalised).
CERTIFICATE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE_CODE_LENGTH = 20  # 20 x 5 bits = 100 bits from ``secrets``


class CertificateState(models.TextChoices):
    VALID = "valid", "Valid"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(enrollment__in=Enrollment.objects.visible_to(user))

    def with_people(self):
        return self.select_related("engineer", "signer", "track", "revoked_by", "enrollment")


class Certificate(models.Model):
    """Issued by the manager's final sign-off. The PDF is rendered once and stored; its SHA-256
    lets anyone check that a copy is the issued one. Names are kept as printed on the PDF."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(max_length=CERTIFICATE_CODE_LENGTH, unique=True,
                            help_text="Verification code, normalised (no dashes, upper case).")
    engineer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="certificates")
    engineer_name = models.CharField(max_length=300)
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="certificates")
    track_version = models.PositiveIntegerField()
    signer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="certificates_signed")
    signer_name = models.CharField(max_length=300)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Empty: the certificate does not expire.")
    pdf = models.FileField(upload_to="certificates/%Y/", max_length=200)
    sha256 = models.CharField(max_length=64)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revocation_reason = models.TextField(blank=True)
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 help_text="The certificate this one renewed (history is never overwritten).")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=(Q(revoked_at__isnull=True) & Q(revoked_by__isnull=True))
                | (Q(revoked_at__isnull=False) & Q(revoked_by__isnull=False) & ~Q(revocation_reason="")),
                name="certificate_revocation_complete",
            ),
        ]

    def __str__(self):
        return f"Certificate {self.display_code} for {self.engineer_name}"

    @property
    def display_code(self):
        """The code in groups of four, for reading aloud: ``ABCD-EFGH-JKMN-PQRS-TVWX``."""
        return "-".join(self.code[i:i + 4] for i in range(0, len(self.code), 4))

    def state_on(self, day):
        if self.revoked_at:
            return CertificateState.REVOKED
        if self.expires_on is not None and self.expires_on < day:
            return CertificateState.EXPIRED
        return CertificateState.VALID

    @property
    def state(self):
        return self.state_on(timezone.localdate())

    def get_state_display(self):
        return CertificateState(self.state).label


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Failed"


class ExportJob(models.Model):
    """A bulk export of a team's certificates, shadowing logs and reports, built in the
    background; the zip is for its requester only."""

    requester = models.ForeignKey(User, on_delete=models.CASCADE, related_name="export_jobs")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="export_jobs")
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True, max_length=200)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requester", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="export_done_within_total"),
        ]

    def __str__(self):
        return f"Export of {self.team} for {self.requester} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def percent(self):
        if self.status == ExportStatus.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0


class UserSession(models.Model):
    """Which session belongs to whom (recorded at login by ``training.security``), so that every
    session of a deactivated user can be ended at once without decoding the session table."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Session of {self.user} since {self.created_at:%Y-%m-%d %H:%M}"


# --- Recertification ------------------------------------------------------------------------


class ReviewOutcome(models.TextChoices):
    FINE = "fine", "Fine"
    REFRESH = "refresh", "Refresh needed"
    REVOKE = "revoke", "Revoke"


class CertificationReview(models.Model):
    """A periodic review of a certified engineer by their manager."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField(default=timezone.localdate)
    outcome = models.CharField(max_length=8, choices=ReviewOutcome.choices)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self):
        return f"Review of {self.certificate} on {self.reviewed_on}: {self.get_outcome_display()}"


class ReReadItem(models.Model):
    """A certified engineer must re-read a required document that got a new major version."""

    engineer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reread_items")
    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reread_items")
    document_slug = models.SlugField(max_length=120)
    document_title = models.CharField(max_length=300)
    version = models.CharField(max_length=20, help_text="The major version to read.")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["engineer", "document_slug", "version"], name="reread_once_per_version"),
        ]
        indexes = [models.Index(fields=["engineer", "done_at"])]

    def __str__(self):
        return f"Re-read {self.document_title} v{self.version}"


class ReminderLog(models.Model):
    """One reminder item sent to one person on one day: the reminders command sends each item at
    most once a day, so running it twice sends nothing new."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.key} to {self.recipient} on {self.sent_on}"


class CalendarFeed(models.Model):
    """A secret token for a person's iCalendar feed."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"


# --- The audit log ---------------------------------------------------------------------------


class AuditKind(models.TextChoices):
    SIGN_OFF = "sign_off", "Sign-off"
    REVOCATION = "revocation", "Revocation"
    IMPORT = "import", "Import"
    EXPORT = "export", "Export"
    ROLE_CHANGE = "role_change", "Role change"


class AuditEventQuerySet(AppendOnlyQuerySet):
    def for_log(self):
        return self.select_related(
            "actor", "subject", "signoff__step", "signoff__enrollment__engineer", "signoff__enrollment__track")


class AuditEvent(AppendOnlyModel):
    """Who did what, when and from where (``training.audit`` records them). A decision's own
    record is its ``SignOff`` (what, on which step, the comment): its event only points to it and
    adds where it came from, so that one indexed table lists, filters and pages everything.
    Append-only, like sign-offs."""

    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=12, choices=AuditKind.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              help_text="Empty for the system or a command run on the server.")
    actor_name = models.CharField(max_length=150, help_text="As it was then; the OS user for a command.")
    subject = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                help_text="The person whose role changed.")
    summary = models.TextField()
    origin = models.CharField(max_length=80, help_text="Web, or command line (with the command), or system.")
    ip = models.GenericIPAddressField(null=True, blank=True)
    signoff = models.OneToOneField(SignOff, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="audit_event")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["-at", "-id"]), models.Index(fields=["kind", "-at"]),
                   models.Index(fields=["actor", "-at"])]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.actor_name} at {self.at:%Y-%m-%d %H:%M}"
