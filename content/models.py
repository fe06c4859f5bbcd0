"""The documentation library: documents and their versions, learning paths, scenarios, and who
has read what.

State changes go through ``content/services.py``; reads through ``content/selectors.py`` and the
QuerySet methods below.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from .rendering import heading_slug


class DocumentCategory(models.TextChoices):
    RUNBOOK = "runbook", "Runbook"
    ARCHITECTURE = "architecture", "Architecture"
    DECISION_TREE = "decision_tree", "Decision tree"
    INCIDENT_GUIDE = "incident_guide", "Incident guide"
    ON_CALL = "on_call", "On-call"
    CHECKLIST = "checklist", "Checklist"
    OTHER = "other", "Other"


class ReviewCadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"
    AFTER_INCIDENTS = "after_incidents", "After incidents"


# Months until the next review; "after incidents" has no date, so it is never overdue by the calendar.
CADENCE_MONTHS = {
    ReviewCadence.MONTHLY: 1,
    ReviewCadence.QUARTERLY: 3,
    ReviewCadence.YEARLY: 12,
}


def add_months(day, months):
    """The same day ``months`` later, clamped to the month's end (31 January + 1 = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_date(*, cadence, last_reviewed):
    """When the next review is due, or None when the cadence has no calendar date."""
    months = CADENCE_MONTHS.get(cadence)
    if months is None or last_reviewed is None:
        return None
    return add_months(last_reviewed, months)


class DocumentQuerySet(models.QuerySet):
    def search(self, query):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(
            Q(title__icontains=query) | Q(body__icontains=query) | Q(purpose__icontains=query)
        )

    def in_category(self, category):
        return self.filter(category=category) if category else self

    def review_overdue(self, today=None):
        return self.filter(review_due__lt=today or timezone.localdate())

    def never_reviewed(self):
        return self.filter(last_reviewed__isnull=True)

    def needing_review(self, today=None):
        """Overdue by the calendar, or never reviewed at all (imported without a revision history)."""
        return self.filter(Q(review_due__lt=today or timezone.localdate()) | Q(last_reviewed__isnull=True))


class Document(models.Model):
    """A runbook, architecture guide, decision tree, incident guide or on-call handbook."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    category = models.CharField(
        max_length=20, choices=DocumentCategory.choices, default=DocumentCategory.OTHER
    )
    purpose = models.TextField(blank=True, help_text="What the document is for, in a sentence or two.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_documents",
    )
    body = models.TextField(blank=True, help_text="Markdown, without the title heading.")
    # Where the import found the file ("runbooks/failover.md"): the export writes it back there,
    # and relative links between documents are resolved from it. Empty when authored here.
    source_path = models.CharField(
        max_length=500, blank=True, help_text="The file's path in the folder it was imported from."
    )
    reading_minutes = models.PositiveIntegerField(
        default=1, help_text="Computed from the text at about 200 words a minute."
    )
    review_cadence = models.CharField(
        max_length=20, choices=ReviewCadence.choices, default=ReviewCadence.QUARTERLY
    )
    last_reviewed = models.DateField(null=True, blank=True)
    # Stored (computed by services from last_reviewed + cadence) so "overdue" is one indexed filter.
    review_due = models.DateField(null=True, blank=True, editable=False, db_index=True)
    # The latest version, kept up to date by the services that add versions.
    current_version = models.ForeignKey(
        "DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        permissions = [
            ("manage_content", "Training admin: author documents, learning paths and scenarios"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="content_document_slug_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="content_document_title_not_empty"),
            models.CheckConstraint(
                condition=Q(reading_minutes__gte=1), name="content_document_reading_minutes_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("content:document_detail", kwargs={"slug": self.slug})

    def is_review_overdue(self, today=None):
        return self.review_due is not None and self.review_due < (today or timezone.localdate())

    @property
    def review_overdue(self):
        return self.is_review_overdue()

    @property
    def never_reviewed(self):
        return self.last_reviewed is None


class DocumentVersion(models.Model):
    """One version of a document: its number, date, change note and the text as it was."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    created = models.DateField(help_text="The date of this version.")
    change_note = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=200, blank=True, help_text="The title as it was.")
    body = models.TextField(blank=True, help_text="The Markdown as it was.")
    # False for versions known only from a revision history table written before the import:
    # the number, date and note are real, the text of that time was never given to Shiftready.
    body_recorded = models.BooleanField(default=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    # A decision tree's questions and answers as the import read them (``content.trees``), for the
    # walk page; None for other documents and for versions whose text was never given.
    tree = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-major", "-minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "major", "minor"], name="content_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(major__gte=1) | Q(minor__gte=1), name="content_version_not_zero"
            ),
        ]

    def __str__(self):
        return f"{self.document_id and self.document.slug} v{self.number}"

    @property
    def number(self):
        return f"{self.major}.{self.minor}"

    @property
    def sort_key(self):
        return (self.major, self.minor)


