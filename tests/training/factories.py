import factory
from factory.django import DjangoModelFactory

from tests.factories import TeamFactory, UserFactory
from training.tracks import services as track_services
from training.tracks.models import Exercise
from training.workflow import services


class ExerciseFactory(DjangoModelFactory):
    class Meta:
        model = Exercise
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"exercise-{n}")
    title = factory.Sequence(lambda n: f"Exercise {n}")
    objectives = ["Learn the thing"]
    instructions = ["Do the first thing", "Do the second thing"]
    checklist = ["First thing done", "Second thing done"]


SIMPLE_TRACK = """---
name: Simple track
slug: simple
hours: 2
validity_months: 12
readiness:
  Core knowledge:
    - Knows the system
  Tool access:
    - Has SSH access
---
## Week 1: Foundations
- [ ] Exercise: Practise the thing {{ref: {exercise}}}
- [ ] Confirm your pager works
- [ ] Shadow an on-call engineer {{hours: 4, lead: 1}}

## Week 2: Sign-off
- [ ] Manager sign-off
"""


def simple_track(exercise=None, text=SIMPLE_TRACK):
    exercise = exercise or ExerciseFactory(slug="practise")
    track, _ = track_services.track_import(text=text.format(exercise=exercise.slug))
    return track


class Org:
    """A team with a manager, a mentor, an on-call host and an engineer, and an enrollment. The host
    is on the team's list of shadow hosts (``team.hosts``), so it may host the engineer's shifts
    without being certified itself."""

    def __init__(self, track=None, prefix=""):
        self.manager = UserFactory(username=f"{prefix}manager")
        self.mentor = UserFactory(username=f"{prefix}mentor")
        self.host = UserFactory(username=f"{prefix}host")
        self.engineer = UserFactory(username=f"{prefix}engineer")
        self.team = TeamFactory(manager=self.manager, members=[self.mentor, self.host, self.engineer])
        self.team.hosts.add(self.host)
        self.track = track or simple_track()
        self.enrollment = services.enrollment_create(
            engineer=self.engineer, track=self.track, by=self.manager, mentor=self.mentor
        )

    def progress(self, kind):
        return self.enrollment.progress.select_related("step__exercise").get(step__kind=kind)
