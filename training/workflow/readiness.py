"""The readiness checklist of one enrollment: which items the system already knows from the
engineer's steps (an item's declared evidence, ``training.tracks.readiness``) and which are the
manager's judgement. Reads only; ``services.readiness_complete`` asks ``refusal`` before it
records anything."""

from dataclasses import dataclass, field


@dataclass
class ItemState:
    item: object  # training.tracks.readiness.ReadinessItem
    index: int  # its place in the track's checklist (the form's field is item_<index>)
    steps: list = field(default_factory=list)  # the StepProgress its evidence names

    @property
    def by_evidence(self):
        return bool(self.item.evidence)

    @property
    def missing(self):
        return [p for p in self.steps if not p.is_done]

    @property
    def met(self):
        """An evidence item is met when every step it names is done (and it names one at least)."""
        return self.by_evidence and bool(self.steps) and not self.missing

    @property
    def waiting_for(self):
        return ", ".join(f"“{p.step.title}”" for p in self.missing) or "a step the track no longer has"


def states_of(enrollment):
    """One ``ItemState`` per readiness item of the enrollment's track, in order (one query)."""
    progress = list(enrollment.progress.select_related("step__exercise").order_by("step__order"))
    return [
        ItemState(item, index, [p for p in progress if any(e.names(p.step) for e in item.evidence)])
        for index, item in enumerate(enrollment.track.readiness_checklist)
    ]


def refusal(states, checked):
    """Why ticking ``checked`` ((group, label) pairs) cannot complete the checklist, or None.
    Items with evidence count when their steps are done, ticked or not; a hand tick never
    stands in for evidence that is missing. Every other item must be ticked."""
    checked = set(checked)
    for state in states:
        if state.by_evidence and not state.met:
            if state.item.pair in checked:
                return (f"“{state.item.label}” cannot be ticked by hand: the system knows it from "
                        f"{state.waiting_for}, which is not done yet.")
            return f"“{state.item.label}” is not met yet: it waits for {state.waiting_for}."
    unticked = [state for state in states if not state.by_evidence and state.item.pair not in checked]
    if unticked:
        return f"Tick every readiness item ({len(unticked)} left)."
    return None
