"""The readiness checklist of a track, and the evidence an item may declare.

An item is a judgement the manager ticks ("Knows when and how to escalate") unless it names, at
its end, the steps that prove it: ``Passed the week 1 quiz {evidence: quiz week-1-knowledge-check}``.
The system then knows the answer: the item counts as met when every step it names is done, shows
ticked with a link to those steps, and is never ticked by hand. What an item may name:

==============================  ============================================================
``quiz SLUG``                   the quiz or scenario validation step of that quiz
``quizzes``                     every quiz step of the track
``validation``                  every scenario validation step
``shadow``                      every shadowing step (its confirmed hours and lead shifts)
``read`` / ``read SLUG``        every reading step / the step that reads that document
``exercise SLUG``               the step of that exercise (verified by the mentor)
``exercises``                   every exercise step
==============================  ============================================================

Several, separated by commas: ``{evidence: quizzes, shadow}``. The track file keeps the text as
written (an export writes it back); the label shown and recorded is the text before the braces.
"""

import re
from dataclasses import dataclass

# Step kinds by their value (``StepKind``): the models read their checklist from here.
QUIZ, VALIDATION, SHADOW, READ, EXERCISE = "quiz", "validation", "shadow", "read", "exercise"
EVIDENCE_RE = re.compile(r"\s*\{\s*evidence\s*:\s*([^{}]*)\}\s*$")
# evidence → (the step kinds it names, whether a slug naming one of them is required, optional or never)
KINDS = {
    "quiz": ((QUIZ, VALIDATION), "required"),
    "quizzes": ((QUIZ,), "never"),
    "validation": ((VALIDATION,), "optional"),
    "shadow": ((SHADOW,), "never"),
    "read": ((READ,), "optional"),
    "exercise": ((EXERCISE,), "required"),
    "exercises": ((EXERCISE,), "never"),
}


@dataclass(frozen=True)
class Evidence:
    kind: str
    ref: str = ""

    def names(self, step):
        """Does this evidence name ``step``?"""
        kinds, _slug = KINDS[self.kind]
        if step.kind not in kinds:
            return False
        if not self.ref:
            return True
        # A step of the database names its exercise by foreign key; a step of a parsed file by ref.
        exercise = getattr(step, "exercise", None) if step.kind == EXERCISE else None
        return (exercise.slug if exercise is not None else step.ref) == self.ref

    def __str__(self):
        return f"{self.kind} {self.ref}".strip()


@dataclass(frozen=True)
class ReadinessItem:
    group: str
    label: str
    evidence: tuple = ()

    @property
    def pair(self):
        """``(group, label)``: how the services and the records name the item."""
        return self.group, self.label


def parse_item(text):
    """``(label, evidence, problems)`` of one item's text as written in the track file."""
    match = EVIDENCE_RE.search(text)
    if not match:
        return text.strip(), (), []
    evidence, problems = [], []
    for part in (p.strip() for p in match.group(1).split(",")):
        kind, _, ref = part.partition(" ")
        kind, ref = kind.lower(), ref.strip()
        if kind not in KINDS:
            problems.append(f"unknown evidence '{part}' (known: {', '.join(KINDS)})")
            continue
        slug = KINDS[kind][1]
        if slug == "required" and not ref:
            problems.append(f"evidence '{kind}' names its step: '{kind} SLUG'")
        elif slug == "never" and ref:
            problems.append(f"evidence '{kind}' takes no slug")
        else:
            evidence.append(Evidence(kind, ref))
    return text[:match.start()].strip(), tuple(evidence), problems


def checklist(readiness):
    """The ``ReadinessItem`` list of a track's ``readiness`` JSON, in order."""
    items = []
    for group in readiness:
        for text in group["items"]:
            label, evidence, _problems = parse_item(text)
            items.append(ReadinessItem(group["group"], label, evidence))
    return items


def unmatched(evidence, steps):
    """The evidence in ``evidence`` that names none of ``steps`` (a track file's mistake)."""
    return [e for e in evidence if not any(e.names(step) for step in steps)]
