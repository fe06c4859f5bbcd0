"""Readiness levels on the pages: the enrollment's page and the engineer's home say which are
granted, which can be and what the others wait for; the manager grants and revokes on the
levels page; the team page shows a badge per engineer in as many queries as without levels, and
a grant or a revocation shows at once on the pages kept in the cache."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import Org
from training import pagecache
from training.levels import services
from training.levels.models import LevelSignOff
from training.workflow import services as workflow

from .conftest import tick, week_1_done, week_2_done

pytestmark = pytest.mark.django_db
TEAM = reverse("training:team")
HOME = reverse("training:my_training")


def levels_url(org):
    return reverse("training:enrollment_levels", args=[org.enrollment.pk])


def states_shown(html):
    """``{level: state}`` as the page's list of levels shows them."""
    shown = {}
    for chunk in html.split('data-testid="level" data-state="')[1:]:
        state, rest = chunk.split('"', 1)
        name = rest.split('class="fw-semibold', 1)[1].split(">", 1)[1].split("<", 1)[0].strip()
        shown[name] = state
    return shown


def grant(org, level="Support rota"):
    return services.level_grant(enrollment=org.enrollment, level=level, by=org.manager)


class TestTheEnrollmentsPages:
    def test_the_enrollment_page_says_granted_grantable_and_what_the_others_wait_for(self, client, org):
        week_1_done(org)
        client.force_login(org.engineer)
        html = client.get(reverse("training:enrollment_detail", args=[org.enrollment.pk])).content.decode()
        assert states_shown(html) == {"Support rota": "grantable", "Escalation backup": "not_yet"}
        assert "waits for “Walk through the escalation policy”" in html
        assert "Only the final sign-off makes someone ready for on-call" in html
        grant(org)
        html = client.get(reverse("training:enrollment_detail", args=[org.enrollment.pk])).content.decode()
        assert states_shown(html)["Support rota"] == "granted"
        assert f"by {org.manager.get_full_name()}" in html

    def test_a_track_without_levels_shows_no_panel(self, client):
        org = Org()
        client.force_login(org.manager)
        html = client.get(reverse("training:enrollment_detail", args=[org.enrollment.pk])).content.decode()
        assert 'data-testid="levels-panel"' not in html

    def test_the_manager_grants_and_revokes_on_the_levels_page(self, client, org):
        week_1_done(org)
        client.force_login(org.manager)
        page = client.get(levels_url(org)).content.decode()
        assert page.count('data-testid="grant-form"') == 1  # the one level that can be granted
        response = client.post(reverse("training:level_grant", args=[org.enrollment.pk]),
                               {"level": "Support rota", "comment": "Ran the rota for a week"}, follow=True)
        html = response.content.decode()
        assert "has the level “Support rota”. It does not make them eligible for on-call" in html
        assert states_shown(html) == {"Support rota": "granted", "Escalation backup": "not_yet"}
        assert "Ran the rota for a week" in html

        # A revocation without its reason is refused beside its form, and nothing changes.
        response = client.post(reverse("training:level_revoke", args=[org.enrollment.pk]),
                               {"level": "Support rota", "reason": ""})
        assert response.status_code == 200
        assert "Say why: a revoked level needs a reason." in response.content.decode()
        assert LevelSignOff.objects.count() == 1
        client.post(reverse("training:level_revoke", args=[org.enrollment.pk]),
                    {"level": "Support rota", "reason": "Missed two handovers"})
        assert states_shown(client.get(levels_url(org)).content.decode())["Support rota"] == "grantable"

    def test_a_refused_grant_keeps_what_was_typed(self, client, org):
        client.force_login(org.manager)
        response = client.post(reverse("training:level_grant", args=[org.enrollment.pk]),
                               {"level": "Support rota", "comment": "Early start"})
        html = response.content.decode()
        assert response.status_code == 200 and 'data-testid="form-refused"' in html
        assert "it waits for “Confirm your pager works”" in html
        assert not LevelSignOff.objects.exists()

    @pytest.mark.parametrize("who", ["engineer", "mentor"])
    def test_the_engineer_and_the_mentor_see_the_levels_but_cannot_grant(self, client, org, who):
        week_1_done(org)
        client.force_login(getattr(org, who))
        page = client.get(levels_url(org)).content.decode()
        assert 'data-testid="grant-form"' not in page and states_shown(page)["Support rota"] == "grantable"
        response = client.post(reverse("training:level_grant", args=[org.enrollment.pk]),
                               {"level": "Support rota"}, follow=True)
        assert "Only the engineer&#x27;s manager grants or revokes a readiness level." in response.content.decode()
        assert not LevelSignOff.objects.exists()

    def test_another_teams_manager_cannot_find_them(self, client, org):
        week_1_done(org)
        client.force_login(Org(prefix="other-").manager)
        assert client.get(levels_url(org)).status_code == 404
        assert client.post(reverse("training:level_grant", args=[org.enrollment.pk]),
                           {"level": "Support rota"}).status_code == 404
        assert not LevelSignOff.objects.exists()


