"""The demo's feedback on the training: Alice and Bob rate a few steps of their tracks and the
operational runbooks, and Alice reports a gap in them (open, in the owner's review queue; the owner
is the demo's training admin). The team rotates the reviews of its runbooks and incident guide
among its certified engineers (Bob, after his sign-off). Made once: running again leaves them as they are."""

from content import services as content_services
from content.models import Document
from training.feedback import services
from training.feedback.models import ReviewRotation, StepRating
from training.teams.models import Team
from training.workflow.models import Enrollment


def load_feedback(people):
    if StepRating.objects.exists():
        return
    enrollments = {e.engineer.username: e for e in Enrollment.objects.select_related("engineer", "track")
                   .filter(engineer__username__in=("alice", "bob"))}
    scores = {"alice": {"system-architecture-training": 5, "operational-runbooks": 3, "submit-and-track": 4},
              "bob": {"system-architecture-training": 4, "operational-runbooks": 2}}
    for username, enrollment in enrollments.items():
        progress = {p.step.exercise.slug if p.step.exercise_id else p.step.ref: p
                    for p in enrollment.progress.select_related("step__exercise", "enrollment__track")}
        for ref, score in scores[username].items():
            if ref in progress:
                services.step_rate(progress=progress[ref], user=enrollment.engineer, score=score)
        if username == "alice" and "operational-runbooks" in progress:
            services.step_gap_report(
                progress=progress["operational-runbooks"], user=enrollment.engineer,
                text="Section 3 says to restart the broker but not how to drain its queue first, "
                     "nor how long a drain usually takes.")
    runbooks = Document.objects.filter(slug="operational-runbooks").first()
    if runbooks is not None and "bob" in people:
        content_services.document_rate(user=people["bob"], document=runbooks, score=3)

    team = Team.objects.filter(members=people.get("bob")).first() if "bob" in people else None
    if team is not None:
        rotation, _ = ReviewRotation.objects.get_or_create(team=team)
        rotation.documents.add(*Document.objects.filter(category__in=("runbook", "incident_guide")))
