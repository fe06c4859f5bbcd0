"""A small organisation with a known history, for the metrics tests: two teams, two tracks, five
enrollments, and every timestamp the figures read set by hand (the services would stamp "now").

Team A (manager Mona Alder): Ann One, Abe Two. Team B (manager Max Berg): Ben One.
Alpha track: Week 1 (read the runbook, 90 min; an exercise, 30 min), Week 2 (shadow 4 h).
Beta track: Week 1 (a checklist item).

E1 Ann on Alpha, started 5 Jan, ready 15 Jan.   E2 Abe on Alpha, started 12 Jan, ready 1 Feb.
E3 Ben on Alpha, started 20 Jan, ready 26 Jan.  E4 Ben on Beta, started 2 Feb, in training.
E5 Ann on Beta, started 3 Feb, ready 10 Feb.
"""

import datetime
from decimal import Decimal

from assessments.models import Attempt, AttemptStatus, Question, QuestionBank, Quiz, Response
from content.models import Document
from tests.factories import TeamFactory, TrainingAdminFactory, UserFactory
from tests.training.factories import ExerciseFactory
from training.certification.models import Certificate
from training.tracks import services as track_services
from training.tracks.models import StepKind, Track
from training.workflow import services
from training.workflow.models import (
    Enrollment,
    EnrollmentStatus,
    ExerciseLog,
    ProgressStatus,
    ReviewState,
    ShadowShift,
    ShiftState,
    SignOff,
    SignOffAction,
    StepProgress,
)

ALPHA = """---
name: Alpha track
slug: alpha
readiness:
  Core knowledge:
    - Knows the system
---
## Week 1: Foundations
- [ ] Read the runbook {ref: runbook}
- [ ] Exercise: Practise the thing {ref: practise}

## Week 2: Shadowing
- [ ] Shadow an on-call engineer {hours: 4}
"""

BETA = """---
name: Beta track
slug: beta
separation_of_duties: false
readiness:
  Core knowledge:
    - Knows the laptop
---
## Week 1: Basics
- [ ] Confirm your laptop works
"""

NOW = datetime.datetime(2026, 2, 3, 9, 0, tzinfo=datetime.UTC)  # "now" for the waits of open steps


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=datetime.UTC)


def person(username, first, last):
    return UserFactory(username=username, first_name=first, last_name=last)