class TestTheEngineersHome:
    def test_the_home_shows_the_levels_and_a_grant_at_once_though_it_is_cached(self, client, org):
        week_1_done(org)
        client.force_login(org.engineer)
        assert states_shown(client.get(HOME).content.decode()) == {
            "Support rota": "grantable", "Escalation backup": "not_yet"}
        before = pagecache.stamps(user=org.engineer)["user"]
        grant(org)
        assert pagecache.stamps(user=org.engineer)["user"] != before
        assert states_shown(client.get(HOME).content.decode())["Support rota"] == "granted"


def grow_team(org, n):
    """``n`` more engineers of the org's team on its track, each with week 2 done; their enrollments."""
    enrollments = []
    for _ in range(n):
        engineer = UserFactory()
        org.team.members.add(engineer)
        enrollment = workflow.enrollment_create(engineer=engineer, track=org.track, by=org.manager)
        week_2_done(SimpleNamespace(enrollment=enrollment, engineer=engineer))
        enrollments.append(enrollment)
    return enrollments


def team_page_queries(client):
    client.get(TEAM)  # the first visit of a session does more (its navigation)
    cache.clear()  # the table built afresh
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(TEAM).content.decode()
    return html, len(ctx.captured_queries)


class TestTheTeamPage:
    def test_a_badge_per_engineer_in_as_many_queries_as_a_team_without_levels(self, client, org):
        plain = Org(prefix="plain-")
        client.force_login(plain.manager)
        _, without_levels = team_page_queries(client)

        others = grow_team(org, 3)
        client.force_login(org.manager)
        html, before = team_page_queries(client)
        assert 'data-testid="level-badge"' not in html
        week_2_done(org)
        grant(org)
        grant(org, "Escalation backup")
        for enrollment in others:
            services.level_grant(enrollment=enrollment, level="Support rota", by=org.manager)
        html, after = team_page_queries(client)
        assert after == before == without_levels
        badges = [chunk.split(">", 1)[1].split("<", 1)[0].strip()
                  for chunk in html.split('data-testid="level-badge"')[1:]]
        assert sorted(badges) == ["Escalation backup", "Support rota", "Support rota", "Support rota"]
        assert 'title="Readiness levels granted: Support rota, Escalation backup"' in html

    def test_a_grant_and_a_revocation_change_the_team_pages_stamp_and_show_at_once(self, client, org):
        week_1_done(org)
        client.force_login(org.manager)
        assert 'data-testid="level-badge"' not in client.get(TEAM).content.decode()
        first = pagecache.stamps(user=org.manager)["team"]
        grant(org)
        granted = pagecache.stamps(user=org.manager)["team"]
        assert 'data-testid="level-badge"' in client.get(TEAM).content.decode()
        services.level_revoke(enrollment=org.enrollment, level="Support rota", by=org.manager, reason="Too early")
        assert len({first, granted, pagecache.stamps(user=org.manager)["team"]}) == 3
        assert 'data-testid="level-badge"' not in client.get(TEAM).content.decode()

    def test_a_grant_on_another_team_leaves_the_stamp(self, org):
        other = Org(track=org.track, prefix="other-")
        before = pagecache.stamps(user=org.manager)["team"]
        tick(other, "Confirm your pager works")
        services.level_grant(enrollment=other.enrollment, level="Support rota", by=other.manager)
        assert pagecache.stamps(user=org.manager)["team"] == before
