"""The training pages as each person sees them, with the denials and the query counts."""

import contextlib
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import timezone

from tests.factories import UserFactory
from tests.training.factories import Org
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import Enrollment, ProgressStatus, ShiftRole, SignOff, SignOffAction

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def submit(org):
    return services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                        notes="Task 42 done", ticks=[0, 1])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow_team(org, n):
    """Enrol ``n`` more engineers of the org's team, each with a log waiting for the mentor."""
    for _ in range(n):
        engineer = UserFactory()
        org.team.members.add(engineer)
        enrollment = services.enrollment_create(engineer=engineer, track=org.track, by=org.manager,
                                                mentor=org.mentor)
        progress = enrollment.progress.get(step__kind=StepKind.EXERCISE)
        services.exercise_log_submit(progress=progress, by=engineer, notes="done", ticks=[0, 1])


class TestEngineerPage:
    def test_shows_next_step_progress_and_what_was_returned(self, client):
        org = Org()
        log = submit(org)
        services.exercise_log_return(log=log, by=org.mentor, comment="Add the task ID please")
        client.force_login(org.engineer)
        html = client.get(reverse("training:my_training")).content.decode()
        assert 'data-testid="next-step"' in html and "Practise the thing" in html
        assert "Add the task ID please" in html
        assert 'data-testid="overall-percent">0%' in html
        assert "0 / 4 h" in html  # shadowing against the requirement

    def test_progress_bar_moves_when_a_step_is_done(self, client):
        org = Org()
        services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
        client.force_login(org.engineer)
        html = client.get(reverse("training:my_training")).content.decode()
        assert 'data-testid="overall-percent">25%' in html

    def test_overdue_target_shows(self, client):
        org = Org()
        Enrollment.objects.filter(pk=org.enrollment.pk).update(target_date=YESTERDAY)
        client.force_login(org.engineer)
        assert 'data-testid="overdue"' in client.get(reverse("training:my_training")).content.decode()

    def test_engineer_cannot_open_another_engineers_record(self, client):
        org = Org()
        other = UserFactory(username="nosy")
        client.force_login(other)
        assert client.get(reverse("training:enrollment_detail", args=[org.enrollment.pk])).status_code == 404
        assert client.get(reverse("training:step_detail", args=[org.progress(StepKind.EXERCISE).pk])).status_code == 404

    def test_another_teams_manager_gets_404(self, client):
        org, other = Org(), Org(prefix="x-")
        client.force_login(other.manager)
        assert client.get(reverse("training:enrollment_detail", args=[org.enrollment.pk])).status_code == 404
        assert client.post(reverse("training:sign_off", args=[org.enrollment.pk])).status_code == 404
        assert client.get(reverse("training:readiness", args=[org.enrollment.pk])).status_code == 404

    def test_submitting_an_exercise_log_through_the_page(self, client):
        org = Org()
        client.force_login(org.engineer)
        progress = org.progress(StepKind.EXERCISE)
        response = client.post(reverse("training:exercise_log_submit", args=[progress.pk]),
                               {"notes": "Submitted task 9", "ticks": ["0", "1"]}, follow=True)
        assert "Exercise log submitted" in response.content.decode()
        assert org.progress(StepKind.EXERCISE).status == ProgressStatus.SUBMITTED

    def test_a_half_ticked_checklist_is_refused_with_a_message(self, client):
        org = Org()
        client.force_login(org.engineer)
        progress = org.progress(StepKind.EXERCISE)
        response = client.post(reverse("training:exercise_log_submit", args=[progress.pk]),
                               {"notes": "Submitted task 9", "ticks": ["0"]}, follow=True)
        assert "Sign-off checklist: tick every item" in response.content.decode()
        assert org.progress(StepKind.EXERCISE).status == ProgressStatus.NOT_STARTED

    def test_logging_a_shadow_shift_through_the_page(self, client):
        org = Org()
        client.force_login(org.engineer)
        progress = org.progress(StepKind.SHADOW)
        response = client.post(reverse("training:shadow_shift_log", args=[progress.pk]), {
            "date": YESTERDAY.isoformat(), "hours": "3.5", "host": org.host.pk, "role": "observe",
            "incidents": "INC-7, P2, Broker backlog", "notes": "",
        }, follow=True)
        assert "Shadow shift logged" in response.content.decode()
        shift = progress.shadow_shifts.get()
        assert shift.incidents.get().severity == "P2"

    def test_the_host_picker_lists_only_eligible_teammates_and_listed_hosts(self, client):
        from tests.training.certification.test_certificates import certified

        org = Org()
        certified_org = Org(prefix="c-", track=org.track)
        certified(certified_org)
        veteran = certified_org.engineer
        trainee = UserFactory(username="trainee", first_name="Tess", last_name="Trainee")
        outsider = UserFactory(username="outsider", first_name="Otto", last_name="Outsider")
        org.team.members.add(veteran, trainee)
        client.force_login(org.engineer)
        progress = org.progress(StepKind.SHADOW)
        page = client.get(reverse("training:step_detail", args=[progress.pk]))
        offered = set(page.context["form"].fields["host"].queryset)
        assert offered == {org.host, veteran}  # listed host, certified teammate
        html = page.content.decode()
        assert f'value="{veteran.pk}"' in html and f'value="{trainee.pk}"' not in html
        assert f'value="{outsider.pk}"' not in html and f'value="{org.mentor.pk}"' not in html
        for host in (trainee, outsider, org.engineer):
            response = client.post(reverse("training:shadow_shift_log", args=[progress.pk]), {
                "date": YESTERDAY.isoformat(), "hours": "24", "host": host.pk, "role": "lead"}, follow=True)
            assert "On-call engineer: choose someone from the list." in response.content.decode()
        assert not progress.shadow_shifts.exists()
        response = client.post(reverse("training:shadow_shift_log", args=[progress.pk]), {
            "date": YESTERDAY.isoformat(), "hours": "4", "host": veteran.pk, "role": "lead"}, follow=True)
        assert "Shadow shift logged" in response.content.decode()
        assert progress.shadow_shifts.get().host == veteran

    def test_a_future_shift_is_refused(self, client):
        org = Org()
        client.force_login(org.engineer)
        progress = org.progress(StepKind.SHADOW)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = client.post(reverse("training:shadow_shift_log", args=[progress.pk]), {
            "date": tomorrow.isoformat(), "hours": "3", "host": org.host.pk, "role": "observe",
        }, follow=True)
        assert "cannot be in the future" in response.content.decode()
        assert not progress.shadow_shifts.exists()