class World:
    def __init__(self, prefix=""):
        p = self.prefix = prefix
        self.admin = TrainingAdminFactory(username=f"{p}admin")
        self.mona = person(f"{p}mona", "Mona", "Alder")
        self.max = person(f"{p}max", "Max", "Berg")
        self.mentor = person(f"{p}mentor", "Mia", "Mentor")
        self.host = person(f"{p}host", "Hal", "Host")
        self.ann = person(f"{p}ann", "Ann", "One")
        self.abe = person(f"{p}abe", "Abe", "Two")
        self.ben = person(f"{p}ben", "Ben", "One")
        self.team_a = TeamFactory(name=f"{p}Team A", slug=f"{p}team-a", manager=self.mona, members=[self.ann, self.abe])
        self.team_b = TeamFactory(name=f"{p}Team B", slug=f"{p}team-b", manager=self.max, members=[self.ben])
        for team in (self.team_a, self.team_b):
            team.hosts.add(self.host)
        if not prefix:
            Document.objects.create(title="Runbook", slug="runbook", reading_minutes=90)
            ExerciseFactory(slug="practise", duration_minutes=30)
            self.alpha, _ = track_services.track_import(text=ALPHA)
            self.beta, _ = track_services.track_import(text=BETA)
        else:
            self.alpha, self.beta = Track.objects.get(slug="alpha"), Track.objects.get(slug="beta")
        self.e1 = self.enrol(self.ann, self.alpha, self.mona, at(1, 5))
        self.e2 = self.enrol(self.abe, self.alpha, self.mona, at(1, 12))
        self.e3 = self.enrol(self.ben, self.alpha, self.max, at(1, 20))
        self.e4 = self.enrol(self.ben, self.beta, self.max, at(2, 2))
        self.e5 = self.enrol(self.ann, self.beta, self.mona, at(2, 3))
        self.history()

    def enrol(self, engineer, track, manager, start):
        enrollment = services.enrollment_create(engineer=engineer, track=track, by=manager, mentor=self.mentor)
        Enrollment.objects.filter(pk=enrollment.pk).update(start_date=start.date())
        enrollment.refresh_from_db()
        return enrollment

    @staticmethod
    def ready(enrollment, when):
        Enrollment.objects.filter(pk=enrollment.pk).update(status=EnrollmentStatus.READY, ready_at=when)
        enrollment.refresh_from_db()

    @staticmethod
    def progress(enrollment, kind):
        return StepProgress.objects.select_related("step").get(enrollment=enrollment, step__kind=kind)

    def done(self, enrollment, kind, started, completed):
        StepProgress.objects.filter(pk=self.progress(enrollment, kind).pk).update(
            status=ProgressStatus.DONE, started_at=started, completed_at=completed)

    def record(self, enrollment, kind, action, when, by=None):
        progress = self.progress(enrollment, kind)
        SignOff.objects.create(enrollment=enrollment, step=progress.step, action=action, at=when,
                               by=by or enrollment.engineer, track_version=enrollment.track.version)

    def log(self, enrollment, submitted, decided, by, state):
        ExerciseLog.objects.create(progress=self.progress(enrollment, StepKind.EXERCISE), notes="Done.",
                                   state=state, submitted_at=submitted, decided_at=decided, decided_by=by)

    def shift(self, enrollment, hours, state, logged, decided=None):
        shift = ShadowShift.objects.create(progress=self.progress(enrollment, StepKind.SHADOW), date=logged.date(),
                                           hours=Decimal(hours), host=self.host, state=state, decided_at=decided)
        ShadowShift.objects.filter(pk=shift.pk).update(created_at=logged)

    def certificate(self, enrollment, issued, expires=None, revoked=None, code="A"):
        Certificate.objects.create(
            enrollment=enrollment, code=f"{self.prefix}{code}".upper().ljust(20, "0")[:20],
            engineer=enrollment.engineer, engineer_name="x",
            track=enrollment.track, track_version=enrollment.track.version, signer=enrollment.manager,
            signer_name="y", issued_on=issued, expires_on=expires, pdf="certificates/x.pdf", sha256="0" * 64,
            revoked_at=revoked, revoked_by=self.admin if revoked else None,
            revocation_reason="Left the rota." if revoked else "")

    def history(self):
        S, R, E = SignOffAction, StepKind.READ, StepKind.EXERCISE
        e1, e2, e3, e4, e5 = self.e1, self.e2, self.e3, self.e4, self.e5
        # Steps done (time per stage).
        self.done(e1, R, at(1, 5), at(1, 5, 12))
        self.done(e1, E, at(1, 5), at(1, 7))
        self.done(e1, StepKind.SHADOW, at(1, 8), at(1, 9))
        self.done(e2, R, at(1, 12), at(1, 12, 11))
        self.done(e2, E, at(1, 12), at(1, 16))
        self.done(e2, StepKind.SHADOW, at(1, 20), at(1, 31))
        self.done(e3, R, at(1, 20), at(1, 20, 12))
        self.done(e3, E, at(1, 20), at(1, 21))
        self.done(e3, StepKind.SHADOW, at(1, 22), at(1, 23))
        self.done(e5, StepKind.CHECKLIST, at(2, 3), at(2, 3, 12))
        StepProgress.objects.filter(enrollment=e4).update(status=ProgressStatus.IN_PROGRESS, started_at=at(2, 2, 9))
        # The sign-off record (waits).
        for enrollment, kind, action, when, by in [
            (e1, R, S.STARTED, at(1, 5), None), (e1, R, S.COMPLETED, at(1, 5, 12), None),
            (e1, E, S.STARTED, at(1, 5), None), (e1, E, S.SUBMITTED, at(1, 6), None),
            (e1, E, S.RETURNED, at(1, 6, 16), self.mentor), (e1, E, S.SUBMITTED, at(1, 7, 8), None),
            (e1, E, S.VERIFIED, at(1, 7), self.mentor), (e1, E, S.COMPLETED, at(1, 7), self.mentor),
            (e1, StepKind.SHADOW, S.LOGGED, at(1, 8), None), (e1, StepKind.SHADOW, S.CONFIRMED, at(1, 9), self.host),
            (e1, StepKind.SHADOW, S.COMPLETED, at(1, 9), self.host),
            (e2, R, S.STARTED, at(1, 12), None), (e2, R, S.COMPLETED, at(1, 12, 11), None),
            (e2, E, S.STARTED, at(1, 12), None), (e2, E, S.SUBMITTED, at(1, 15), None),
            (e2, E, S.VERIFIED, at(1, 16), self.mona), (e2, E, S.COMPLETED, at(1, 16), self.mona),
            (e3, StepKind.SHADOW, S.LOGGED, at(1, 22), None), (e3, StepKind.SHADOW, S.LOGGED, at(1, 22, 11), None),
            (e3, StepKind.SHADOW, S.CONFIRMED, at(1, 22, 22), self.host),
            (e3, StepKind.SHADOW, S.DISPUTED, at(1, 23), self.host),
            (e3, StepKind.SHADOW, S.COMPLETED, at(1, 23), self.max),
            (e4, StepKind.CHECKLIST, S.STARTED, at(2, 2, 9), None),
            (e5, StepKind.CHECKLIST, S.STARTED, at(2, 3), None),
            (e5, StepKind.CHECKLIST, S.COMPLETED, at(2, 3, 12), None),
        ]:
            self.record(enrollment, kind, action, when, by)
        # Reviews: exercise logs, shadow shifts.
        self.log(e1, at(1, 6), at(1, 6, 16), self.mentor, ReviewState.RETURNED)
        self.log(e1, at(1, 7, 8), at(1, 7), self.mentor, ReviewState.VERIFIED)
        self.log(e2, at(1, 15), at(1, 16), self.mona, ReviewState.VERIFIED)
        self.shift(e1, "4", ShiftState.CONFIRMED, at(1, 8), at(1, 9))
        self.shift(e1, "1", ShiftState.PENDING, at(1, 10))
        self.shift(e3, "3", ShiftState.CONFIRMED, at(1, 22), at(1, 22, 22))
        self.shift(e3, "1", ShiftState.DISPUTED, at(1, 22, 11), at(1, 23))
        # Ready.
        self.ready(e1, at(1, 15))
        self.ready(e2, at(2, 1))
        self.ready(e3, at(1, 26))
        self.ready(e5, at(2, 10))
        # Certificates: Ann's Alpha one expires 15 Mar (due from 13 Feb, a 30-day window); Ben's
        # lasts a year; Ann's Beta one, without expiry, is revoked on 10 Mar.
        self.certificate(e1, datetime.date(2026, 1, 15), datetime.date(2026, 3, 15), code="A")
        self.certificate(e3, datetime.date(2026, 1, 26), datetime.date(2027, 1, 26), code="B")
        self.certificate(e5, datetime.date(2026, 2, 10), revoked=at(3, 10), code="C")
        self.quiz()

    def quiz(self):
        """Week 1 check: Ann fails twice then passes; Abe and Ben pass at once (Ben's graded by the
        mentor in 3 hours). Question 1 everyone gets right; question 2 only those who pass."""
        bank = QuestionBank.objects.create(name=f"Bank {self.ann.username}")
        questions = [Question.objects.create(bank=bank, name=f"{self.ann.username} Q{i}", kind="single", text="?")
                     for i in (1, 2)]
        self.check, _ = Quiz.objects.get_or_create(slug="check", defaults={"title": "Week 1 check"})
        for user, number, passed, submitted, reviewer in [
            (self.ann, 1, False, at(1, 10), None), (self.ann, 2, False, at(1, 11), None),
            (self.ann, 3, True, at(1, 12), None), (self.abe, 1, True, at(1, 13), None),
            (self.ben, 1, True, at(2, 1), self.mentor),
        ]:
            attempt = Attempt.objects.create(
                user=user, quiz=self.check, number=number, status=AttemptStatus.GRADED, submitted_at=submitted,
                started_at=submitted - datetime.timedelta(minutes=20), passed=passed, max_points=2,
                score_points=2 if passed else 1, score_percent=100 if passed else 50, reviewed_by=reviewer,
                graded_at=submitted + datetime.timedelta(hours=3))
            for position, (question, points) in enumerate(zip(questions, [1, 1 if passed else 0], strict=True)):
                Response.objects.create(attempt=attempt, question=question, position=position, max_points=1,
                                        points=points, selected=[1])
        self.questions = questions
