"""Factories for the library. A DocumentFactory document has its 1.0 version and current_version."""

import datetime

import factory
from factory.django import DjangoModelFactory

from content.models import (
    Document,
    DocumentCategory,
    DocumentVersion,
    LearningPath,
    LearningPathItem,
    PathRole,
    ReadAcknowledgement,
    ReviewCadence,
    Scenario,
    ScenarioLink,
)
from tests.factories import UserFactory


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Document {n}")
    slug = factory.Sequence(lambda n: f"document-{n}")
    category = DocumentCategory.RUNBOOK
    purpose = "Procedures for the demo system."
    body = "## Overview\n\nWhat this document covers.\n\n## Steps\n\n1. Check the health endpoint.\n"
    reading_minutes = 1
    review_cadence = ReviewCadence.QUARTERLY
    last_reviewed = factory.LazyFunction(datetime.date.today)
    review_due = factory.LazyAttribute(lambda d: d.last_reviewed + datetime.timedelta(days=90))

    @factory.post_generation
    def version(obj, create, extracted, **kwargs):
        """Every document starts with version 1.0 holding its text (pass ``version=False`` to skip)."""
        if not create or extracted is False:
            return
        version = DocumentVersion.objects.create(
            document=obj, major=1, minor=0, created=obj.last_reviewed or datetime.date.today(),
            change_note="First version", title=obj.title, body=obj.body,
        )
        obj.current_version = version
        obj.save(update_fields=["current_version"])


class DocumentVersionFactory(DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    major = 1
    minor = factory.Sequence(lambda n: n + 1)
    created = factory.LazyFunction(datetime.date.today)
    change_note = "A change"
    title = factory.LazyAttribute(lambda v: v.document.title)
    body = factory.LazyAttribute(lambda v: v.document.body)


class LearningPathFactory(DjangoModelFactory):
    class Meta:
        model = LearningPath

    title = factory.Sequence(lambda n: f"Path {n}")
    slug = factory.Sequence(lambda n: f"path-{n}")
    role = PathRole.NEW_ENGINEER
    position = factory.Sequence(lambda n: n)


class LearningPathItemFactory(DjangoModelFactory):
    class Meta:
        model = LearningPathItem

    path = factory.SubFactory(LearningPathFactory)
    position = factory.Sequence(lambda n: n + 1)
    document = factory.SubFactory(DocumentFactory)
    minutes = 20


class ScenarioFactory(DjangoModelFactory):
    class Meta:
        model = Scenario

    symptom = factory.Sequence(lambda n: f"Symptom {n}")
    slug = factory.Sequence(lambda n: f"symptom-{n}")


class ScenarioLinkFactory(DjangoModelFactory):
    class Meta:
        model = ScenarioLink

    scenario = factory.SubFactory(ScenarioFactory)
    position = factory.Sequence(lambda n: n + 1)
    document = factory.SubFactory(DocumentFactory)


class ReadAcknowledgementFactory(DjangoModelFactory):
    class Meta:
        model = ReadAcknowledgement

    user = factory.SubFactory(UserFactory)
    document = factory.SubFactory(DocumentFactory)
    version = factory.LazyAttribute(lambda a: a.document.current_version)