class PathRole(models.TextChoices):
    NEW_ENGINEER = "new_engineer", "New Engineer"
    OPERATIONS_ENGINEER = "operations_engineer", "Operations Engineer"
    ON_CALL_ENGINEER = "on_call_engineer", "On-Call Engineer"
    MANAGER = "manager", "Manager/Tech Lead"
    SRE = "sre", "SRE/Architect"


class LearningPath(models.Model):
    """An ordered reading list for a role."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=30, choices=PathRole.choices)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order on the list of paths.")

    class Meta:
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("content:path_detail", kwargs={"slug": self.slug})


class LearningPathItem(models.Model):
    """One reading in a path: a document, optionally one section of it, with an estimate."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="path_items")
    section = models.CharField(max_length=200, blank=True, help_text="A heading of the document.")
    minutes = models.PositiveIntegerField(help_text="Estimated minutes for this reading.")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["path", "position"]
        constraints = [
            models.UniqueConstraint(fields=["path", "position"], name="content_path_item_position_unique"),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="content_path_item_minutes_positive"),
        ]

    def __str__(self):
        return f"{self.path} #{self.position}: {self.document}"

    @property
    def anchor(self):
        """The section's anchor on the document page ("" for the whole document)."""
        return heading_slug(self.section) if self.section else ""


class ScenarioQuerySet(models.QuerySet):
    def search(self, query):
        query = (query or "").strip()
        if not query:
            return self
        matching = Q(symptom__icontains=query) | Q(description__icontains=query) | Q(
            links__document__title__icontains=query
        ) | Q(links__section__icontains=query)
        return self.filter(pk__in=Scenario.objects.filter(matching).values("pk"))


class Scenario(models.Model):
    """A symptom ("Application isn't responding") and the documents and sections that help."""

    symptom = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["symptom"]

    def __str__(self):
        return self.symptom


class ScenarioLink(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="links")
    position = models.PositiveIntegerField()
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="scenario_links")
    section = models.CharField(max_length=200, blank=True, help_text="A heading of the document.")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["scenario", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "position"], name="content_scenario_link_position_unique"),
        ]

    def __str__(self):
        return f"{self.scenario}: {self.document}"

    @property
    def anchor(self):
        """The section's anchor on the document page ("" for the whole document)."""
        return heading_slug(self.section) if self.section else ""


class ReadStatus(models.TextChoices):
    UNREAD = "unread", "Unread"
    READ = "read", "Read"
    REREAD = "reread", "Re-read needed"


class ReadAcknowledgement(models.Model):
    """An engineer's statement that they read one version of a document."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_acknowledgements"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="acknowledgements")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="content_ack_once_per_version"),
        ]

    def __str__(self):
        return f"{self.user} read {self.version}"


class DocumentVisit(models.Model):
    """When a person first opened a document's page: "I have read it" on a reading step is
    offered only after the document was opened (training asks ``selectors.has_opened``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_visits")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="visits")
    first_opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="content_visit_once_per_document"),
        ]

    def __str__(self):
        return f"{self.user} opened {self.document}"


