"""The team assignment pages: the list (its empty state, a fixed query count however many
assignments and members), scheduling a team assessment (a refusal keeps what was typed), the
results per person and per question, the members' home, and each denial."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TrainingAdminFactory, UserFactory
from tests.training.assignments.helpers import TODAY, assign, take, team_quiz
from tests.training.factories import Org
from training.assignments.models import AssignmentReason, TeamAssignment

pytestmark = pytest.mark.django_db
LIST, NEW = reverse("training:assignment_list"), reverse("training:assignment_create")


@pytest.fixture
def org():
    return Org()


def page(client, user, url, data=None):
    client.force_login(user)
    response = client.post(url, data) if data is not None else client.get(url)
    return response, response.content.decode()


def test_the_list_starts_empty_and_says_what_to_do(client, org):
    response, html = page(client, org.manager, LIST)
    assert response.status_code == 200 and "No team assignment yet." in html


def test_the_list_shows_how_many_members_did_each(client, org):
    quiz = team_quiz()
    assign(org.team, org.manager, quiz=quiz)
    take(org.engineer, quiz)
    _response, html = page(client, org.manager, LIST)
    assert "Quarterly knowledge check" in html and 'data-testid="done-count">1 of 3' in html


def test_the_list_runs_a_fixed_number_of_queries_however_many_assignments_and_members(client, org):
    def queries():
        client.force_login(org.manager)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    assign(org.team, org.manager, quiz=team_quiz())
    few = queries()
    for n in range(30):
        member = UserFactory(username=f"m{n}")
        org.team.members.add(member)
    for n in range(30):
        assign(org.team, org.manager, quiz=team_quiz(slug=f"check-{n}"), due_in=n)
    assert queries() == few


def test_scheduling_an_assessment_assigns_every_member_and_opens_its_results(client, org):
    due = TODAY + datetime.timedelta(days=10)
    response, _html = page(client, org.manager, NEW, {"team": org.team.pk, "quiz": team_quiz().pk,
                                                      "due_on": due.isoformat()})
    assignment = TeamAssignment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("training:assignment_detail",
                                                                           args=[assignment.pk])
    assert assignment.reason == AssignmentReason.QUARTERLY and assignment.due_on == due
    assert assignment.created_by == org.manager


def test_a_refused_assessment_keeps_what_was_typed_and_changes_nothing(client, org):
    quiz = team_quiz()
    assign(org.team, org.manager, quiz=quiz)
    later = (TODAY + datetime.timedelta(days=30)).isoformat()
    response, html = page(client, org.manager, NEW, {"team": org.team.pk, "quiz": quiz.pk, "due_on": later})
    assert response.status_code == 200 and "is already assigned to" in html
    assert f'value="{later}"' in html and TeamAssignment.objects.count() == 1
    response, html = page(client, org.manager, NEW, {"team": org.team.pk, "due_on": later})
    assert "Choose one quiz to take or one document to read." in html and TeamAssignment.objects.count() == 1


def test_the_results_page_shows_each_person_and_each_question(client, org):
    quiz = team_quiz()
    assignment = assign(org.team, org.manager, quiz=quiz)
    take(org.engineer, quiz, right=(True, False))
    _response, html = page(client, org.manager, reverse("training:assignment_detail", args=[assignment.pk]))
    assert html.count('data-testid="member-row"') == 3 and "50%" in html and "below the pass mark" not in html
    assert html.count('data-testid="question-row"') == 2 and "(0 of 1)" in html and "(1 of 1)" in html


def test_a_member_sees_it_on_their_home_until_it_is_done(client, org):
    quiz = team_quiz()
    _response, html = page(client, org.engineer, reverse("training:my_training"))  # kept in the page cache
    assert 'data-testid="assignment-due"' not in html
    assign(org.team, org.manager, quiz=quiz)
    _response, html = page(client, org.engineer, reverse("training:my_training"))
    assert 'data-testid="assignment-due"' in html and "Take the quiz “Quarterly knowledge check”" in html
    take(org.engineer, quiz)
    _response, html = page(client, org.engineer, reverse("training:my_training"))
    assert 'data-testid="assignment-due"' not in html


@pytest.mark.parametrize("who, status", [("engineer", 403), ("mentor", 403), ("other manager", 404),
                                         ("admin", 200), ("anonymous", 302)])
def test_who_may_see_a_teams_results(client, org, who, status):
    assignment = assign(org.team, org.manager, quiz=team_quiz())
    url = reverse("training:assignment_detail", args=[assignment.pk])
    user = {"engineer": org.engineer, "mentor": org.mentor, "other manager": Org(prefix="b-").manager,
            "admin": TrainingAdminFactory(), "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_another_teams_manager_cannot_assign_to_it(client, org):
    other = Org(prefix="b-")
    response, html = page(client, other.manager, NEW, {"team": org.team.pk, "quiz": team_quiz().pk,
                                                       "due_on": TODAY.isoformat()})
    assert response.status_code == 200 and "Select a valid choice" in html
    assert not TeamAssignment.objects.exists()