class TestSignOffQueue:
    def test_mentor_verifies_in_place_with_htmx(self, client):
        org = Org()
        log = submit(org)
        client.force_login(org.mentor)
        html = client.get(reverse("training:queue")).content.decode()
        assert f'id="queue-log-{log.pk}"' in html
        response = client.post(reverse("training:exercise_log_decide", args=[log.pk]),
                               {"decision": "verify", "comment": ""}, HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert 'data-testid="queue-decided"' in body and "Verified" in body
        assert org.progress(StepKind.EXERCISE).status == ProgressStatus.DONE

    def test_approving_twice_through_the_page_says_so(self, client):
        org = Org()
        log = submit(org)
        client.force_login(org.mentor)
        client.post(reverse("training:exercise_log_decide", args=[log.pk]), {"decision": "verify"})
        client.force_login(org.manager)
        response = client.post(reverse("training:exercise_log_decide", args=[log.pk]), {"decision": "verify"},
                               follow=True)
        assert "already verified by" in response.content.decode()
        assert SignOff.objects.filter(exercise_log=log, action=SignOffAction.VERIFIED).count() == 1

    def test_engineer_cannot_decide_on_their_own_log(self, client):
        org = Org()
        log = submit(org)
        client.force_login(org.engineer)
        response = client.post(reverse("training:exercise_log_decide", args=[log.pk]), {"decision": "verify"},
                               follow=True)
        assert "cannot verify your own work" in response.content.decode()
        assert org.progress(StepKind.EXERCISE).status == ProgressStatus.SUBMITTED

    def test_stranger_gets_404_on_a_log(self, client):
        org = Org()
        log = submit(org)
        client.force_login(UserFactory(username="stranger"))
        assert client.post(reverse("training:exercise_log_decide", args=[log.pk]),
                           {"decision": "verify"}).status_code == 404

    def test_host_confirms_a_shift_from_the_queue(self, client):
        org = Org()
        shift = services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer,
                                          date=YESTERDAY, hours=4, host=org.host, role=ShiftRole.LEAD)
        client.force_login(org.host)
        html = client.get(reverse("training:queue")).content.decode()
        assert f'id="queue-shift-{shift.pk}"' in html
        assert 'data-testid="queue-count">1<' in html
        client.post(reverse("training:shadow_shift_decide", args=[shift.pk]), {"decision": "confirm"})
        assert org.progress(StepKind.SHADOW).status == ProgressStatus.DONE

    def test_empty_queue_says_so(self, client):
        client.force_login(UserFactory(username="idle"))
        assert "Nothing is waiting for you" in client.get(reverse("training:queue")).content.decode()

    def test_query_count_does_not_grow_with_the_queue(self, client):
        org = Org()
        grow_team(org, 3)
        client.force_login(org.mentor)
        small = count_queries(client, reverse("training:queue"))
        grow_team(org, 40)
        assert count_queries(client, reverse("training:queue")) == small


