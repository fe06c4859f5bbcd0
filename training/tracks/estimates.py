"""How long a track takes, from its steps' estimates (``{minutes: 90}`` in the track file).

The seed counts study and practice apart from shadowing ("Fast track 4-5 hours", then "Shadow
on-call (4 hours)"), so a track's estimate has two parts: the minutes of its required steps and
the hours of its shadow shifts. A quiz has no estimate of its own (its time limit says it), nor
do the countdown steps before the first on-call shift, which come after the training.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import StepKind


@dataclass(frozen=True)
class TrackEstimate:
    minutes: int  # reading, exercises and practice: the required steps that give an estimate
    shadow_hours: Decimal  # the minimum hours of the shadow steps
    unestimated: int  # required steps (not quizzes, shadowing or the sign-off) without an estimate

    @property
    def hours(self):
        return Decimal(self.minutes) / 60


# Steps whose time is not the author's to estimate: a quiz's is its time limit, a shadow step's
# its hours, the sign-off is the manager's.
NOT_ESTIMATED = {StepKind.QUIZ, StepKind.VALIDATION, StepKind.SHADOW, StepKind.SIGNOFF}


def track_estimate(steps):
    """The estimate of a track from its steps (objects with ``kind``, ``required``, ``hours``,
    ``estimate_minutes`` and ``before_first_shift``): no query of its own."""
    minutes, shadow, unestimated = 0, Decimal("0"), 0
    for step in steps:
        if not step.required or step.before_first_shift is not None:
            continue
        if step.kind == StepKind.SHADOW:
            shadow += step.hours or 0
        if step.estimate_minutes:
            minutes += step.estimate_minutes
        elif step.kind not in NOT_ESTIMATED:
            unestimated += 1
    return TrackEstimate(minutes=minutes, shadow_hours=shadow, unestimated=unestimated)


def duration(minutes):
    """Minutes as people say them: "45 min", "1 h", "1 h 30 min", "17 h 45 min"."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
