"""Receivers that keep training in step with the apps it uses (content, assessments).
Each runs inside the transaction of the change it reacts to."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from assessments.signals import attempt_graded
from content.models import ReadAcknowledgement
from content.signals import document_major_version_published

from . import recertification, services


@receiver(post_save, sender=ReadAcknowledgement, dispatch_uid="training-read-ack")
def on_document_acknowledged(sender, instance, created, raw=False, **kwargs):
    if created and not raw:  # a fixture or a restore loads records; it does not read documents
        number = instance.version.number
        services.complete_read_steps(user=instance.user, document=instance.document, version_number=number)
        recertification.reread_items_complete(user=instance.user, document=instance.document, version_number=number)


@receiver(document_major_version_published, dispatch_uid="training-major-version")
def on_major_version(sender, document, version, **kwargs):
    recertification.reread_items_create(document=document, version=version)


@receiver(attempt_graded, dispatch_uid="training-attempt-graded")
def on_attempt_graded(sender, attempt, **kwargs):
    services.complete_quiz_steps(attempt=attempt)
