from django.conf import settings
from django.db import models
from django.db.models import Q


class TeamQuerySet(models.QuerySet):
    def managed_by(self, user):
        return self.filter(manager=user)

    def of_member(self, user):
        return self.filter(members=user)


class Team(models.Model):
    """An operations team: the manager of an engineer is the manager of one of their teams."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_teams"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teams", blank=True
    )

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


def managers_of(engineer):
    """The managers of an engineer: the managers of every team the engineer belongs to."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        Q(managed_teams__members=engineer)
    ).distinct()
