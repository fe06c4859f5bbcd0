"""Tracks in the audit log: every track version and exercise an import writes. And steps
imported unlinked link themselves once what they name arrives: a library import, a new quiz
(exercise imports do it in ``services.exercises_import``)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from assessments.models import Quiz
from content.signals import library_imported
from training.audit.models import AuditKind
from training.audit.recorder import record

from .models import Exercise, Track
from .services import steps_relink


@receiver(post_save, sender=Track, dispatch_uid="audit-track-import")
def on_track_saved(sender, instance, created, raw=False, **kwargs):
    # A track row is only ever made by importing a track file (a changed file: a new version).
    if created and not raw:
        record(kind=AuditKind.IMPORT, summary=f"track file imported: {instance.name} "
                                              f"({instance.slug}) version {instance.version}")


@receiver(post_save, sender=Exercise, dispatch_uid="audit-exercise-import")
def on_exercise_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        record(kind=AuditKind.IMPORT,
               summary=f"exercise {'created' if created else 'updated'}: {instance.title} ({instance.slug})")


@receiver(library_imported, dispatch_uid="tracks-relink-documents")
def on_library_imported(sender, **kwargs):
    steps_relink("document")


@receiver(post_save, sender=Quiz, dispatch_uid="tracks-relink-quizzes")
def on_quiz_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        steps_relink("quiz")
