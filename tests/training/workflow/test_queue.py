"""The sign-off queue as the mentor, host and manager work it: the evidence on each card, the
count that moves with each decision, a refused decision that keeps its card."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from tests.assessments.factories import quiz_with, scenario
from tests.factories import UserFactory
from tests.training.factories import Org
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import ProgressStatus, ShiftState

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
HTMX = {"HTTP_HX_REQUEST": "true"}


def submit(org, ticks=(0, 1)):
    return services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                        notes="Task 42 done", ticks=list(ticks))


def log_shift(org):
    return services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer,
                                     date=YESTERDAY, hours=2, host=org.host)


def oob(html, element_id):
    """The out-of-band element ``element_id`` of an htmx answer, or None."""
    match = re.search(rf'<span[^>]*id="{element_id}"[^>]*hx-swap-oob="true"[^>]*>(.*?)</span>\s*(?:$|<span|\n)',
                      html, re.S)
    return match.group(1) if match else None


class TestTheCard:
    def test_the_mentor_sees_the_exercise_checklist_beside_the_notes(self, client):
        org = Org()
        submit(org)
        client.force_login(org.mentor)
        html = client.get(reverse("training:queue")).content.decode()
        checklist = re.search(r'data-testid="log-checklist".*?</ul>', html, re.S).group(0)
        assert "First thing done" in checklist and "Second thing done" in checklist
        assert checklist.count("(ticked)") == 2

    def test_the_queue_page_stays_a_fixed_number_of_queries_with_checklists(self, client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        org = Org()
        submit(org)
        client.force_login(org.mentor)

        def queries():
            with CaptureQueriesContext(connection) as ctx:
                client.get(reverse("training:queue"))
            return len(ctx.captured_queries)

        one = queries()
        for _ in range(5):
            engineer = UserFactory()
            org.team.members.add(engineer)
            enrollment = services.enrollment_create(engineer=engineer, track=org.track, by=org.manager,
                                                    mentor=org.mentor)
            services.exercise_log_submit(progress=enrollment.progress.get(step__kind=StepKind.EXERCISE),
                                         by=engineer, notes="done", ticks=[0, 1])
        assert queries() == one


class TestDecisionsInPlace:
    def test_the_heading_and_the_nav_badge_count_down_without_a_reload(self, client):
        org = Org()
        log = submit(org)
        client.force_login(org.mentor)
        html = client.get(reverse("training:queue")).content.decode()
        assert 'data-testid="queue-total">1<' in html and 'data-testid="queue-count">1<' in html
        body = client.post(reverse("training:exercise_log_decide", args=[log.pk]),
                           {"decision": "verify", "comment": ""}, **HTMX).content.decode()
        assert 'data-testid="queue-decided"' in body
        assert oob(body, "queue-total") == "0"
        assert oob(body, "nav-queue-count") == ""  # no badge once nothing waits

    def test_the_count_says_what_is_left(self, client):
        org = Org()
        log = submit(org)
        log_shift(org)  # for the host, not the mentor
        second = Org(prefix="b-")
        second.enrollment.mentor = org.mentor
        second.enrollment.save(update_fields=["mentor"])
        services.exercise_log_submit(progress=second.progress(StepKind.EXERCISE), by=second.engineer,
                                     notes="done", ticks=[0, 1])
        client.force_login(org.mentor)
        body = client.post(reverse("training:exercise_log_decide", args=[log.pk]),
                           {"decision": "verify"}, **HTMX).content.decode()
        assert oob(body, "queue-total") == "1"
        assert 'data-testid="queue-count">1<' in oob(body, "nav-queue-count")

    def test_a_return_without_a_comment_keeps_the_card_with_the_reason(self, client):
        org = Org()
        log = submit(org)
        client.force_login(org.mentor)
        response = client.post(reverse("training:exercise_log_decide", args=[log.pk]),
                               {"decision": "return", "comment": "  "}, **HTMX)
        body = response.content.decode()
        assert f'id="queue-log-{log.pk}"' in body and 'data-testid="queue-decided"' not in body
        assert re.search(r'data-testid="queue-error">Comment: say what needs fixing', body)
        assert 'name="decision" value="return"' in body  # the buttons are still there
        assert oob(body, "queue-total") is None  # nothing decided, nothing counted down
        assert org.progress(StepKind.EXERCISE).status == ProgressStatus.SUBMITTED

    def test_a_dispute_without_a_comment_keeps_the_card_and_what_was_typed_stays(self, client):
        org = Org()
        shift = log_shift(org)
        client.force_login(org.host)
        body = client.post(reverse("training:shadow_shift_decide", args=[shift.pk]),
                           {"decision": "dispute", "comment": ""}, **HTMX).content.decode()
        assert f'id="queue-shift-{shift.pk}"' in body
        assert "Comment: say what is wrong; a disputed shift needs one." in body
        assert 'aria-invalid="true"' in body
        shift.refresh_from_db()
        assert shift.state == ShiftState.PENDING

    def test_an_overlong_comment_keeps_the_card(self, client):
        org = Org()
        log = submit(org)
        client.force_login(org.mentor)
        body = client.post(reverse("training:exercise_log_decide", args=[log.pk]),
                           {"decision": "return", "comment": "x" * 5001}, **HTMX).content.decode()
        assert f'id="queue-log-{log.pk}"' in body and 'data-testid="queue-error"' in body

    def test_a_card_already_decided_by_someone_else_says_so(self, client):
        org = Org()
        log = submit(org)
        services.exercise_log_verify(log=log, by=org.manager)
        client.force_login(org.mentor)
        body = client.post(reverse("training:exercise_log_decide", args=[log.pk]),
                           {"decision": "verify"}, **HTMX).content.decode()
        assert 'data-testid="queue-decided"' in body and "already verified" in body


class TestNavigationCount:
    def test_scenario_answers_to_grade_count_in_the_badge_like_on_the_page(self, client):
        org = Org()
        quiz = quiz_with([scenario()], slug="scenario-check", pass_mark=50)
        attempt = assessment_services.attempt_start(user=org.engineer, quiz=quiz)
        assessment_services.attempt_submit(attempt=attempt, user=org.engineer,
                                           answers={attempt.responses.get().pk: {"text": "Restart it."}})
        client.force_login(org.mentor)
        html = client.get(reverse("training:queue")).content.decode()
        assert 'data-testid="queue-total">1<' in html
        assert 'data-testid="queue-count">1<' in html

    def test_the_queue_page_counts_in_its_navigation_as_every_other_page_does(self, client):
        org = Org()
        submit(org)
        quiz = quiz_with([scenario()], slug="scenario-check", pass_mark=50)
        attempt = assessment_services.attempt_start(user=org.engineer, quiz=quiz)
        assessment_services.attempt_submit(attempt=attempt, user=org.engineer,
                                           answers={attempt.responses.get().pk: {"text": "Restart it."}})
        client.force_login(org.mentor)
        badges = re.compile(r'data-testid="queue-count">\d+<|title="attempts waiting for review">\d+<')
        library = badges.findall(client.get(reverse("content:library")).content.decode())
        queue = badges.findall(client.get(reverse("training:queue")).content.decode())
        assert library == queue == ['title="attempts waiting for review">1<', 'data-testid="queue-count">2<']

    def test_the_team_page_counts_the_answers_to_grade_as_every_other_page_does(self, client):
        """The team page counts the Grading badge itself (a query compiled once): the library's
        number, each manager their own team's, and one fewer once graded."""
        org, other = Org(), Org(prefix="b-")
        quiz = quiz_with([scenario()], slug="scenario-check", pass_mark=50)
        attempts = {}
        for team in (org, other):
            attempt = assessment_services.attempt_start(user=team.engineer, quiz=quiz)
            attempts[team] = assessment_services.attempt_submit(
                attempt=attempt, user=team.engineer, answers={attempt.responses.get().pk: {"text": "Restart it."}})

        def badges(person):
            client.force_login(person)
            return [re.findall(r'title="attempts waiting for review">(\d+)<', client.get(url).content.decode())
                    for url in (reverse("training:team"), reverse("content:library"))]

        assert badges(org.manager) == badges(other.manager) == [["1"], ["1"]]
        response = attempts[other].responses.get()
        assessment_services.attempt_review_grade(attempt=attempts[other], reviewer=other.manager, scores={
            response.pk: {c.pk: c.max_points for c in response.question.criteria.all()}})
        assert badges(other.manager) == [[], []] and badges(org.manager) == [["1"], ["1"]]

    def test_each_person_sees_their_own_count(self, client):
        """The count's query is compiled once and asked for each person: never one person's count
        for another."""
        first, second = Org(prefix="a-"), Org(prefix="b-")
        log_shift(second)
        submit(second)
        seen = {}
        for person in (first.mentor, second.mentor, first.manager, second.manager, second.host, first.engineer):
            client.force_login(person)
            html = client.get(reverse("content:library")).content.decode()
            seen[person.username] = re.findall(r'data-testid="queue-count">(\d+)<', html)
        assert seen == {"a-mentor": [], "b-mentor": ["1"], "a-manager": [], "b-manager": ["1"], "b-host": ["1"],
                        "a-engineer": []}

    def test_a_host_on_the_teams_host_list_has_the_queue_in_the_nav(self, client):
        org = Org()
        newcomer = UserFactory(username="new-host")
        org.team.hosts.add(newcomer)
        client.force_login(newcomer)
        assert 'data-nav="queue"' in client.get(reverse("content:library")).content.decode()
