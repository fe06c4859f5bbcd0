"""People and teams pages (training admins): adding and inviting people, the invitation link, a
CSV of people all or nothing, several managers per team, moving a person, deactivating a leaver.
Every change is in the audit log."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import TeamFactory, TrainingAdminFactory, UserFactory
from tests.training.factories import Org
from tests.uploads import upload
from training import access
from training.audit.models import AuditEvent, AuditKind
from training.people.models import Invitation
from training.teams.models import Team
from training.workflow.models import Enrollment

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin_client(training_admin):
    client = Client()
    client.force_login(training_admin)
    return client


def invitation_link():
    assert mail.outbox, "no email was sent"
    return re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body).group(1)


def summaries():
    return list(AuditEvent.objects.filter(kind=AuditKind.ROLE_CHANGE).values_list("summary", flat=True))


class TestAddAndInvite:
    def test_adding_a_person_makes_the_account_and_emails_a_one_time_link(self, admin_client, team,
                                                                            django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(reverse("people:person_create"), {
                "username": "dana", "email": "Dana@Example.com", "first_name": "Dana", "last_name": "Ortiz",
                "team": team.pk, "role": "engineer", "invite": "on"})
        dana = User.objects.get(username="dana")
        assert response.status_code == 302 and response.url == reverse("people:person_detail", args=[dana.pk])
        assert dana.email == "dana@example.com" and not dana.has_usable_password()
        assert team.members.filter(pk=dana.pk).exists()
        assert mail.outbox[-1].to == ["dana@example.com"]
        assert mail.outbox[-1].subject == "[Shiftready] You are invited to Shiftready"
        assert "Your username is dana" in mail.outbox[-1].body
        assert "person dana (dana@example.com) created and invited" in summaries()
        # Only the token's hash is stored: the link in the email is the only copy.
        token = invitation_link().split("/")[2]
        assert not Invitation.objects.filter(token_hash=token).exists()

    def test_the_link_sets_the_password_logs_in_and_works_once(self, admin_client, team,
                                                               django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(reverse("people:person_create"), {
                "username": "dana", "email": "dana@example.com", "team": team.pk, "role": "engineer",
                "invite": "on"})
        link = invitation_link()
        newcomer = Client()
        assert "You are invited as" in newcomer.get(link).content.decode()
        weak = newcomer.post(link, {"password1": "short", "password2": "short"})
        assert weak.status_code == 200 and "too short" in weak.content.decode()
        response = newcomer.post(link, {"password1": "a long new passphrase 7", "password2": "a long new passphrase 7"})
        assert response.status_code == 302
        assert newcomer.get("/").url == reverse("training:my_training")
        assert User.objects.get(username="dana").check_password("a long new passphrase 7")
        again = Client().get(link)
        assert again.status_code == 410 and "already used" in again.content.decode()
        assert Client().login(username="dana", password="a long new passphrase 7")

    def test_an_expired_link_and_a_replaced_link_do_not_work(self, admin_client, team,
                                                             django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(reverse("people:person_create"), {
                "username": "dana", "email": "dana@example.com", "team": team.pk, "role": "engineer",
                "invite": "on"})
        first = invitation_link()
        dana = User.objects.get(username="dana")
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(reverse("people:person_invite", args=[dana.pk]))
        second = invitation_link()
        assert first != second
        assert "replaced by a newer one" in Client().get(first).content.decode()
        Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
            created_at=timezone.now() - datetime.timedelta(days=8),
            expires_at=timezone.now() - datetime.timedelta(days=1))
        passwords = {"password1": "a long new passphrase 7", "password2": "a long new passphrase 7"}
        expired = Client().post(second, passwords)
        assert expired.status_code == 410 and "has expired" in expired.content.decode()
        assert not User.objects.get(username="dana").has_usable_password()

    def test_a_taken_username_or_email_is_refused_and_nothing_is_made(self, admin_client, team, engineer):
        for data in ({"username": "engineer", "email": "new@example.com"},
                     {"username": "newcomer", "email": engineer.email}):
            response = admin_client.post(reverse("people:person_create"), {**data, "team": team.pk, "role": "engineer"},
                                         follow=True)
            assert "taken" in response.content.decode() or "already has the email" in response.content.decode()
        assert not User.objects.filter(username="newcomer").exists()

    def test_a_training_admin_needs_no_team(self, admin_client):
        admin_client.post(reverse("people:person_create"), {"username": "tam", "email": "tam@example.com",
                                                            "role": "training_admin"})
        assert access.is_training_admin(User.objects.get(username="tam"))


class TestPeopleFile:
    CSV = ("username,email,name,team,role\n"
           "dana,dana@example.com,Dana Ortiz,platform-ops,engineer\n"
           "lee,lee@example.com,Lee Park,platform-ops,manager\n")

    def post(self, client, text, **extra):
        return client.post(reverse("people:people_import"), {"file": upload("people.csv", text), **extra})

    def test_a_file_imports_every_person_with_their_team_and_role(self, admin_client, team):
        response = self.post(admin_client, self.CSV)
        assert response.status_code == 302
        assert team.members.filter(username="dana").exists() and team.managers.filter(username="lee").exists()
        assert len(mail.outbox) == 0  # invitations go out on commit; the test's transaction never commits

    def test_a_bad_line_refuses_the_whole_file_with_line_numbers(self, admin_client, team, engineer):
        bad = self.CSV + ("sam,not-an-email,Sam,platform-ops,engineer\n"
                          "kim,kim@example.com,Kim,no-such-team,engineer\n"
                          f"eve,{engineer.email},Eve,platform-ops,wizard\n")
        response = self.post(admin_client, bad)
        problems = [str(problem) for problem in response.context["problems"]]
        assert response.status_code == 200 and "Nothing was imported" in response.content.decode()
        assert problems == [
            "people.csv:4: “not-an-email” is not an email address",
            "people.csv:5: no team with the slug “no-such-team”",
            f"people.csv:6: {engineer.email} belongs to another person (engineer)",
            "people.csv:6: unknown role “wizard” (one of engineer, mentor, host, manager, training_admin)",
        ]
        assert not User.objects.filter(username__in=["dana", "lee", "sam", "kim", "eve"]).exists()

    def test_check_only_changes_nothing(self, admin_client, team):
        response = self.post(admin_client, self.CSV, dry_run="on")
        assert "Check only, nothing was changed: 2 new: dana, lee" in response.content.decode()
        assert not User.objects.filter(username="dana").exists()

    def test_an_existing_username_is_updated(self, admin_client, team):
        UserFactory(username="dana", email="old@example.com")
        self.post(admin_client, self.CSV)
        dana = User.objects.get(username="dana")
        assert (dana.email, dana.get_full_name()) == ("dana@example.com", "Dana Ortiz")
        assert team.members.filter(pk=dana.pk).exists()


class TestTeams:
    def test_a_team_has_several_managers_and_each_may_sign(self, admin_client, manager, engineer, team):
        second = UserFactory(username="second")
        response = admin_client.post(reverse("people:team_edit", args=[team.slug]), {
            "name": team.name, "slug": team.slug, "review_cadence": "quarterly",
            "managers": [manager.pk, second.pk], "members": [engineer.pk], "mentors": [], "hosts": []})
        assert response.status_code == 302
        assert set(team.managers.all()) == {manager, second}
        assert access.manages_engineer(second, engineer) and access.is_manager(second)
        assert "second became a manager of team Platform Ops" in summaries()
        assert "team Platform Ops (platform-ops, reviews none) is now Platform Ops (platform-ops, reviews quarterly)" \
            in summaries()

    def test_changing_a_persons_details_is_in_the_audit_log(self, admin_client, engineer):
        admin_client.post(reverse("people:person_update", args=[engineer.pk]),
                          {"first_name": "Erin", "last_name": "Smith", "email": "erin@example.com"})
        engineer.refresh_from_db()
        assert (engineer.last_name, engineer.email) == ("Smith", "erin@example.com")
        assert any(s.startswith("engineer: last name Engineer → Smith, email") for s in summaries())

    def test_a_team_needs_a_manager(self, admin_client, engineer, team):
        response = admin_client.post(reverse("people:team_edit", args=[team.slug]), {
            "name": team.name, "slug": team.slug, "review_cadence": "none", "managers": [], "members": [engineer.pk]})
        assert response.status_code == 200 and "This field is required" in response.content.decode()

    def test_a_new_team(self, admin_client, manager):
        admin_client.post(reverse("people:team_create"), {"name": "Database Ops", "slug": "db-ops",
                                                          "review_cadence": "none", "managers": [manager.pk]})
        assert Team.objects.get(slug="db-ops").managers.get() == manager

    def test_moving_a_person_between_teams(self, admin_client, engineer, team):
        other = TeamFactory(name="Database Ops", slug="db-ops")
        admin_client.post(reverse("people:person_move", args=[engineer.pk]), {"team": other.pk})
        assert list(engineer.teams.all()) == [other]
        assert {"engineer left team Platform Ops", "engineer joined team Database Ops"} <= set(summaries())


class TestLeaver:
    def test_deactivating_ends_sessions_drops_signing_roles_and_keeps_the_record(self, admin_client):
        org = Org()
        org.team.hosts.add(org.host)
        org.team.mentors.add(org.mentor)
        laptop = Client()
        laptop.force_login(org.mentor)
        response = admin_client.post(reverse("people:person_deactivate", args=[org.mentor.pk]),
                                     {"reason": "left the company"})
        assert response.status_code == 302
        org.mentor.refresh_from_db()
        assert not org.mentor.is_active
        assert laptop.get(reverse("training:my_training")).status_code == 302  # signed out there too
        assert not org.team.mentors.filter(pk=org.mentor.pk).exists()
        assert Enrollment.objects.get(pk=org.enrollment.pk).mentor is None
        assert Enrollment.objects.filter(pk=org.enrollment.pk).exists()
        assert any(s.startswith(f"{org.mentor.username} deactivated: left the company; no longer the mentor of")
                   for s in summaries())
        admin_client.post(reverse("people:person_reactivate", args=[org.mentor.pk]))
        org.mentor.refresh_from_db()
        assert org.mentor.is_active

    def test_a_training_admin_cannot_deactivate_themself(self, admin_client, training_admin):
        response = admin_client.post(reverse("people:person_deactivate", args=[training_admin.pk]), follow=True)
        assert "You cannot deactivate yourself." in response.content.decode()
        training_admin.refresh_from_db()
        assert training_admin.is_active


class TestList:
    def test_search_by_name_and_filter_by_team(self, admin_client, team, engineer, manager):
        UserFactory(username="outsider", first_name="Olga")
        page = admin_client.get(reverse("people:person_list"), {"q": "erin"}).context["page"]
        assert [p.username for p in page] == ["engineer"]
        page = admin_client.get(reverse("people:person_list"), {"team": team.slug}).context["page"]
        assert {p.username for p in page} == {"engineer", "manager"}

    def test_the_list_runs_the_same_queries_for_3_and_25_people(self, admin_client, team, django_assert_num_queries):
        def count():
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                assert admin_client.get(reverse("people:person_list")).status_code == 200
            return len(captured)

        few = count()
        for n in range(22):
            team.members.add(UserFactory(username=f"bulk{n}"))
        assert count() == few

    def test_nobody_but_a_training_admin_sees_or_changes_people(self, client_for, manager, engineer, team):
        for user in (manager, engineer):
            client = client_for(user)
            assert client.get(reverse("people:person_list")).status_code == 403
            assert client.post(reverse("people:person_deactivate", args=[engineer.pk])).status_code == 403
        engineer.refresh_from_db()
        assert engineer.is_active

    def test_a_persons_page_keeps_the_admins_navigation(self, admin_client, engineer):
        page = admin_client.get(reverse("people:person_detail", args=[engineer.pk])).content.decode()
        assert 'data-nav="admin-home"' in page and 'data-nav="people"' in page

    def test_the_admin_home_links_the_people_pages(self, admin_client):
        page = admin_client.get(reverse("training:admin_home")).content.decode()
        assert reverse("people:person_list") in page and reverse("people:people_import") in page

    def test_training_admins_and_open_invitations_are_marked(self, admin_client, team, engineer,
                                                             django_capture_on_commit_callbacks):
        TrainingAdminFactory(username="other-admin")
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(reverse("people:person_create"), {"username": "dana", "email": "dana@example.com",
                                                                "team": team.pk, "role": "engineer", "invite": "on"})
        people = {p.username: p for p in admin_client.get(reverse("people:person_list")).context["page"]}
        assert people["other-admin"].is_training_admin and not people["engineer"].is_training_admin
        assert people["dana"].invited and not people["engineer"].invited
        page = admin_client.get(reverse("people:person_list")).content.decode()
        assert ">training admin</span>" in page and ">invited</span>" in page
