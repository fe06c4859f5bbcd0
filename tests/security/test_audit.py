"""The audit log: every sign-off, revocation, import, export and role change, with who, when, what
and from where; append-only; a page for training admins, filterable, in a fixed number of queries.
OWASP ASVS 5.0 V16.2.1 (each log entry says when, where, who and what), V16.3.1 (authentication
and authorization decisions logged), V16.3.2 (failed authorization logged through the sign-off
record), V16.4.2 (logs protected from modification)."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.services import question_bank_import_gift
from content.services import library_import
from tests.factories import TeamFactory, TrainingAdminFactory, UserFactory
from tests.training.certification.test_certificates import certified, finish
from tests.training.factories import SIMPLE_TRACK, ExerciseFactory, Org
from training.audit import recorder
from training.audit.models import AuditEvent, AuditKind
from training.certification import certificates
from training.tracks import services as track_services
from training.workflow.models import SignOff, SignOffAction

pytestmark = pytest.mark.django_db
AUDIT = reverse("training:audit_log")
EXERCISES = """## Practise {slug: practise, minutes: 20}

### Instructions
1. Do it.

### Sign-off checklist
- [ ] Done
"""


def logged_in(user, address="203.0.113.9"):
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


def latest(kind):
    return AuditEvent.objects.filter(kind=kind).order_by("-pk").first()


class TestDecisions:
    def test_the_final_sign_off_through_the_site_records_who_when_what_and_from_where(self):
        org = Org()
        finish(org)
        before = timezone.now()
        logged_in(org.manager).post(reverse("training:sign_off", args=[org.enrollment.pk]), {"comment": "Welcome"})
        signoff = SignOff.objects.get(action=SignOffAction.SIGNED_OFF)
        event = signoff.audit_event
        assert event.kind == AuditKind.SIGN_OFF and event.actor == org.manager
        assert event.origin == "web" and event.ip == "203.0.113.9"
        assert event.at == signoff.at and event.at >= before
        # Every sign-off record is in the log, once (the event points to it; it copies nothing).
        assert AuditEvent.objects.filter(signoff__isnull=False).count() == SignOff.objects.count()

    def test_a_revocation_is_its_own_kind(self):
        certificate = certified(Org())
        admin = TrainingAdminFactory()
        logged_in(admin, "198.51.100.7").post(reverse("training:certificate_revoke", args=[certificate.pk]),
                                              {"reason": "Misreported"})
        event = latest(AuditKind.REVOCATION)
        assert event.actor == admin and event.ip == "198.51.100.7"
        assert event.signoff.action == SignOffAction.REVOKED and "Misreported" in event.signoff.comment

    def test_the_page_shows_the_decision_from_its_sign_off_record(self):
        certificate = certified(Org())
        certificates.certificate_revoke(certificate=certificate, by=TrainingAdminFactory(username="ta"),
                                        reason="Left the rota")
        page = logged_in(TrainingAdminFactory()).get(AUDIT, {"kind": "revocation"}).content.decode()
        assert "Revoked" in page and "Left the rota" in page and "system" in page


class TestImports:
    def test_a_track_and_its_exercises_imported_on_the_command_line_name_the_os_user(self):
        with recorder.as_command("import_track"):
            track_services.exercises_import(text=EXERCISES)
            track_services.track_import(text=SIMPLE_TRACK.format(exercise="practise"))
        events = AuditEvent.objects.filter(kind=AuditKind.IMPORT).order_by("pk")
        summaries = [e.summary for e in events]
        assert any(s.startswith("track file imported: Simple track (simple) version 1") for s in summaries)
        assert all(e.origin == "command line (import_track)" and e.actor is None and e.actor_name for e in events)

    def test_a_refused_or_dry_run_import_records_nothing(self):
        ExerciseFactory(slug="practise")
        count = AuditEvent.objects.count()
        track_services.track_import(text=SIMPLE_TRACK.format(exercise="practise"), dry_run=True)
        with pytest.raises(Exception):  # noqa: B017 - TrackFileError, with its line
            track_services.track_import(text=SIMPLE_TRACK.format(exercise="missing"), strict=True)
        assert AuditEvent.objects.count() == count

    def test_a_document_library_import_is_recorded_through_contents_signal(self, tmp_path):
        Path(tmp_path / "runbook.md").write_text("# Runbook\n\nRestart it.\n", encoding="utf-8")
        library_import(path=tmp_path)
        event = latest(AuditKind.IMPORT)
        assert event.summary.startswith(f"document library imported from {tmp_path}")
        assert "1 created" in event.summary
        library_import(path=tmp_path, dry_run=True)
        assert latest(AuditKind.IMPORT) == event

    def test_a_gift_import_is_recorded_through_assessments_signal(self):
        question_bank_import_gift(bank_name="Week 1", source="::q1:: Is the sky blue? {T}\n\n::q2:: Two? {=2 ~3}\n")
        assert latest(AuditKind.IMPORT).summary == "GIFT questions imported into the bank “Week 1”: 2 question(s)"

    def test_content_and_assessments_know_nothing_of_training(self):
        root = Path(__file__).resolve().parents[2]
        for app in ("content", "assessments"):
            for source in (root / app).rglob("*.py"):
                text = source.read_text(encoding="utf-8")
                assert "from training" not in text and "import training" not in text, source


class TestExports:
    def test_a_report_download_and_a_bulk_export_are_recorded(self, django_capture_on_commit_callbacks):
        org = Org()
        client = logged_in(org.manager)
        client.get(reverse("training:team_report_csv", args=[org.team.slug]))
        event = latest(AuditKind.EXPORT)
        assert event.actor == org.manager and event.ip == "203.0.113.9"
        assert "team report CSV downloaded" in event.summary and f"{org.team.slug}-team-report.csv" in event.summary
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("training:export_start", args=[org.team.slug]))
        assert latest(AuditKind.EXPORT).summary.startswith(f"bulk export of team {org.team.slug} started")

    def test_a_refused_download_is_not_an_export(self):
        org = Org()
        count = AuditEvent.objects.count()
        logged_in(org.engineer).get(reverse("training:team_report_csv", args=[org.team.slug]))
        Client().get(reverse("training:team_report_csv", args=[org.team.slug]))
        assert AuditEvent.objects.count() == count

    def test_a_track_export_is_recorded(self):
        ExerciseFactory(slug="practise")
        track, _ = track_services.track_import(text=SIMPLE_TRACK.format(exercise="practise"))
        logged_in(TrainingAdminFactory()).get(reverse("training:track_export", args=[track.slug, track.version]))
        assert latest(AuditKind.EXPORT).summary.startswith("track file downloaded")

    def test_exports_on_the_command_line_name_what_went_where_and_the_os_user(self, tmp_path):
        ExerciseFactory(slug="practise")
        track_services.track_import(text=SIMPLE_TRACK.format(exercise="practise"))
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "runbook.md").write_text("# Runbook\n\nRestart it.\n", encoding="utf-8")
        library_import(path=tmp_path / "in")
        question_bank_import_gift(bank_name="Week 1", source="::q1:: Is the sky blue? {T}\n")
        commands = [
            ("export_track", ["simple", "-o", str(tmp_path / "simple.md")],
             f"track file written to {tmp_path / 'simple.md'}: Simple track (simple) version 1"),
            ("export_track", ["simple"], "track file written to standard output: Simple track (simple) version 1"),
            ("export_docs", [str(tmp_path / "docs")],
             f"document library written to {tmp_path / 'docs'}: 1 document(s)"),
            ("export_questions", ["--bank", "Week 1"],
             "GIFT questions of the bank “Week 1” written to standard output: 1 question(s)"),
        ]
        for name, arguments, summary in commands:
            with recorder.as_command(name):
                call_command(name, *arguments, stdout=io.StringIO(), stderr=io.StringIO())
            event = latest(AuditKind.EXPORT)
            assert event.summary == summary
            assert (event.origin, event.actor, event.ip) == (f"command line ({name})", None, None)
            assert event.actor_name

    def test_a_refused_command_line_export_records_nothing(self):
        count = AuditEvent.objects.count()
        for name, arguments in [("export_track", ["nope"]), ("export_questions", ["--bank", "nope"])]:
            with pytest.raises(CommandError):
                call_command(name, *arguments)
        assert AuditEvent.objects.count() == count


class TestRoleChanges:
    def summaries(self):
        return [e.summary for e in AuditEvent.objects.filter(kind=AuditKind.ROLE_CHANGE).order_by("pk")]

    def test_team_membership_and_manager_changes(self):
        manager, alice, bob = UserFactory(username="mgr"), UserFactory(username="alice"), UserFactory(username="bob")
        team = TeamFactory(name="Ops", manager=manager)
        team.members.add(alice, bob)
        bob.teams.remove(team)
        team.managers.add(alice)
        manager.managed_teams.remove(team)
        team.hosts.add(bob)
        team.mentors.add(bob)
        team.members.clear()
        team.hosts.clear()
        assert self.summaries() == [
            "team Ops created", "mgr became a manager of team Ops", "alice joined team Ops", "bob joined team Ops",
            "bob left team Ops", "alice became a manager of team Ops", "mgr is no longer a manager of team Ops",
            "bob became a shadow host of team Ops", "bob became a mentor of team Ops", "alice left team Ops",
            "bob is no longer a shadow host of team Ops",
        ]
        assert AuditEvent.objects.get(summary="alice became a manager of team Ops").subject == alice

    def test_groups_permissions_and_flags(self):
        user = UserFactory(username="carol")
        group = Group.objects.create(name="Trainers")
        permission = Permission.objects.get(codename="manage_training")
        user.groups.add(group)
        group.permissions.add(permission)
        user.user_permissions.add(permission)
        user.is_staff = True
        user.save()
        user.is_active = False
        user.save()
        user.user_permissions.clear()
        assert self.summaries() == [
            "carol: groups added: Trainers",
            "group Trainers: permissions added: training.manage_training",
            "carol: permissions added: training.manage_training",
            "user carol: is_staff False → True",
            "user carol: is_active True → False",
            "carol: permissions removed (cleared): training.manage_training",
        ]

    def test_a_change_in_the_django_admin_names_the_admin_and_their_address(self):
        superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
        target = UserFactory(username="dave")
        client = logged_in(superuser, "192.0.2.44")
        data = {"username": "dave", "is_active": "on", "is_staff": "on", "date_joined_0": "2026-01-01",
                "date_joined_1": "09:00:00", "initial-date_joined_0": "2026-01-01",
                "initial-date_joined_1": "09:00:00"}
        response = client.post(reverse("admin:auth_user_change", args=[target.pk]), data)
        assert response.status_code == 302
        event = latest(AuditKind.ROLE_CHANGE)
        assert event.summary == "user dave: is_staff False → True"
        assert (event.actor, event.subject, event.origin, event.ip) == (superuser, target, "web", "192.0.2.44")

    def test_logging_in_is_not_a_role_change(self):
        user = UserFactory()
        count = AuditEvent.objects.count()
        Client().login(username=user.username, password="pass")
        assert AuditEvent.objects.count() == count


class TestAppendOnly:
    def test_an_event_cannot_be_changed_or_deleted(self):
        TeamFactory()
        event = AuditEvent.objects.order_by("pk").first()
        event.summary = "nothing happened"
        with pytest.raises(ValidationError):
            event.save()
        with pytest.raises(ValidationError):
            event.delete()
        with pytest.raises(ValidationError):
            AuditEvent.objects.update(summary="nothing")
        with pytest.raises(ValidationError):
            AuditEvent.objects.all().delete()
        assert AuditEvent.objects.order_by("pk").first().summary.startswith("team ")


class TestPage:
    def make(self, count, *, actor):
        for i in range(count):
            recorder.record(kind=AuditKind.EXPORT if i % 2 else AuditKind.IMPORT, summary=f"event {i}", actor=actor)

    def test_filters_by_kind_person_and_dates(self):
        admin = TrainingAdminFactory(username="auditor")
        erin = UserFactory(username="erin")
        self.make(3, actor=erin)
        old = recorder.record(kind=AuditKind.IMPORT, summary="long ago",
                              at=timezone.now() - datetime.timedelta(days=40))
        client = logged_in(admin)
        by_erin = client.get(AUDIT, {"person": "erin"}).context["page"]
        assert {e.actor for e in by_erin} == {erin} and len(by_erin) == 3
        exports = client.get(AUDIT, {"kind": "export"}).context["page"]
        assert {e.kind for e in exports} == {AuditKind.EXPORT}
        since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
        assert old not in client.get(AUDIT, {"since": since}).context["page"]
        until = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
        assert list(client.get(AUDIT, {"until": until}).context["page"]) == [old]
        response = client.get(AUDIT, {"person": "nobody"})
        assert "No user with that username." in response.content.decode()

    def test_newest_first_and_paginated_keeping_the_filter(self):
        admin = TrainingAdminFactory()
        self.make(120, actor=admin)
        client = logged_in(admin)
        first = client.get(AUDIT, {"kind": "export"})
        page = first.context["page"]
        assert page.paginator.count == 60 and len(page) == 50
        assert [e.at for e in page] == sorted((e.at for e in page), reverse=True)
        assert "?kind=export&amp;page=2" in first.content.decode()

    def test_the_page_takes_the_same_number_of_queries_for_5_or_50_events(self):
        org = Org()
        finish(org)  # sign-offs of every kind, with their steps
        client = logged_in(TrainingAdminFactory())

        def queries():
            client.get(AUDIT)  # the session's own writes settle first
            with CaptureQueriesContext(connection) as captured:
                assert client.get(AUDIT).status_code == 200
            return len(captured.captured_queries)

        self.make(5 - AuditEvent.objects.count() % 5, actor=org.manager)
        few = queries()
        self.make(45, actor=org.mentor)
        assert AuditEvent.objects.count() >= 50
        assert queries() == few
