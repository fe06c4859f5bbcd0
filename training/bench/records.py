"""The records hanging from each enrollment of the benchmark's organisation: step progress,
exercise logs, shadow shifts, reading, quiz attempts, sign-offs, certificates, and the objects each
measurement starts from."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from assessments.models import Attempt, Response
from assessments.services import attempt_start
from content.models import ReadAcknowledgement
from training.access import training_admins_group
from training.certification.certificates import new_code, render_certificate, sha256_of
from training.certification.models import Certificate
from training.teams.models import person_name
from training.workflow.models import (
    ExerciseLog,
    ProgressStatus,
    ShadowIncident,
    ShadowShift,
    SignOff,
    SignOffAction,
    StepProgress,
)

from .sizes import BATCH, bulk


class RecordsBuilder:
    def progress(self):
        progress = []
        self.done_steps = {}  # enrollment -> [step]
        for enrollment in self.enrollment_rows:
            steps = self.steps[enrollment.track_id]
            frontier = self.frontier[enrollment.pk]
            submits = self.mentor_submits.get(enrollment.pk, set())
            done = []
            for index, step in enumerate(steps):
                at = self.now - timedelta(days=len(steps) - index, hours=enrollment.pk % 24)
                if index < frontier:
                    status, started, completed = ProgressStatus.DONE, at, at
                    done.append(step)
                elif step.pk in submits or (index == frontier and enrollment.status == "active"
                                            and step.kind == "exercise"):
                    status, started, completed = ProgressStatus.SUBMITTED, at, None
                elif index == frontier and enrollment.status == "active":
                    status, started, completed = ProgressStatus.IN_PROGRESS, at, None
                else:
                    status, started, completed = ProgressStatus.NOT_STARTED, None, None
                progress.append(StepProgress(enrollment_id=enrollment.pk, step=step, status=status,
                                             started_at=started, completed_at=completed))
            self.done_steps[enrollment.pk] = done
        bulk(StepProgress, progress)
        self.progress_ids = {
            (e, s): (pk, status) for pk, e, s, status in StepProgress.objects.filter(
                enrollment__track__in=self.tracks).values_list("pk", "enrollment_id", "step_id", "status")
        }

        # Exercise logs: verified for done exercise steps, waiting for submitted ones; one returned
        # log on the bench engineer's active enrollment (what "Returned to you" shows).
        logs = []
        for enrollment in self.enrollment_rows:
            decider = self.mentor_of.get(enrollment.pk, enrollment.mentor_id)
            for step in self.steps[enrollment.track_id]:
                if step.kind != "exercise":
                    continue
                pk, status = self.progress_ids[(enrollment.pk, step.pk)]
                if status == ProgressStatus.DONE:
                    logs.append(ExerciseLog(progress_id=pk, notes="Did the exercise on staging.",
                                            checklist_ticks=[0, 1], state="verified",
                                            submitted_at=self.now - timedelta(days=3),
                                            decided_at=self.now - timedelta(days=2), decided_by_id=decider,
                                            comment="Evidence checked."))
                elif status == ProgressStatus.SUBMITTED:
                    logs.append(ExerciseLog(progress_id=pk, notes="Done on staging; task 7f3a followed to the end.",
                                            checklist_ticks=[0, 1], state="submitted",
                                            submitted_at=self.now - timedelta(minutes=len(logs) % 5000)))
        bulk(ExerciseLog, logs)

        # Shadow shifts: done shadow steps have their confirmed hours (one lead shift); an active
        # enrollment standing on its shadow step has a shift waiting for the host.
        shifts = []
        for enrollment in self.enrollment_rows:
            for step in self.steps[enrollment.track_id]:
                if step.kind != "shadow":
                    continue
                pk, status = self.progress_ids[(enrollment.pk, step.pk)]
                host = self.hosts[enrollment.pk % len(self.hosts)]
                day = self.today - timedelta(days=5)
                if status == ProgressStatus.DONE:
                    shifts.append(ShadowShift(progress_id=pk, date=day, hours=step.hours / 2, host_id=host,
                                              role="observe", state="confirmed", decided_at=self.now,
                                              notes="Quiet shift."))
                    shifts.append(ShadowShift(progress_id=pk, date=day, hours=step.hours / 2, host_id=host,
                                              role="lead", state="confirmed", decided_at=self.now,
                                              notes="Led the hand-over."))
                elif status == ProgressStatus.IN_PROGRESS:
                    shifts.append(ShadowShift(progress_id=pk, date=day, hours=Decimal("4"), host_id=host,
                                              notes="Evening shift."))
        bulk(ShadowShift, shifts)
        ShadowIncident.objects.bulk_create([
            ShadowIncident(shift_id=pk, reference=f"INC-{pk}", severity="P3", summary="Retry queue spike")
            for pk in ShadowShift.objects.filter(role="lead").values_list("pk", flat=True)[:2000]
        ], batch_size=BATCH)

    def reading(self):
        seen, rows = set(), []
        for enrollment in self.enrollment_rows:
            for step in self.done_steps[enrollment.pk]:
                if step.kind != "read":
                    continue
                document = self.doc_versions[step.ref]
                if (enrollment.engineer_id, document) in seen:
                    continue
                seen.add((enrollment.engineer_id, document))
                rows.append(ReadAcknowledgement(user_id=enrollment.engineer_id, document_id=document,
                                                version_id=self.doc_current[document],
                                                acknowledged_at=self.now - timedelta(days=4)))
        bulk(ReadAcknowledgement, rows)

    def attempts(self):
        """A passed attempt for each (engineer, quiz) with a done quiz step, failed first attempts
        before some of them, up to the size's number of attempts."""
        passes = []
        for enrollment in self.enrollment_rows:
            for step in self.done_steps[enrollment.pk]:
                if step.kind == "quiz":
                    passes.append((enrollment.engineer_id, self.quiz_by_slug[step.ref].pk))
        passes = list(dict.fromkeys(passes))[:self.size.attempts]
        failed = passes[:max(0, self.size.attempts - len(passes))]
        rows = []
        for user, quiz in failed:
            rows.append(Attempt(user_id=user, quiz_id=quiz, number=1, status="graded", max_points=Decimal("10"),
                                score_points=Decimal("5"), score_percent=Decimal("50"), passed=False,
                                started_at=self.now - timedelta(days=6), submitted_at=self.now - timedelta(days=6),
                                graded_at=self.now - timedelta(days=6)))
        failed_set = set(failed)
        for user, quiz in passes:
            rows.append(Attempt(user_id=user, quiz_id=quiz, number=2 if (user, quiz) in failed_set else 1,
                                status="graded", max_points=Decimal("10"), score_points=Decimal("9"),
                                score_percent=Decimal("90"), passed=True, started_at=self.now - timedelta(days=5),
                                submitted_at=self.now - timedelta(days=5), graded_at=self.now - timedelta(days=5)))
        bulk(Attempt, rows)
        responses = []
        for attempt_pk, quiz, passed in Attempt.objects.filter(quiz__in=self.quiz_list).values_list(
                "pk", "quiz_id", "passed"):
            for position, question in enumerate(self.quiz_questions[quiz], start=1):
                right = passed or position % 2 == 0
                chosen = self.first_choice[question.pk] if right else self.first_choice[question.pk] + 1
                responses.append(Response(attempt_id=attempt_pk, question=question, position=position,
                                          choice_order=[], selected=[chosen], max_points=Decimal("1"),
                                          points=Decimal("1") if right else Decimal("0"),
                                          answered_at=self.now - timedelta(days=5)))
        bulk(Response, responses)

    def signoffs(self):
        track_version = {t.pk: t.version for t in self.tracks}
        mandatory, optional = [], []
        logs = {}
        for pk, progress_id, state, decided_by in ExerciseLog.objects.filter(
                progress__enrollment__track__in=self.tracks).values_list("pk", "progress_id", "state", "decided_by_id"):
            logs[progress_id] = (pk, state, decided_by)
        progress_of = {pk: (e, s) for (e, s), (pk, _status) in self.progress_ids.items()}
        for enrollment in self.enrollment_rows:
            version = track_version[enrollment.track_id]
            base = {"enrollment_id": enrollment.pk, "track_version": version}
            mandatory.append(SignOff(action=SignOffAction.ENROLLED, by_id=enrollment.manager_id,
                                     at=self.now - timedelta(days=40), comment="Enrolled", **base))
            for step in self.done_steps[enrollment.pk]:
                optional.append(SignOff(action=SignOffAction.COMPLETED, step=step, by_id=enrollment.engineer_id,
                                        at=self.now - timedelta(days=20), **base))
            if enrollment.status == "ready":
                mandatory.append(SignOff(action=SignOffAction.READINESS, by_id=enrollment.manager_id,
                                         at=enrollment.readiness_completed_at, **base))
                mandatory.append(SignOff(action=SignOffAction.SIGNED_OFF, by_id=enrollment.manager_id,
                                         at=enrollment.ready_at, **base))
        for progress_id, (log, state, decided_by) in logs.items():
            enrollment, step = progress_of[progress_id]
            base = {"enrollment_id": enrollment, "step_id": step, "exercise_log_id": log,
                    "track_version": 1}
            if state == "submitted":
                engineer = self._engineer_of(enrollment)
                mandatory.append(SignOff(action=SignOffAction.SUBMITTED, by_id=engineer,
                                         at=self.now - timedelta(hours=1), **base))
            else:
                optional.append(SignOff(action=SignOffAction.VERIFIED, by_id=decided_by,
                                        at=self.now - timedelta(days=2), **base))
        for pk, progress_id, host in ShadowShift.objects.filter(
                state="confirmed", progress__enrollment__track__in=self.tracks).values_list("pk", "progress_id",
                                                                                           "host_id"):
            enrollment, step = progress_of[progress_id]
            optional.append(SignOff(action=SignOffAction.CONFIRMED, step_id=step, shadow_shift_id=pk, by_id=host,
                                    enrollment_id=enrollment, track_version=1, at=self.now - timedelta(days=3)))
        room = max(0, self.size.signoffs - len(mandatory))
        kept = optional if len(optional) <= room else self.rng.sample(optional, room)
        rows = sorted(mandatory + kept, key=lambda s: s.at)
        bulk(SignOff, rows)
        self.org.counts["signoffs_full_history"] = len(mandatory) + len(optional)

    def _engineer_of(self, enrollment_pk):
        if not hasattr(self, "_engineers"):
            self._engineers = {e.pk: e.engineer_id for e in self.enrollment_rows}
        return self._engineers[enrollment_pk]

    def certificates(self):
        """Certificates of ready enrollments, all pointing at one real stored PDF; a few ready
        enrollments stay without one, for the first-render measurement."""
        User = get_user_model()
        names = {u.pk: person_name(u) for u in User.objects.filter(email__endswith="@bench.example")}
        ready = [e for e in self.enrollment_rows if e.status == "ready"]
        bench_team = set(self.team_members[0])
        export_pool = {e for j in range(self.size.export_jobs) for e in self.team_members[1 + j]}
        spare = [e for e in ready if e.engineer_id not in bench_team and e.engineer_id not in export_pool][:4]
        self.org.uncertified = [e.pk for e in spare]
        first = next(e for e in ready if e.pk not in self.org.uncertified)
        sample = Certificate(enrollment=first, code=new_code(), engineer_id=first.engineer_id,
                             engineer_name=names[first.engineer_id], track_id=first.track_id, track_version=1,
                             signer_id=first.manager_id, signer_name=names[first.manager_id],
                             issued_on=self.today, expires_on=self.today + timedelta(days=365))
        content = render_certificate(sample)
        name = default_storage.save("certificates/bench/shared.pdf", ContentFile(content))
        digest = sha256_of([content])
        rows = []
        for enrollment in ready:
            if enrollment.pk in self.org.uncertified:
                continue
            issued = timezone.localdate(enrollment.ready_at)
            rows.append(Certificate(
                enrollment_id=enrollment.pk, code=new_code(), engineer_id=enrollment.engineer_id,
                engineer_name=names[enrollment.engineer_id], track_id=enrollment.track_id, track_version=1,
                signer_id=enrollment.manager_id, signer_name=names[enrollment.manager_id], issued_on=issued,
                expires_on=issued + timedelta(days=365), pdf=name, sha256=digest,
            ))
        bulk(Certificate, rows)

    def specials(self):
        """The people and objects each measurement starts from."""
        size, org = self.size, self.org
        org.engineer = self.engineers[0]
        org.manager = self.managers[0]
        org.mentor = self.mentors[0]
        mine = [e for e in self.enrollment_rows if e.engineer_id == org.engineer]
        org.certified_enrollment = next(e.pk for e in mine if e.status == "ready")
        User = get_user_model()
        engineer = User.objects.get(pk=org.engineer)
        org.open_attempt = attempt_start(user=engineer, quiz=self.quiz_list[0]).pk
        # The metrics page as a training admin sees it: every team of the organisation.
        admin = User.objects.create(username="benchadmin", first_name="Bench", last_name="Admin", is_staff=True)
        admin.groups.add(training_admins_group())
        org.admin = admin.pk
        org.export_teams = [(self.team_ids[f"bench-team-{1 + j:03d}"], self.managers[1 + j])
                            for j in range(size.export_jobs)]

        # The shadowing log: a ready enrollment of the bench team (its shadow step is done with
        # two confirmed shifts) gets more shifts, up to ``shadow_shifts``, some still waiting.
        target = next(e for e in self.enrollment_rows if e.status == "ready"
                      and e.engineer_id in self.team_members[0] and e.engineer_id != org.engineer)
        org.shadow_enrollment = target.pk
        shadow_step = next(s for s in self.steps[target.track_id] if s.kind == "shadow")
        progress = StepProgress.objects.get(enrollment_id=target.pk, step=shadow_step)
        roles = ["observe", "assist", "lead"]
        have = ShadowShift.objects.filter(progress=progress).count()
        bulk(ShadowShift, [
            ShadowShift(progress=progress, date=self.today - timedelta(days=size.shadow_shifts - i),
                        hours=Decimal("2.5"), host_id=self.hosts[i % len(self.hosts)], role=roles[i % 3],
                        state="confirmed" if i % 10 else "disputed", decided_at=self.now,
                        comment="" if i % 10 else "I was not on call that night.",
                        notes=f"Shift {i}: followed the hourly checks and one restart of the agents.")
            for i in range(max(0, size.shadow_shifts - have))
        ])
        ShadowIncident.objects.bulk_create([
            ShadowIncident(shift_id=pk, reference=f"INC-{9000 + n}", severity="P2", summary="Broker failover")
            for n, pk in enumerate(ShadowShift.objects.filter(progress=progress).values_list("pk", flat=True)[::4])
        ])

        # One exercise returned to the bench engineer with a comment ("Returned to you").
        active = next(e for e in mine if e.status == "active")
        step = next(s for s in self.steps[active.track_id][self.frontier[active.pk] + 1:] if s.kind == "exercise")
        returned = StepProgress.objects.get(enrollment=active, step=step)
        returned.status = "returned"
        returned.started_at = self.now - timedelta(days=1)
        returned.save(update_fields=["status", "started_at"])
        ExerciseLog.objects.create(progress=returned, notes="First try.", checklist_ticks=[0, 1], state="returned",
                                   submitted_at=self.now - timedelta(days=1), decided_at=self.now,
                                   decided_by_id=active.mentor_id, comment="Add the task ID please.")
