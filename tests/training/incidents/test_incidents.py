"""Major incidents: recording one, ticking its follow-ups (who and when), the re-reads its
documents' new versions caused, assigning the team a quiz or briefing from its page, the list's
fixed query count and empty state, and each denial."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services as content_services
from tests.content.factories import DocumentFactory
from tests.factories import TrainingAdminFactory
from tests.training.assignments.helpers import TODAY, team_quiz
from tests.training.certification.test_recertification import certify, org  # noqa: F401
from tests.training.factories import Org
from tests.training.incidents.helpers import record
from training.assignments.models import AssignmentReason, TeamAssignment
from training.audit.models import AuditEvent, AuditKind
from training.errors import TrainingError
from training.incidents import services
from training.incidents.models import FollowUp, Incident, IncidentFollowUp

pytestmark = pytest.mark.django_db
LIST = reverse("training:incident_list")


@pytest.fixture
def team():
    return Org(prefix="t-")


def detail(incident):
    return reverse("training:incident_detail", args=[incident.pk])


def html_of(client, user, url, data=None):
    client.force_login(user)
    response = client.post(url, data) if data is not None else client.get(url)
    return response, response.content.decode()


class TestRecording:
    def test_the_manager_records_an_incident_with_the_documents_it_touched(self, client, team):
        runbook = DocumentFactory(title="Operational runbooks")
        response, _html = html_of(client, team.manager, reverse("training:incident_create"), {
            "team": team.team.pk, "title": "RabbitMQ broker down", "occurred_on": TODAY.isoformat(),
            "severity": "p1", "summary": "Disk full", "documents": [runbook.pk]})
        incident = Incident.objects.get()
        assert response.status_code == 302 and response["Location"] == detail(incident)
        assert list(incident.documents.all()) == [runbook] and incident.recorded_by == team.manager
        event = AuditEvent.objects.get(kind=AuditKind.INCIDENT)
        assert f"{incident.reference} recorded for {team.team.name}: RabbitMQ broker down" in event.summary

    def test_a_date_in_the_future_is_refused_keeping_what_was_typed(self, client, team):
        tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
        response, html = html_of(client, team.manager, reverse("training:incident_create"), {
            "team": team.team.pk, "title": "Queue backlog", "occurred_on": tomorrow, "severity": "p2"})
        assert response.status_code == 200 and "The incident&#x27;s date is in the future." in html
        assert 'value="Queue backlog"' in html and not Incident.objects.exists()

    def test_another_teams_manager_is_refused_by_the_service(self, team):
        with pytest.raises(TrainingError, match="Only a manager of the team or a training admin"):
            record(team.team, Org(prefix="b-").manager)
        assert not Incident.objects.exists()


class TestFollowUps:
    def test_ticking_keeps_who_and_when_and_unticking_removes_it(self, client, team):
        incident = record(team.team, team.manager)
        url = reverse("training:incident_follow_up", args=[incident.pk])
        html_of(client, team.manager, url, {"item": "rca", "done": "1"})
        done = IncidentFollowUp.objects.get()
        assert (done.item, done.done_by) == (FollowUp.RCA, team.manager)
        _response, html = html_of(client, team.manager, detail(incident))
        assert html.count('data-testid="follow-up"') == 6 and html.count('data-testid="follow-up-done"') == 1
        html_of(client, team.manager, url, {"item": "rca", "done": "0"})
        assert not IncidentFollowUp.objects.exists()
        assert [e.summary.split(": ")[-1] for e in AuditEvent.objects.filter(kind=AuditKind.INCIDENT)
                .order_by("pk")][1:] == [FollowUp.RCA.label, FollowUp.RCA.label]

    def test_ticking_twice_or_an_unknown_item_is_refused(self, team):
        incident = record(team.team, team.manager)
        services.follow_up_tick(incident=incident, item="rca", by=team.manager)
        with pytest.raises(TrainingError, match="already ticked"):
            services.follow_up_tick(incident=incident, item="rca", by=team.manager)
        with pytest.raises(TrainingError, match="not one of the incident's follow-ups"):
            services.follow_up_tick(incident=incident, item="coffee", by=team.manager)
        assert IncidentFollowUp.objects.count() == 1


class TestReReads:
    def test_a_new_version_naming_the_incident_shows_the_rereads_it_caused(self, client, org):  # noqa: F811
        certify(org, on=TODAY - datetime.timedelta(days=3))
        incident = record(org.team, org.manager, documents=[org.document])
        content_services.document_update(document=org.document, major=True, body=org.document.body + "\nDrain.\n",
                                         change_note=f"Drain the queue before restarting ({incident.reference})")
        content_services.document_update(document=org.document, major=True, body=org.document.body + "\nOther\n",
                                         change_note=f"Unrelated fix (INC-{incident.pk}0)")
        _response, html = html_of(client, org.manager, detail(incident))
        assert html.count('data-testid="reread-version"') == 1 and "version 2.0" in html
        assert "0 of 1 re-read it." in html and f"{org.engineer.get_full_name()}: not yet" in html
        content_services.document_acknowledge(user=org.engineer, document=org.document)
        _response, html = html_of(client, org.manager, detail(incident))
        assert "1 of 1 re-read it." in html


class TestAssigning:
    def test_a_quiz_from_the_incident_goes_to_the_whole_team_and_ticks_training_scheduled(self, client, team):
        incident = record(team.team, team.manager)
        due = TODAY + datetime.timedelta(days=7)
        response, _html = html_of(client, team.manager, reverse("training:incident_assign", args=[incident.pk]),
                                  {"quiz": team_quiz().pk, "due_on": due.isoformat()})
        assert response.status_code == 302
        assignment = TeamAssignment.objects.get()
        assert (assignment.team, assignment.reason, assignment.incident, assignment.due_on) == (
            team.team, AssignmentReason.INCIDENT, incident, due)
        assert IncidentFollowUp.objects.get().item == FollowUp.TRAINING
        _response, html = html_of(client, team.engineer, reverse("training:my_training"))
        assert "Incident follow-up after RabbitMQ broker down" in html

    def test_a_briefing_without_a_due_date_is_refused_on_the_page(self, client, team):
        incident = record(team.team, team.manager)
        response, html = html_of(client, team.manager, reverse("training:incident_assign", args=[incident.pk]),
                                 {"document": DocumentFactory().pk})
        assert response.status_code == 200 and "This field is required." in html
        assert not TeamAssignment.objects.exists() and not IncidentFollowUp.objects.exists()


class TestTheList:
    def test_it_starts_empty_and_says_what_to_do(self, client, team):
        _response, html = html_of(client, team.manager, LIST)
        assert "No incident recorded yet." in html

    def test_it_shows_a_page_of_incidents_in_a_fixed_number_of_queries(self, client, team):
        def queries():
            client.force_login(team.manager)
            with CaptureQueriesContext(connection) as ctx:
                html = client.get(LIST).content.decode()
            return len(ctx.captured_queries), html

        first = record(team.team, team.manager, documents=[DocumentFactory()])
        services.follow_up_tick(incident=first, item="rca", by=team.manager)
        few, html = queries()
        assert "1 of 6 done" in html and "1 document touched" in html
        for n in range(30):
            incident = record(team.team, team.manager, title=f"Incident {n}", documents=[DocumentFactory()])
            services.follow_up_tick(incident=incident, item="rca", by=team.manager)
        many, html = queries()
        assert many == few and html.count('data-testid="incident-row"') == 25 and "Page 1 of 2" in html

    def test_another_teams_incidents_are_not_listed(self, client, team):
        record(team.team, team.manager)
        _response, html = html_of(client, Org(prefix="b-").manager, LIST)
        assert "RabbitMQ broker down" not in html


@pytest.mark.parametrize("who, status", [("engineer", 403), ("mentor", 403), ("other manager", 404),
                                         ("admin", 200), ("anonymous", 302)])
def test_who_may_open_an_incident(client, team, who, status):
    incident = record(team.team, team.manager)
    user = {"engineer": team.engineer, "mentor": team.mentor, "other manager": Org(prefix="b-").manager,
            "admin": TrainingAdminFactory(), "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    assert client.get(detail(incident)).status_code == status
    if user is not None and who != "admin":
        response = client.post(reverse("training:incident_follow_up", args=[incident.pk]),
                               {"item": "rca", "done": "1"})
        assert response.status_code == status and not IncidentFollowUp.objects.exists()
