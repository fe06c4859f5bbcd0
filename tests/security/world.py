"""One team's world for the security tests: every role of DESIGN.md, and one object of every kind
a URL can name (tests/security/test_access_matrix.py walks every URL against it)."""

import datetime

from django.test import Client
from django.utils import timezone

from assessments import services as quiz_services
from tests.assessments.factories import quiz_with, scenario, single_choice
from tests.content.factories import DocumentFactory, LearningPathItemFactory, ScenarioLinkFactory
from tests.factories import TeamFactory, TrainingAdminFactory, UserFactory
from tests.training.factories import Org
from training.api.tokens import personal_token_create
from training.certification import calendar_feed
from training.certification.models import Certificate
from training.checkins import services as checkins
from training.reports import exports
from training.tracks.models import StepKind
from training.webhooks import services as webhooks
from training.webhooks import signing
from training.webhooks.models import WebhookSubscription
from training.workflow import services
from training.workflow.models import ShiftRole

ROLES = ("anon", "engineer", "engineer2", "mentor", "host", "manager", "other_manager", "admin")
PASSWORD = "pass"  # tests.factories.UserFactory's


class World:
    """A team (manager, mentor, host, engineer, another engineer); another team with its
    manager; a training admin. The engineer's enrollment has an exercise log waiting and a shadow
    shift pending; the other engineer is signed off, with a certificate."""

    def __init__(self, capture_on_commit):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        self.org = org = Org(prefix="w-")
        self.engineer, self.mentor, self.host, self.manager = org.engineer, org.mentor, org.host, org.manager
        self.team, self.track, self.enrollment = org.team, org.track, org.enrollment
        self.engineer2 = UserFactory(username="w-engineer2", first_name="Ünï", last_name='"quote"; rm -rf /')
        self.team.members.add(self.engineer2)
        self.other_manager = UserFactory(username="w-other-manager")
        self.outsider = UserFactory(username="w-outsider")
        self.other_team = TeamFactory(name="Other team", slug="other-team", manager=self.other_manager,
                                      members=[self.outsider])
        self.admin = TrainingAdminFactory(username="w-admin")

        # The engineer's enrollment: an exercise log waiting, a shadow shift pending.
        self.exercise_progress = org.progress(StepKind.EXERCISE)
        self.checklist_progress = org.progress(StepKind.CHECKLIST)
        self.shadow_progress = org.progress(StepKind.SHADOW)
        self.log = services.exercise_log_submit(progress=self.exercise_progress, by=self.engineer,
                                                notes="Did the thing", ticks=[0, 1])
        self.shift = services.shadow_shift_log(progress=self.shadow_progress, by=self.engineer, date=yesterday,
                                               hours=4, host=self.host, role=ShiftRole.OBSERVE, notes="Watched")
        # Its week 1 check-in, recorded by the mentor; the engineer has not rated it yet.
        self.checkin = checkins.checkin_record(enrollment=self.enrollment, week=1, by=self.mentor,
                                               held_at=timezone.localdate(), mentor_confidence=3)

        # The other engineer: signed off, with a certificate.
        self.enrollment2 = services.enrollment_create(engineer=self.engineer2, track=self.track, by=self.manager,
                                                      mentor=self.mentor)
        progress = self.enrollment2.progress.select_related("step")
        log = services.exercise_log_submit(progress=progress.get(step__kind=StepKind.EXERCISE), by=self.engineer2,
                                           notes="Done", ticks=[0, 1])
        services.exercise_log_verify(log=log, by=self.mentor)
        services.step_complete_checklist(progress=progress.get(step__kind=StepKind.CHECKLIST), by=self.engineer2)
        shift = services.shadow_shift_log(progress=progress.get(step__kind=StepKind.SHADOW), by=self.engineer2,
                                          date=yesterday, hours=4, host=self.host, role=ShiftRole.LEAD)
        services.shadow_shift_confirm(shift=shift, by=self.host)
        services.readiness_complete(enrollment=self.enrollment2, by=self.manager,
                                    checked=self.track.readiness_items)
        services.enrollment_sign_off(enrollment=self.enrollment2, by=self.manager)
        self.certificate = Certificate.objects.get(enrollment=self.enrollment2)

        # The library.
        self.document = DocumentFactory(slug="w-runbook", title="Runbook")
        self.path = LearningPathItemFactory(document=self.document).path
        self.scenario = ScenarioLinkFactory(document=self.document).scenario

        # Quizzes: the engineer sits one; their scenario answer waits for a reviewer.
        self.quiz = quiz_with([single_choice()], slug="w-quiz")
        self.attempt = quiz_services.attempt_start(user=self.engineer, quiz=self.quiz)
        self.response = self.attempt.responses.get()
        self.scenario_quiz = quiz_with([scenario()], slug="w-scenario-quiz")
        attempt = quiz_services.attempt_start(user=self.engineer, quiz=self.scenario_quiz)
        self.scenario_attempt = quiz_services.attempt_submit(
            attempt=attempt, user=self.engineer,
            answers={attempt.responses.get().pk: {"text": "Check the broker, then escalate."}})

        # The manager's bulk export (built at once: the test task backend runs it on commit).
        with capture_on_commit(execute=True):
            self.export_job = exports.export_job_start(team=self.team, by=self.manager)
        self.export_job.refresh_from_db()
        self.feed = calendar_feed.calendar_feed_for(self.engineer2)

        # A webhook with one delivery queued (never sent: its commit never comes in a test).
        self.webhook = WebhookSubscription.objects.create(url="https://hooks.example.com/shiftready", events=["*"],
                                                          secret=signing.new_secret(), owner=self.admin)
        self.webhook_delivery = webhooks.subscription_ping(subscription=self.webhook, by=self.admin)

        # The engineer's personal API token.
        self.api_token, _ = personal_token_create(user=self.engineer, name="w-script",
                                                  expires_at=timezone.now() + datetime.timedelta(days=30))

    def user(self, role):
        return None if role == "anon" else getattr(self, role)

    def client(self, role):
        client = Client(raise_request_exception=False)
        if role != "anon":
            client.force_login(self.user(role))
        return client
