"""Rotating document reviews: instead of one owner reviewing forever, a team's certified engineers
(eligible for on-call) take the reviews of the team's documents in turn, round-robin in the order
they joined Shiftready, skipping anyone on leave that day. The turn moves on each time one of the
rotation's documents is marked reviewed."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from training.certification.eligibility import eligibility

from .models import Leave, ReviewRotation


def _rotations(**filters):
    return (ReviewRotation.objects.filter(**filters).select_related("team")
            .prefetch_related(Prefetch("team__members", queryset=get_user_model().objects.order_by("pk")),
                              "documents"))


def _on_leave(user_ids, today):
    return set(Leave.objects.filter(user__in=user_ids, starts__lte=today, ends__gte=today)
               .values_list("user", flat=True))


def _turns(rotations, today):
    """``{rotation id: user or None}``: whose turn it is in each rotation. Three queries for the
    lot (eligibility's fixed count, leaves), however many rotations and members."""
    members = {user.pk: user for rotation in rotations for user in rotation.team.members.all()}
    eligible = {pk for pk, answer in eligibility(members.values(), today=today).items() if answer.eligible}
    away = _on_leave(eligible, today) if eligible else set()
    turns = {}
    for rotation in rotations:
        people = [user for user in rotation.team.members.all() if user.pk in eligible]
        last = rotation.last_reviewer_id or 0
        # Round-robin: the first certified member after the last reviewer, wrapping around.
        ordered = [u for u in people if u.pk > last] + [u for u in people if u.pk <= last]
        turns[rotation.pk] = next((user for user in ordered if user.pk not in away), None)
    return turns


def turn_of(rotation, today=None):
    """Whose turn it is to review the rotation's documents (None: nobody certified and at work)."""
    rotation = _rotations(pk=rotation.pk).get()
    return _turns([rotation], today or timezone.localdate())[rotation.pk]


def review_turns(documents, today=None):
    """``{document id: "Name (Team)"}`` for the documents of ``documents`` that a team rotates
    (a document in two rotations names both turns)."""
    ids = {getattr(document, "pk", document) for document in documents}
    if not ids:
        return {}
    rotations = list(_rotations(documents__in=ids).distinct())
    turns = _turns(rotations, today or timezone.localdate())
    answer = {}
    for rotation in rotations:
        user = turns[rotation.pk]
        who = f"{user.get_full_name() or user.username} ({rotation.team})" if user else \
            f"nobody certified at work in {rotation.team}"
        for document in rotation.documents.all():
            if document.pk in ids:
                answer[document.pk] = f"{answer[document.pk]}; {who}" if document.pk in answer else who
    return answer


@transaction.atomic
def rotation_advance(*, document, today=None):
    """A document was reviewed: in each rotation that holds it, the turn passes on from whoever had it."""
    rotations = list(_rotations(documents=document).select_for_update(of=("self",)))
    turns = _turns(rotations, today or timezone.localdate())
    for rotation in rotations:
        if turns[rotation.pk] is not None:
            rotation.last_reviewer = turns[rotation.pk]
            rotation.save(update_fields=["last_reviewer", "updated_at"])
