"""Factories for people and teams; each app's factories live beside its tests."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from training.access import training_admin_permissions
from training.teams.models import Team


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pass")


class TrainingAdminFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def grant(obj, create, extracted, **kwargs):
        obj.user_permissions.add(*training_admin_permissions())


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")

    @factory.post_generation
    def manager(obj, create, extracted, **kwargs):
        """``TeamFactory(manager=user)``: the team's (first) manager; a new user when not given."""
        obj.managers.add(extracted or UserFactory())

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if extracted:
            obj.members.add(*extracted)
