"""The metrics page and its CSVs: who may see them, what the filters do, and a query count that
does not grow with the organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from training.audit.models import AuditEvent, AuditKind

from .world import World

pytestmark = pytest.mark.django_db

URL = reverse("training:metrics")
FIGURES = ["time-to-ready", "stage-time", "stalls", "reviewer-turnaround", "quiz-pass-rates", "flagged-questions",
           "shadow-hours", "certification-coverage", "estimates"]


@pytest.fixture
def world():
    return World()


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


def test_anonymous_people_are_sent_to_log_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["ann", "mentor", "host"])
def test_engineers_mentors_and_hosts_are_refused(client, world, who):
    assert get(client, getattr(world, who)).status_code == 403
    assert get(client, getattr(world, who), reverse("training:metrics_csv", args=["time-to-ready"])).status_code == 403


def test_a_training_admin_sees_every_figure_of_every_team(client, world):
    response = get(client, world.admin)
    assert response.status_code == 200
    page = response.content.decode()
    for name in FIGURES:
        assert f'id="{name}"' in page
        assert reverse("training:metrics_csv", args=[name]) in page
    assert "Team A" in page and "Team B" in page
    assert page.count('role="img"') >= len(FIGURES)
    assert "Days to ready, by start month, track and team" in page  # a chart's title


def test_a_manager_sees_only_their_teams(client, world):
    page = get(client, world.max).content.decode()
    assert "Team B" in page and "Ben One" in page
    assert "Team A" not in page and "Ann One" not in page and "Abe Two" not in page


def test_a_team_the_manager_does_not_manage_is_refused_with_a_message(client, world):
    response = get(client, world.max, team=world.team_a.slug)
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "The filters are not right" in page
    assert 'id="time-to-ready"' not in page and "Ann One" not in page
    csv = get(client, world.max, reverse("training:metrics_csv", args=["shadow-hours"]), team=world.team_a.slug)
    assert "Ann One" not in csv.content.decode() and "Select a valid choice" in csv.content.decode()


def test_a_range_ending_before_it_starts_is_refused(client, world):
    page = get(client, world.admin, start="2026-03-01", end="2026-02-01").content.decode()
    assert "The end of the range comes before its start." in page
    assert 'id="stalls"' not in page


def test_the_csv_of_a_figure_follows_the_filters(client, world):
    response = get(client, world.admin, reverse("training:metrics_csv", args=["time-to-ready"]),
                   team=world.team_a.slug, track="alpha")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="metrics-time-to-ready.csv"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).decode() == (
        "Start month,Track,Team,Ready,Median days,Quartile 1,Quartile 3,Fastest,Slowest\r\n"
        "2026-01,Alpha track,Team A,2,15.0,12.5,17.5,10,20\r\n")
    # Names and hours of people leave the site: the download is in the audit log, with who took it.
    event = AuditEvent.objects.get(kind=AuditKind.EXPORT)
    assert event.actor == world.admin and event.summary.startswith("programme metrics CSV downloaded")


def test_an_unknown_figure_is_not_found(client, world):
    assert get(client, world.admin, reverse("training:metrics_csv", args=["salaries"])).status_code == 404


def test_the_page_runs_the_same_queries_however_large_the_organisation(client, world):
    client.force_login(world.admin)
    client.get(URL)  # sessions, permissions and templates settled
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    World(prefix="x")  # twice the teams, people, enrollments, records, attempts and certificates
    client.get(URL)  # the navigation's cached roles, read again after the new records
    with CaptureQueriesContext(connection) as large:
        page = client.get(URL).content.decode()
    assert "xTeam A" in page
    assert len(large.captured_queries) == len(small.captured_queries), [q["sql"] for q in large.captured_queries]
