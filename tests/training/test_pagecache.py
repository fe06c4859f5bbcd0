"""The engineer's home and the navigation are kept in the cache (training.pagecache) and built
again as soon as what they show changes: every change below is made after a cached visit."""

import datetime
import time
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import TrainingAdminFactory
from tests.training.certification.test_certificates import certified
from tests.training.factories import Org
from training import pagecache
from training.bench import PINNED_QUERIES
from training.certification import certificates
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import Enrollment

pytestmark = pytest.mark.django_db
HOME = reverse("training:my_training")


def visit(client, url=HOME):
    """The page's HTML and how many queries it ran."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def main(html):
    """The page's own content (the head carries a fresh CSRF token each time)."""
    return html.split("<main", 1)[1]


def content(html):
    """The page's main content, without the navigation and the footer."""
    return main(html).split("</main>", 1)[0]


def percent(html):
    return html.split('data-testid="overall-percent">', 1)[1].split("%", 1)[0]


def test_a_second_visit_comes_from_the_cache_and_every_change_shows_at_once(client):
    org = Org()
    client.force_login(org.engineer)
    html, built = visit(client)
    again, cached = visit(client)
    assert main(again) == main(html) and cached == PINNED_QUERIES["engineer_home_cached"] < built

    services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
    html, _ = visit(client)
    assert percent(html) == "25"

    log = services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                       notes="Task 42", ticks=[0, 1])
    visit(client)
    services.exercise_log_return(log=log, by=org.mentor, comment="Add the task ID please")
    html, _ = visit(client)
    assert "Add the task ID please" in html

    log = services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                       notes="Task 42, ID 7", ticks=[0, 1])
    visit(client)
    services.exercise_log_verify(log=log, by=org.mentor)
    html, _ = visit(client)
    assert percent(html) == "50" and "Add the task ID please" not in html

    shift = services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer,
                                      date=timezone.localdate(), hours=4, host=org.host)
    html, _ = visit(client)
    assert "4 h waiting for the host to confirm" in html
    services.shadow_shift_confirm(shift=shift, by=org.host)
    html, _ = visit(client)
    assert 'data-testid="shadow-hours">4 / 4 h' in html


def test_a_revoked_certificate_shows_at_once(client):
    org = Org()
    certificate = certified(org)
    client.force_login(org.engineer)
    assert 'data-testid="certification-state">Certified<' in visit(client)[0]
    certificates.certificate_revoke(certificate=certificate, by=TrainingAdminFactory(), reason="Issued in error")
    assert 'data-testid="certification-state">Revoked<' in visit(client)[0]


def test_each_engineer_gets_their_own_page(client):
    first, second = Org(prefix="a-"), Org(prefix="b-")
    services.step_complete_checklist(progress=first.progress(StepKind.CHECKLIST), by=first.engineer)
    client.force_login(first.engineer)
    assert percent(visit(client)[0]) == "25"
    client.force_login(second.engineer)
    assert percent(visit(client)[0]) == "0"


def test_the_next_day_builds_the_page_again(client):
    org = Org()
    Enrollment.objects.filter(pk=org.enrollment.pk).update(target_date=timezone.localdate())
    client.force_login(org.engineer)
    html, built = visit(client)
    assert 'data-testid="overdue"' not in html
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        html, queries = visit(client)
    assert queries == built and 'data-testid="overdue"' in html


def test_an_edit_the_stamp_cannot_see_shows_when_the_cache_lifetime_ends(client, settings):
    """An update outside the services (the Django admin) records no sign-off: the page shows it
    once ``CONTENT_CACHE_SECONDS`` have passed."""
    settings.CONTENT_CACHE_SECONDS = 60
    org = Org()
    client.force_login(org.engineer)
    visit(client)
    Enrollment.objects.filter(pk=org.enrollment.pk).update(target_date=datetime.date(2020, 1, 1))
    assert 'data-testid="overdue"' not in visit(client)[0]
    later = time.time() + 61
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=later), \
            mock.patch("django.core.cache.backends.base.time.time", return_value=later):
        assert 'data-testid="overdue"' in visit(client)[0]


def test_no_cache_when_its_lifetime_is_zero(client, settings):
    settings.CONTENT_CACHE_SECONDS = 0
    org = Org()
    client.force_login(org.engineer)
    _html, first = visit(client)
    Enrollment.objects.filter(pk=org.enrollment.pk).update(target_date=datetime.date(2020, 1, 1))
    html, second = visit(client)
    assert 'data-testid="overdue"' in html and second == first


def test_the_mentors_queue_count_moves_at_once(client):
    org = Org()
    client.force_login(org.mentor)
    html, _ = visit(client, reverse("content:library"))
    assert 'data-testid="queue-count"' not in html
    services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer, notes="done",
                                 ticks=[0, 1])
    html, _ = visit(client, reverse("content:library"))
    assert 'data-testid="queue-count">1<' in html


def test_the_stamps_are_one_query_on_every_table_they_watch():
    with CaptureQueriesContext(connection) as ctx:
        pagecache.data_stamp()
    [query] = ctx.captured_queries
    watched = len(pagecache.STAMP_SOURCES) + len(pagecache.USER_STAMP_SOURCES) + len(pagecache.TEAM_STAMP_SOURCES)
    assert query["sql"].count("(SELECT ") - query["sql"].count("IN (SELECT ") == watched


