"""Reads of tracks and exercises."""

from assessments.models import Quiz
from content.models import Document

from .models import Exercise


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
