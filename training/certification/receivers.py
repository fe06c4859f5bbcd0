"""Receivers that keep certification in step: the final sign-off issues the certificate, a new
major version of a document asks certified engineers to read it again (closed when they do), and
a missed team assessment taken late restores eligibility. Each runs inside the transaction of the
change it reacts to."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from assessments.signals import attempt_graded
from content.models import ReadAcknowledgement
from content.signals import document_major_version_published
from training.assignments.selectors import missed_by
from training.teams.models import Team
from training.workflow.signals import enrollment_signed_off

from . import rereads
from .certificates import certificate_issue
from .eligibility import eligibility_sync


@receiver(enrollment_signed_off, dispatch_uid="certification-issue")
def on_signed_off(sender, enrollment, by, **kwargs):
    certificate_issue(enrollment=enrollment, signer=by)
    eligibility_sync(engineers=[enrollment.engineer])


@receiver(m2m_changed, sender=Team.members.through, dispatch_uid="certification-team-members")
def on_team_members_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Joining or leaving a team changes who may carry its pager."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # ``user.teams.add(team)``: ``instance`` is the person
        eligibility_sync(engineers=[instance])
    else:
        eligibility_sync(teams=[instance])


@receiver(post_save, sender=ReadAcknowledgement, dispatch_uid="certification-read-ack")
def on_document_acknowledged(sender, instance, created, raw=False, **kwargs):
    if created and not raw:  # a fixture or a restore loads records; it does not read documents
        rereads.reread_items_complete(user=instance.user, document=instance.document,
                                      version_number=instance.version.number)


@receiver(attempt_graded, dispatch_uid="certification-team-assessment")
def on_attempt_graded(sender, attempt, **kwargs):
    """A missed team assessment taken late makes the engineer current again at once (the daily run
    would record it a day later); any other quiz costs one query."""
    if missed_by(attempt.user, attempt.quiz):
        eligibility_sync(engineers=[attempt.user])


@receiver(document_major_version_published, dispatch_uid="training-major-version")
def on_major_version(sender, document, version, **kwargs):
    rereads.reread_items_create(document=document, version=version)
