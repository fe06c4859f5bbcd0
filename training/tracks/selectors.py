"""Reads of tracks and exercises."""

from django.db.models import Avg, Count, OuterRef

from assessments.models import Quiz
from content.models import Document
from content.selectors import open_gap_count

from .models import Exercise, Step


def track_references():
    """What a track file's ``{ref: …}`` may name: ``(label, [(slug, title), …])`` for exercises,
    documents and quizzes, in slug order (three queries, whatever their number)."""
    return [(label, list(model.objects.order_by("slug").values_list("slug", "title")))
            for label, model in (("Exercises", Exercise), ("Documents", Document), ("Quizzes", Quiz))]


def link_choices(nouns):
    """``{noun: [(slug, title), …]}`` a step of each named kind ("document", "exercise", "quiz")
    may be linked to: one query per kind asked for."""
    models = {"document": Document, "exercise": Exercise, "quiz": Quiz}
    return {noun: list(models[noun].objects.order_by("title", "slug").values_list("slug", "title"))
            for noun in sorted(set(nouns))}


def steps_with_feedback():
    """Steps with their usefulness as rated by the engineers (``rating_average``, ``rating_count``)
    and, for a reading, the open gap reports of its document (``open_gaps``). The ratings are the
    feedback package's, reached through the ``ratings`` relation: this package sits below it."""
    return Step.objects.select_related("exercise").annotate(
        rating_average=Avg("ratings__score"), rating_count=Count("ratings"),
        open_gaps=open_gap_count(document__slug=OuterRef("ref")),
    )