# Feedback on the library: how useful a document is, and what it does not say -------------------


class DocumentRating(models.Model):
    """How useful one person found a document, 1 (not at all) to 5 (very); one per person, changeable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_ratings")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="content_rating_once_per_document"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="content_rating_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.user} rated {self.document} {self.score}/5"


class GapStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class GapReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=GapStatus.OPEN)

    def for_reviewer(self, user, *, everything=False):
        """The gaps ``user`` answers for: those of the documents they own (every one for a content admin)."""
        return self if everything else self.filter(document__owner=user)


class GapReport(models.Model):
    """"This runbook does not say how to …": a reader's report of what a document lacks. It waits in
    the owner's review queue until a newer version of the document addresses it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="gap_reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gap_reports")
    text = models.TextField(help_text="What the document does not say.")
    # Where the reader was, as the app that took the report words it ("Standard v2 · Read the
    # failover runbook"); empty when reported on the document's page.
    context = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=6, choices=GapStatus.choices, default=GapStatus.OPEN)
    closed_by_version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="closed_gaps")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = GapReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["document", "status"])]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="content_gap_text_not_empty"),
            models.CheckConstraint(
                condition=Q(status=GapStatus.OPEN, closed_by_version__isnull=True, closed_at__isnull=True)
                | Q(status=GapStatus.CLOSED, closed_by_version__isnull=False, closed_at__isnull=False),
                name="content_gap_closed_by_a_version",
            ),
        ]

    def __str__(self):
        return f"Gap in {self.document}: {self.text[:60]}"

    @property
    def is_open(self):
        return self.status == GapStatus.OPEN


# Decision trees walked, and documents printed ---------------------------------------------------


class PracticeWalk(models.Model):
    """One practice walk of a decision tree to an outcome: the questions passed (``tree-5/Q1`` …),
    the outcome reached (``tree-5/restore-the-pool``) and how long it took. Only its walker sees it;
    a track step asking for a walk to that outcome completes with it (training listens)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_walks")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="practice_walks")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="practice_walks")
    tree = models.CharField(max_length=40, help_text="The tree the walk started in: tree-5.")
    path = models.JSONField(default=list, help_text="The questions passed, in order.")
    leaf = models.CharField(max_length=250, help_text="The outcome reached: tree-5/restore-the-pool.")
    leaf_title = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    reached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reached_at", "-pk"]
        constraints = [
            # A reload of the outcome's page records nothing new.
            models.UniqueConstraint(fields=["user", "document", "started_at", "leaf"],
                                    name="content_practice_walk_once"),
            models.CheckConstraint(condition=Q(reached_at__gte=models.F("started_at")),
                                   name="content_practice_walk_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.user} walked {self.document} to {self.leaf}"

    @property
    def seconds(self):
        return int((self.reached_at - self.started_at).total_seconds())


class PdfStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class DocumentPdf(models.Model):
    """The printable PDF of one document version, made once by the background worker: every later
    download of that version is this file."""

    version = models.OneToOneField(DocumentVersion, on_delete=models.CASCADE, related_name="pdf")
    status = models.CharField(max_length=9, choices=PdfStatus.choices, default=PdfStatus.QUEUED)
    file = models.FileField(upload_to="documents/%Y/%m/", blank=True, max_length=200)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When the status last changed: a render queued or started long ago is taken for lost.
    changed_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(status=PdfStatus.READY) | ~Q(file=""),
                                   name="content_document_pdf_ready_has_file"),
        ]

    def __str__(self):
        return f"PDF of {self.version} ({self.get_status_display()})"

    @property
    def is_ready(self):
        return self.status == PdfStatus.READY

    @property
    def is_failed(self):
        return self.status == PdfStatus.FAILED


@receiver(post_delete, sender=DocumentPdf)
def _document_pdf_file_delete(sender, instance, **kwargs):
    """A PDF's file goes with its row, once the deletion is committed."""
    if instance.file:
        name = instance.file.name
        transaction.on_commit(lambda: instance.file.storage.delete(name))
