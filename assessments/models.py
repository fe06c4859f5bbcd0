"""Question banks, quizzes and attempts (DESIGN.md: "Quiz (assessments)").

A question bank holds categorised questions of seven kinds. A quiz takes a fixed list of questions
or draws N at random from bank categories. An attempt is one sitting: it freezes the questions
and the order of their choices when it starts, keeps the answers as the engineer gives them, and
carries the grade once it is submitted (and, for scenario answers, reviewed).
"""

import re
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

# A sitting submitted this long after its deadline is still on time: the browser's countdown and
# the network need a moment, and Moodle calls the same thing a "grace period".
LATE_GRACE = timedelta(seconds=15)
MAX_ANSWER_LENGTH = 5000
RESERVED_SLUGS = {"grading", "attempts", "import"}
BLANK = "_____"  # how a missing-word question's blank reads in plain text, as in Moodle


class QuestionBank(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Category(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["bank", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["bank", "name"], name="assessments_category_unique_name"),
        ]

    def __str__(self):
        return f"{self.bank} / {self.name}"


class QuestionKind(models.TextChoices):
    SINGLE_CHOICE = "single", "Single choice"
    MULTIPLE_CHOICE = "multiple", "Multiple choice"
    TRUE_FALSE = "true_false", "True / false"
    SHORT_ANSWER = "short", "Short answer"
    NUMERIC = "numeric", "Numeric"
    MATCHING = "matching", "Matching"
    SCENARIO = "scenario", "Scenario (graded against a rubric)"


class TextFormat(models.TextChoices):
    """How a question's text is written (GIFT's ``[moodle]`` ``[plain]`` ``[markdown]`` ``[html]``)."""

    MOODLE = "moodle", "Moodle auto-format (shown as plain text)"
    PLAIN = "plain", "Plain text"
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML"


CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.TRUE_FALSE}