class TestTeamPage:
    def test_one_row_per_enrollment_with_what_it_waits_on(self, client):
        org = Org()
        submit(org)
        client.force_login(org.manager)
        html = client.get(reverse("training:team")).content.decode()
        assert html.count('data-testid="team-row"') == 1
        assert "mentor (1 log)" in html
        assert f"{org.team.name} (3 members)" in html

    def test_query_count_is_the_same_for_3_and_100_enrollments(self, client):
        org = Org()
        grow_team(org, 2)
        client.force_login(org.manager)
        small = count_queries(client, reverse("training:team"))
        grow_team(org, 97)
        assert Enrollment.objects.count() == 100
        assert count_queries(client, reverse("training:team")) == small

    def test_pages_of_25_rows_list_every_enrollment_once_in_order(self, client):
        org = Org()
        grow_team(org, 29)
        Enrollment.objects.filter(pk=org.progress(StepKind.EXERCISE).enrollment_id).update(
            target_date=timezone.localdate() - datetime.timedelta(days=1))
        client.force_login(org.manager)
        first = client.get(reverse("training:team")).content.decode()
        second = client.get(reverse("training:team"), {"page": 2}).content.decode()
        assert "Page 1 of 2" in first and "Page 2 of 2" in second
        links = [re.findall(r'<td><a href="/enrollments/(\d+)/">', html) for html in (first, second)]
        assert [len(found) for found in links] == [25, 5]
        expected = Enrollment.objects.exclude(status="withdrawn").order_by("status", "target_date",
                                                                          "engineer__last_name", "pk")
        assert [int(pk) for pk in links[0] + links[1]] == list(expected.values_list("pk", flat=True))
        assert "mentor (1 log)" in first and "overdue" in first + second

    def test_engineer_gets_403(self, client):
        org = Org()
        client.force_login(org.engineer)
        assert client.get(reverse("training:team")).status_code == 403
        assert client.get(reverse("training:enroll")).status_code == 403

    def test_manager_enrols_an_engineer(self, client):
        org = Org()
        newcomer = UserFactory(username="newcomer")
        org.team.members.add(newcomer)
        client.force_login(org.manager)
        response = client.post(reverse("training:enroll"), {
            "engineer": newcomer.pk, "track": org.track.pk, "mentor": org.mentor.pk,
            "target_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        }, follow=True)
        assert "Enrolled" in response.content.decode()
        assert Enrollment.objects.filter(engineer=newcomer, mentor=org.mentor).exists()

    def test_manager_cannot_enrol_someone_outside_the_team(self, client):
        org = Org()
        outsider = UserFactory(username="outsider")
        client.force_login(org.manager)
        response = client.post(reverse("training:enroll"), {"engineer": outsider.pk, "track": org.track.pk})
        assert response.status_code == 200  # the form shows the error
        assert not Enrollment.objects.filter(engineer=outsider).exists()


class TestReadinessAndFinalSignOffPages:
    def finish(self, org):
        log = submit(org)
        services.exercise_log_verify(log=log, by=org.mentor)
        services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
        shift = services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer,
                                          date=YESTERDAY, hours=4, host=org.host, role=ShiftRole.LEAD)
        services.shadow_shift_confirm(shift=shift, by=org.host)

    def test_manager_completes_readiness_and_signs_off(self, client):
        org = Org()
        self.finish(org)
        client.force_login(org.manager)
        assert "readiness" in client.get(reverse("training:queue")).content.decode().lower()
        items = {f"item_{i}": "on" for i in range(len(org.track.readiness_items))}
        client.post(reverse("training:readiness", args=[org.enrollment.pk]), items)
        response = client.post(reverse("training:sign_off", args=[org.enrollment.pk]), {"comment": "Welcome"},
                               follow=True)
        assert "signed off as ready" in response.content.decode()
        org.enrollment.refresh_from_db()
        assert org.enrollment.status == "ready"

    def test_mentor_may_not_open_the_readiness_checklist(self, client):
        org = Org()
        client.force_login(org.mentor)
        assert client.get(reverse("training:readiness", args=[org.enrollment.pk])).status_code == 403

    def test_mentor_cannot_sign_off_through_the_page(self, client):
        org = Org()
        self.finish(org)
        services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=org.track.readiness_items)
        client.force_login(org.mentor)
        response = client.post(reverse("training:sign_off", args=[org.enrollment.pk]), follow=True)
        assert "Only the engineer&#x27;s manager" in response.content.decode()
        org.enrollment.refresh_from_db()
        assert org.enrollment.status == "active"


