"""Each event comes from where the training happens: enrolling, the final sign-off, a revocation,
who may carry the pager, and the daily run's expiry scan; each goes to the webhooks of the
person's teams once, and to the webhooks for every team once."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import TeamFactory
from tests.training.certification.test_certificates import certified, finish
from tests.training.factories import Org
from training.certification import certificates
from training.site.daily import send_reminders_task
from training.webhooks import services
from training.webhooks.models import WebhookDelivery, WebhookEvent
from training.webhooks.receivers import expiry_events_publish
from training.workflow import services as workflow

pytestmark = pytest.mark.django_db


def by_type(receiver):
    return {r.json["type"]: r.json["data"] for r in receiver.requests}


class TestWorkflowAndCertification:
    def test_the_final_sign_off_announces_ready_certificate_and_eligibility(
            self, receiver, subscribe, django_capture_on_commit_callbacks):
        subscribe()
        with django_capture_on_commit_callbacks(execute=True):
            org = Org()
            certificate = certified(org)
        assert sorted(receiver.types()) == ["certificate.issued", "eligibility.changed", "engineer.ready",
                                            "enrollment.created"]
        assert all(r.verified for r in receiver.requests)
        data = by_type(receiver)
        person = {"username": org.engineer.username, "name": org.engineer.get_full_name(), "email": org.engineer.email}
        track = {"slug": "simple", "name": "Simple track", "version": 1}
        team = {"slug": org.team.slug, "name": org.team.name}
        assert data["enrollment.created"] == {
            "enrollment": {"id": org.enrollment.pk, "start_date": org.enrollment.start_date.isoformat(),
                           "target_date": None},
            "person": person, "teams": [team], "track": track,
            "manager": {"username": org.manager.username, "name": org.manager.get_full_name(),
                        "email": org.manager.email},
            "mentor": {"username": org.mentor.username, "name": org.mentor.get_full_name(), "email": org.mentor.email},
            "by": {"username": org.manager.username, "name": org.manager.get_full_name(), "email": org.manager.email},
        }
        assert data["engineer.ready"]["person"] == person and data["engineer.ready"]["teams"] == [team]
        assert data["engineer.ready"]["signed_off_by"]["username"] == org.manager.username
        issued = data["certificate.issued"]
        assert issued["certificate"] == {
            "code": certificate.display_code, "issued_on": certificate.issued_on.isoformat(),
            "expires_on": certificate.expires_on.isoformat(), "state": "valid",
            "verify_url": f"http://testserver/verify/{certificate.display_code}/",
            "credential_url": f"http://testserver/verify/{certificate.display_code}/credential.jwt"}
        assert issued["track"] == track and issued["signer"]["username"] == org.manager.username
        gained = data["eligibility.changed"]
        assert gained["eligible"] is True and gained["team"] == team and gained["person"] == person
        assert gained["reason"] == "signed off and certified"
        assert gained["certificate"]["code"] == certificate.display_code

    def test_a_revocation_announces_itself_and_the_lost_eligibility(
            self, receiver, subscribe, training_admin, django_capture_on_commit_callbacks):
        org = Org()
        certificate = certified(org)
        subscribe(events="certificate.revoked,eligibility.changed")
        with django_capture_on_commit_callbacks(execute=True):
            certificates.certificate_revoke(certificate=certificate, by=training_admin, reason="Exam fraud")
        assert sorted(receiver.types()) == ["certificate.revoked", "eligibility.changed"]
        data = by_type(receiver)
        assert data["certificate.revoked"]["reason"] == "Exam fraud"
        assert data["certificate.revoked"]["revoked_by"]["username"] == training_admin.username
        assert data["certificate.revoked"]["certificate"]["state"] == "revoked"
        lost = data["eligibility.changed"]
        assert lost["eligible"] is False and lost["reason"].endswith("revoked: Exam fraud")

    def test_a_webhook_gets_only_the_events_it_chose(self, receiver, subscribe, django_capture_on_commit_callbacks):
        subscribe(events=["certificate.issued"])
        with django_capture_on_commit_callbacks(execute=True):
            certified(Org())
        assert receiver.types() == ["certificate.issued"]

    def test_nothing_is_recorded_when_no_webhook_listens(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            certified(Org())
        assert not WebhookEvent.objects.exists() and not WebhookDelivery.objects.exists()


class TestTeams:
    def test_a_person_in_two_teams_reaches_each_matching_webhook_once(
            self, receiver, training_admin, django_capture_on_commit_callbacks):
        org = Org()
        second, elsewhere = TeamFactory(slug="second"), TeamFactory(slug="elsewhere")
        second.members.add(org.engineer)
        hooks = {name: services.subscription_create(url=receiver.url + f"/{name}", events="all", team=team,
                                                    by=training_admin)[0]
                 for name, team in (("all", None), ("first", org.team), ("second", second), ("elsewhere", elsewhere))}
        with django_capture_on_commit_callbacks(execute=True):
            finish(org)
            workflow.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
        ready = [r.path for r in receiver.requests if r.json["type"] == "engineer.ready"]
        assert sorted(ready) == ["/hooks/shiftready/all", "/hooks/shiftready/first", "/hooks/shiftready/second"]
        assert not WebhookDelivery.objects.filter(subscription=hooks["elsewhere"]).exists()
        (event,) = WebhookEvent.objects.filter(type="engineer.ready")
        assert {t["slug"] for t in event.data["teams"]} == {org.team.slug, "second"}
        # Eligibility is per team: each team's webhook hears about its own team only.
        eligible = sorted((r.path, r.json["data"]["team"]["slug"]) for r in receiver.requests
                          if r.json["type"] == "eligibility.changed")
        assert eligible == sorted([("/hooks/shiftready/all", org.team.slug), ("/hooks/shiftready/all", "second"),
                                   ("/hooks/shiftready/first", org.team.slug), ("/hooks/shiftready/second", "second")])


class TestExpiry:
    @pytest.fixture
    def certificate(self):
        return certified(Org())

    def test_expiring_at_30_7_and_1_days_then_expired_each_once(self, receiver, subscribe, certificate,
                                                                django_capture_on_commit_callbacks):
        subscribe(events="certificate.expiring,certificate.expired")
        expires = certificate.expires_on
        days = [40, 30, 29, 20, 7, 6, 1, 0, -1, -2]
        with django_capture_on_commit_callbacks(execute=True):
            for left in days:
                expiry_events_publish(today=expires - datetime.timedelta(days=left))
                expiry_events_publish(today=expires - datetime.timedelta(days=left))  # the same day again
        sent = [(r.json["type"], r.json["data"].get("days_left")) for r in receiver.requests]
        assert sent == [("certificate.expiring", 30), ("certificate.expiring", 7), ("certificate.expiring", 1),
                        ("certificate.expired", None)]
        expired = receiver.requests[-1].json["data"]
        assert expired["certificate"]["state"] == "expired" and expired["person"]["username"] == "engineer"
        assert all(r.verified for r in receiver.requests)

    def test_a_late_run_sends_the_latest_step_only(self, receiver, subscribe, certificate,
                                                   django_capture_on_commit_callbacks):
        subscribe(events="certificate.expiring")
        with django_capture_on_commit_callbacks(execute=True):
            expiry_events_publish(today=certificate.expires_on - datetime.timedelta(days=5))
        assert [r.json["data"]["days_left"] for r in receiver.requests] == [5]
        assert WebhookEvent.objects.get().key == f"certificate.expiring:{certificate.code}:7"

    def test_a_revoked_or_renewed_certificate_is_not_announced(self, receiver, subscribe, certificate, training_admin,
                                                               django_capture_on_commit_callbacks):
        subscribe(events="certificate.expiring,certificate.expired")
        certificates.certificate_revoke(certificate=certificate, by=training_admin, reason="Left the rota")
        with django_capture_on_commit_callbacks(execute=True):
            expiry_events_publish(today=certificate.expires_on - datetime.timedelta(days=7))
            expiry_events_publish(today=certificate.expires_on + datetime.timedelta(days=1))
        assert receiver.requests == []

    def test_the_daily_run_publishes_them(self, receiver, subscribe, certificate, django_capture_on_commit_callbacks):
        subscribe(events="certificate.expiring")
        day = certificate.expires_on - datetime.timedelta(days=30)
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders_task.call(day=day.isoformat())
        (request,) = receiver.requests
        assert request.json["type"] == "certificate.expiring" and request.json["data"]["days_left"] == 30
        assert request.json["data"]["certificate"]["expires_on"] == certificate.expires_on.isoformat()
        assert timezone.localdate() < certificate.expires_on
