"""A track with readiness levels (two weeks of checklist items, then the sign-off), an org
enrolled on it, the webhook tests' real receiver and the demo."""

import pytest

from tests.browser.conftest import demo  # noqa: F401 (the browser tests are in tests/browser/: one Chromium per run)
from tests.training.factories import Org
from tests.training.webhooks.conftest import loopback_only, receiver, subscribe  # noqa: F401
from training.tracks import services as track_services
from training.workflow import services as workflow

LEVELS_TRACK = """---
name: Levels track
slug: levels
readiness:
  Core knowledge:
    - Knows the system
levels:
  Week 1: [Support rota]
  Week 2: Escalation backup
---
## Week 1: Foundations
- [ ] Confirm your pager works
- [ ] Review three past incidents {optional: true}

## Week 2: Incidents
- [ ] Walk through the escalation policy

## Week 3: Sign-off
- [ ] Manager sign-off
"""


def levels_track(text=LEVELS_TRACK):
    track, _ = track_services.track_import(text=text)
    return track


def tick(org, title):
    """The engineer ticks the checklist item ``title``."""
    progress = org.enrollment.progress.select_related("step", "enrollment").get(step__title=title)
    workflow.step_complete_checklist(progress=progress, by=org.engineer)


def week_1_done(org):
    tick(org, "Confirm your pager works")


def week_2_done(org):
    week_1_done(org)
    tick(org, "Walk through the escalation policy")


@pytest.fixture
def org(db):
    return Org(track=levels_track())
