"""The organisation: teams, their managers, members, mentors and hosts. The managers of an
engineer are the managers of the engineer's teams; every role above "engineer" is read from here
and from enrollments (``training.access``)."""

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


class TeamRole(models.TextChoices):
    """What a person is on a team (the directory's groups map to a team and one of these)."""

    ENGINEER = "engineer", "Engineer"
    MENTOR = "mentor", "Mentor"
    HOST = "host", "Shadow host"
    MANAGER = "manager", "Manager"


class TeamQuerySet(models.QuerySet):
    def managed_by(self, user):
        return self.filter(managers=user)

    def of_member(self, user):
        return self.filter(members=user)


class Team(models.Model):
    """An operations team: the managers of an engineer are the managers of their teams. Members
    are the engineers it trains; mentors may be named on its enrollments; hosts are the on-call
    engineers its trainees may shadow."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    managers = models.ManyToManyField(User, related_name="managed_teams", blank=True)
    members = models.ManyToManyField(User, related_name="teams", blank=True)
    mentors = models.ManyToManyField(User, related_name="mentor_of_teams", blank=True)
    hosts = models.ManyToManyField(User, related_name="host_of_teams", blank=True)
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

    def people_with(self, role):
        """The related manager of ``role``'s people (``TeamRole``)."""
        return {TeamRole.ENGINEER: self.members, TeamRole.MENTOR: self.mentors, TeamRole.HOST: self.hosts,
                TeamRole.MANAGER: self.managers}[role]


