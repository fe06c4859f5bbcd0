"""Reads of the feedback on the training (each step's usefulness and open gaps for the track page
are ``training.tracks.selectors.steps_with_feedback``: the track page sits below this package)."""

from .models import StepRating


def my_rating(*, user, step):
    """``user``'s score of the step, or None."""
    return StepRating.objects.filter(user=user, step=step).values_list("score", flat=True).first()