def test_engineer_starts_a_step_and_it_is_recorded(client):
    org = Org()
    progress = org.progress(StepKind.CHECKLIST)
    client.force_login(org.engineer)
    page = client.get(reverse("training:step_detail", args=[progress.pk])).content.decode()
    assert 'data-testid="start-step"' in page
    client.post(reverse("training:step_start", args=[progress.pk]))
    assert org.progress(StepKind.CHECKLIST).status == ProgressStatus.IN_PROGRESS
    assert SignOff.objects.filter(step=progress.step, action=SignOffAction.STARTED, by=org.engineer).exists()


def test_mentor_cannot_start_the_engineers_step(client):
    org = Org()
    progress = org.progress(StepKind.CHECKLIST)
    client.force_login(org.mentor)
    response = client.post(reverse("training:step_start", args=[progress.pk]), follow=True)
    assert "Only the engineer" in response.content.decode()
    assert org.progress(StepKind.CHECKLIST).status == ProgressStatus.NOT_STARTED


@contextlib.contextmanager
def path_prefix(prefix):
    """Pages served under ``prefix`` (what the WSGI handler sets from ``SCRIPT_NAME``)."""
    set_script_prefix(prefix)
    try:
        yield
    finally:
        clear_script_prefix()


class TestLinksUnderAPathPrefix:
    """A site served under a path (``SCRIPT_NAME``): every row's links keep it, as ``{% url %}``
    does, though lists reverse each URL once (``pk_url``)."""

    def test_the_team_page_queue_and_home_link_under_the_prefix(self, client):
        org = Org()
        submit(org)
        log = org.progress(StepKind.EXERCISE).exercise_logs.get()
        team, queue, home = reverse("training:team"), reverse("training:queue"), reverse("training:my_training")
        client.force_login(org.manager)
        client.get(team)  # the same links reversed without a prefix first
        with path_prefix("/shiftready/"):
            html = client.get(team).content.decode()
        assert f'href="/shiftready/enrollments/{log.progress.enrollment_id}/"' in html
        client.force_login(org.mentor)
        with path_prefix("/shiftready/"):
            html = client.get(queue).content.decode()
        assert f'action="/shiftready/exercise-logs/{log.pk}/decide/"' in html
        assert f'href="/shiftready/steps/{log.progress_id}/"' in html
        client.force_login(org.engineer)
        with path_prefix("/shiftready/"):
            html = client.get(home).content.decode()
        assert f'href="/shiftready/steps/{log.progress_id}/"' in html
        assert 'href="/steps/' not in html