def test_work_on_another_teams_training_leaves_the_engineers_home_in_the_cache(client):
    """A sign-off elsewhere changes the navigation's stamp, never the home's: the home stays in
    the cache (only the navigation is built again)."""
    mine, theirs = Org(prefix="a-"), Org(prefix="b-")
    client.force_login(mine.engineer)
    html, built = visit(client)
    before = pagecache.stamps(user=mine.engineer)
    services.step_complete_checklist(progress=theirs.progress(StepKind.CHECKLIST), by=theirs.engineer)
    log = services.exercise_log_submit(progress=theirs.progress(StepKind.EXERCISE), by=theirs.engineer,
                                       notes="Task 42", ticks=[0, 1])
    services.exercise_log_verify(log=log, by=theirs.mentor)
    after = pagecache.stamps(user=mine.engineer)
    assert after["user"] == before["user"] and after["all"] != before["all"]
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(HOME).content.decode()
    assert content(page) == content(html) and len(ctx.captured_queries) < built
    assert not [q for q in ctx.captured_queries if "training_stepprogress" in q["sql"]]  # the home was not built
    # ...while their own page shows the work at once, and so does a change of mine.
    client.force_login(theirs.engineer)
    assert percent(visit(client)[0]) == "50"
    services.step_complete_checklist(progress=mine.progress(StepKind.CHECKLIST), by=mine.engineer)
    assert pagecache.stamps(user=mine.engineer)["user"] != before["user"]
    client.force_login(mine.engineer)
    assert percent(visit(client)[0]) == "25"


def test_a_new_manager_of_my_team_and_a_new_document_version_change_the_homes_stamp():
    from tests.content.factories import DocumentFactory

    org = Org()
    before = pagecache.stamps(user=org.engineer)["user"]
    org.team.managers.add(TrainingAdminFactory(first_name="Nadia", last_name="Newmanager"))
    after_manager = pagecache.stamps(user=org.engineer)["user"]
    DocumentFactory()
    assert len({before, after_manager, pagecache.stamps(user=org.engineer)["user"]}) == 3


TEAM = reverse("training:team")


def team_table(html):
    """The team table (the export forms above it carry a fresh CSRF token each time)."""
    return html.split('data-testid="team-table"', 1)[1].split("</table>", 1)[0]


def team_percent(html, engineer):
    row = html.split(f">{engineer.get_full_name()}</a>", 1)[1]
    return row.split('class="small text-secondary text-end percent-label">', 1)[1].split("%", 1)[0]


def test_the_team_page_is_kept_per_team_a_sign_off_on_another_team_leaves_it_and_one_on_mine_shows(client):
    mine, theirs = Org(prefix="a-"), Org(prefix="b-")
    client.force_login(mine.manager)
    html, built = visit(client, TEAM)
    assert team_percent(html, mine.engineer) == "0"
    again, cached = visit(client, TEAM)
    assert team_table(again) == team_table(html) and cached < built

    # Work on another team's training: the page comes from the cache (no row built again).
    services.step_complete_checklist(progress=theirs.progress(StepKind.CHECKLIST), by=theirs.engineer)
    log = services.exercise_log_submit(progress=theirs.progress(StepKind.EXERCISE), by=theirs.engineer,
                                       notes="Task 42", ticks=[0, 1])
    services.exercise_log_verify(log=log, by=theirs.mentor)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(TEAM).content.decode()
    assert team_table(page) == team_table(html) and len(ctx.captured_queries) < built
    assert not [q for q in ctx.captured_queries if '"training_stage"' in q["sql"]]  # no row was built

    # Work on my team's: never stale, the next visit shows it.
    services.step_complete_checklist(progress=mine.progress(StepKind.CHECKLIST), by=mine.engineer)
    html, _ = visit(client, TEAM)
    assert team_percent(html, mine.engineer) == "25"
    log = services.exercise_log_submit(progress=mine.progress(StepKind.EXERCISE), by=mine.engineer,
                                       notes="Task 42", ticks=[0, 1])
    html, _ = visit(client, TEAM)
    assert "mentor" in team_table(html).split("waiting-on", 1)[1].split("</td>", 1)[0].lower()
    services.exercise_log_verify(log=log, by=mine.mentor)
    assert team_percent(visit(client, TEAM)[0], mine.engineer) == "50"

    # The other team's manager sees their own team's work at once.
    client.force_login(theirs.manager)
    assert team_percent(visit(client, TEAM)[0], theirs.engineer) == "50"


def test_a_member_leaving_the_team_and_a_check_in_change_the_team_pages_stamp():
    from training.checkins.models import CheckIn

    org = Org()
    before = pagecache.stamps(user=org.manager)["team"]
    CheckIn.objects.create(enrollment=org.enrollment, week=1, held_at=timezone.localdate(), held_by=org.mentor,
                           held_as="mentor", mentor_confidence=3)
    after_checkin = pagecache.stamps(user=org.manager)["team"]
    org.team.members.remove(org.engineer)
    assert len({before, after_checkin, pagecache.stamps(user=org.manager)["team"]}) == 3
