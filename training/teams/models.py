"""The organisation: teams, their managers and members. The manager of an engineer is the
manager of one of the engineer's teams; every role above "engineer" is read from here and from
enrollments (``training.access``)."""

from django.conf import settings
from django.db import models

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