class Question(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="questions", null=True, blank=True
    )
    name = models.CharField(max_length=200, help_text="Short title; two questions may share one.")
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    text = models.TextField(
        blank=True, help_text="The question; for a missing-word question, the text before the blank."
    )
    text_after = models.TextField(
        blank=True, help_text="Missing-word question (GIFT text after the answers): the text after the blank."
    )
    text_format = models.CharField(max_length=10, choices=TextFormat.choices, default=TextFormat.MOODLE)
    needs_rubric = models.BooleanField(
        default=False,
        help_text="Scenario imported without rubric criteria: graded as a whole until an author writes its rubric.",
    )
    general_feedback = models.TextField(
        blank=True, help_text="Explanation shown with the feedback, whatever the answer."
    )
    model_answer = models.CharField(
        max_length=500, blank=True,
        help_text="Short answer: the answer shown as correct on the result page (GIFT “// @answer”); "
                  "otherwise the first literal accepted answer, never a regular expression.",
    )
    points = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Marks for an objective question; a scenario is worth the sum of its rubric.",
    )
    partial_credit = models.BooleanField(
        default=True,
        help_text="Multiple choice: add up the weights of the options chosen (otherwise all or nothing).",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["bank", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="assessments_question_points_positive"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.category_id and self.bank_id and self.category.bank_id != self.bank_id:
            raise ValidationError({"category": "The category belongs to another bank."})
        if not self.text.strip() and not self.text_after.strip():
            raise ValidationError({"text": "Write the question."})

    @property
    def has_blank(self):
        """A missing-word question: the answer goes in a blank inside the sentence."""
        return bool(self.text_after.strip())

    @property
    def plain_text(self):
        """The question as one line of plain words, its blank as “_____”."""
        return f"{self.text}{BLANK}{self.text_after}" if self.has_blank else self.text

    @property
    def is_matching(self):
        return self.kind == QuestionKind.MATCHING

    @property
    def is_scenario(self):
        return self.kind == QuestionKind.SCENARIO

    @property
    def has_choices(self):
        return self.kind in CHOICE_KINDS


class Choice(models.Model):
    """One option of a choice question, one accepted answer of a short-answer or numeric one, or
    one pair of a matching question (``text`` → ``match_text``; no ``text``: an extra right-hand
    answer that matches nothing).

    ``fraction`` is the share of the question's points the option is worth, in percent (GIFT's
    ``%50%``); negative fractions penalise wrong options of a multiple-choice question.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=500, blank=True)
    match_text = models.CharField(
        max_length=500, blank=True, help_text="Matching: the right-hand answer this item pairs with."
    )
    fraction = models.DecimalField(
        max_digits=8, decimal_places=5, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))],
    )
    feedback = models.TextField(blank=True)
    is_regex = models.BooleanField(default=False, help_text="Short answer: the text is a regular expression.")
    value = models.FloatField(null=True, blank=True, help_text="Numeric: the expected value.")
    tolerance = models.FloatField(default=0, validators=[MinValueValidator(0)],
                                  help_text="Numeric: accepted distance from the value.")

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fraction__gte=-100, fraction__lte=100), name="assessments_choice_fraction_range"
            ),
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="assessments_choice_tolerance_positive"),
        ]

    def __str__(self):
        return self.text or str(self.value)

    def clean(self):
        if self.is_regex:
            try:
                re.compile(self.text)
            except re.error as exc:
                raise ValidationError({"text": f"Not a valid regular expression: {exc}"}) from exc


class RubricCriterion(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveIntegerField(default=0)
    description = models.CharField(max_length=500)
    max_points = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name_plural = "rubric criteria"
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gte=1), name="assessments_criterion_points_positive"),
        ]

    def __str__(self):
        return f"{self.description} ({self.max_points})"


class SelectionMode(models.TextChoices):
    FIXED = "fixed", "Fixed list of questions"
    RANDOM = "random", "Drawn at random from categories"


class LatePolicy(models.TextChoices):
    ACCEPT = "accept", "Accept and grade normally (marked late)"
    ZERO = "zero", "Score zero"


class FeedbackMode(models.TextChoices):
    AFTER_ATTEMPT = "after_attempt", "After each attempt"
    AFTER_PASS = "after_pass", "Once the engineer has passed"
    NEVER = "never", "Never"


class QuizQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Quiz(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    selection = models.CharField(max_length=10, choices=SelectionMode.choices, default=SelectionMode.FIXED)
    pass_mark = models.PositiveSmallIntegerField(
        default=80, validators=[MaxValueValidator(100)], help_text="Percent needed to pass."
    )
    max_attempts = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Empty: unlimited."
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Empty: untimed."
    )
    late_policy = models.CharField(max_length=10, choices=LatePolicy.choices, default=LatePolicy.ZERO)
    shuffle_questions = models.BooleanField(default=False)
    shuffle_choices = models.BooleanField(default=True)
    feedback_mode = models.CharField(
        max_length=16, choices=FeedbackMode.choices, default=FeedbackMode.AFTER_ATTEMPT
    )
    is_published = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    questions = models.ManyToManyField(Question, through="QuizQuestion", related_name="quizzes", blank=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "quizzes"
        permissions = [
            ("manage_assessments", "Training admin: author question banks and quizzes, see item statistics"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__gte=0, pass_mark__lte=100),
                                   name="assessments_quiz_pass_mark_percent"),
            models.CheckConstraint(condition=Q(max_attempts__isnull=True) | Q(max_attempts__gte=1),
                                   name="assessments_quiz_max_attempts_positive"),
            models.CheckConstraint(condition=Q(time_limit_minutes__isnull=True) | Q(time_limit_minutes__gte=1),
                                   name="assessments_quiz_time_limit_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:quiz_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is reserved for a page of the quizzes section."})

    @property
    def time_limit(self):
        return timedelta(minutes=self.time_limit_minutes) if self.time_limit_minutes else None


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="quiz_questions")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["quiz", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="assessments_quizquestion_unique"),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.position}: {self.question}"


class QuizDraw(models.Model):
    """Random selection: draw ``count`` questions from ``category`` for each attempt."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="draws")
    count = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["quiz", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "category"], name="assessments_quizdraw_unique"),
            models.CheckConstraint(condition=Q(count__gte=1), name="assessments_quizdraw_count_positive"),
        ]

    def __str__(self):
        return f"{self.count} from {self.category}"


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_REVIEW = "awaiting_review", "Awaiting review"
    GRADED = "graded", "Graded"


class AttemptQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(user=user)

    def visible_to(self, user):
        """The engineer's own attempts, and those of the people the user may grade."""
        from . import access

        if not user.is_authenticated:
            return self.none()
        if access.can_manage(user):
            return self
        return self.filter(Q(user=user) | Q(user__in=access.reviewable_users(user)))

    def awaiting_review(self):
        return self.filter(status=AttemptStatus.AWAITING_REVIEW)

    def reviewable_by(self, reviewer):
        """Attempts whose scenario answers ``reviewer`` may grade (never their own)."""
        from . import access

        queryset = self.exclude(user=reviewer)
        if access.can_manage(reviewer):
            return queryset
        return queryset.filter(user__in=access.reviewable_users(reviewer))

    def graded(self):
        return self.filter(status=AttemptStatus.GRADED)

    def in_progress(self):
        return self.filter(status=AttemptStatus.IN_PROGRESS)


class Attempt(models.Model):
    """One sitting of a quiz by one engineer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField(help_text="1 for the engineer's first attempt at this quiz.")
    status = models.CharField(max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    score_points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    score_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz", "number"], name="assessments_attempt_unique_number"),
            # At most one open sitting per engineer and quiz: two "Start" clicks give one attempt.
            models.UniqueConstraint(
                fields=["user", "quiz"], condition=Q(status="in_progress"),
                name="assessments_attempt_one_in_progress",
            ),
            models.CheckConstraint(
                condition=Q(score_percent__isnull=True) | Q(score_percent__gte=0, score_percent__lte=100),
                name="assessments_attempt_score_percent_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="graded") | Q(passed__isnull=False, score_percent__isnull=False),
                name="assessments_attempt_graded_has_result",
            ),
        ]
        indexes = [
            # The answers waiting for a reviewer, asked on every page of the people who grade (the
            # navigation's badge): the few awaiting review, not every attempt of the company.
            models.Index(fields=["submitted_at"], condition=Q(status="awaiting_review"),
                         name="assessments_attempt_to_review"),
        ]

    def __str__(self):
        return f"{self.user} · {self.quiz} · attempt {self.number}"

    def get_absolute_url(self):
        if self.status == AttemptStatus.IN_PROGRESS:
            return reverse("assessments:attempt_detail", kwargs={"pk": self.pk})
        return reverse("assessments:attempt_result", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status == AttemptStatus.IN_PROGRESS

    def is_overdue(self, now=None):
        now = now or timezone.now()
        return self.deadline is not None and now > self.deadline + LATE_GRACE


class Response(models.Model):
    """One question of an attempt: the question as drawn, the answer given, the points won."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    position = models.PositiveIntegerField()
    choice_order = models.JSONField(
        default=list, blank=True,
        help_text="Choice ids in the order shown (matching: one per right-hand answer, shuffled).",
    )
    selected = models.JSONField(
        default=list, blank=True, help_text="Chosen choice ids (matching: [item id, answer id] pairs).",
    )
    text = models.TextField(blank=True, max_length=MAX_ANSWER_LENGTH)
    answered_at = models.DateTimeField(null=True, blank=True)
    max_points = models.DecimalField(max_digits=8, decimal_places=2)
    points = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    reviewer_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="assessments_response_unique_position"),
            models.UniqueConstraint(fields=["attempt", "question"], name="assessments_response_unique_question"),
            models.CheckConstraint(condition=Q(points__isnull=True) | Q(points__gte=0),
                                   name="assessments_response_points_positive"),
        ]

    def __str__(self):
        return f"{self.attempt} · Q{self.position}"

    @property
    def is_answered(self):
        return bool(self.selected) or bool(self.text.strip())

    @property
    def fraction(self):
        """Share of the question's points won (0–1), or None until graded."""
        if self.points is None or not self.max_points:
            return None
        return self.points / self.max_points


class CriterionScore(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="criterion_scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="scores")
    points = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["response", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "criterion"], name="assessments_criterionscore_unique"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"

    def clean(self):
        if self.points is not None and self.criterion_id and self.points > self.criterion.max_points:
            raise ValidationError({"points": f"At most {self.criterion.max_points} points."})
