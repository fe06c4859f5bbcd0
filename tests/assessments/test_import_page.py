"""Importing GIFT questions from the browser: into a new or an existing bank, all or nothing,
a check-only run, the list of banks, and who may do it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Choice, Question, QuestionBank
from tests.assessments.factories import QuestionBankFactory
from tests.assessments.test_gift import BROKEN
from tests.uploads import checked, text_of, upload
from training.audit.models import AuditEvent, AuditKind

pytestmark = pytest.mark.django_db
IMPORT = reverse("assessments:question_import")
WEEK_1 = """::broker::Which broker carries the tasks? {=RabbitMQ ~Kafka ~Redis}

::redis-truth::Redis is the system of record. {F}
"""


def post(client, text, *, bank="Week 1", name="week1.gift", dry_run=False):
    return client.post(IMPORT, checked({"bank": bank, "file": upload(name, text)}, dry_run))


def stored():
    return (list(QuestionBank.objects.values_list("name", flat=True)),
            list(Question.objects.order_by("pk").values_list("bank__name", "name")), Choice.objects.count())


@pytest.fixture
def admin(client_for, training_admin):
    return client_for(training_admin)


class TestImport:
    def test_questions_go_into_a_new_bank_then_an_existing_one(self, admin, training_admin):
        response = post(admin, WEEK_1)
        assert response.status_code == 302 and response["Location"] == IMPORT
        page = text_of(admin.get(IMPORT))
        assert "Imported 2 question(s) into the bank “Week 1”." in page
        assert "Week 1 2 questions" in page  # the list of banks
        post(admin, "::pool::What share of the pool triggers scaling? {#85}\n")
        assert stored()[1] == [("Week 1", "broker"), ("Week 1", "redis-truth"), ("Week 1", "pool")]
        assert QuestionBank.objects.get().created_by == training_admin
        event = AuditEvent.objects.filter(kind=AuditKind.IMPORT).latest("pk")
        assert (event.actor, event.origin) == (training_admin, "web")

    def test_a_check_only_run_says_what_would_be_added_and_changes_nothing(self, admin):
        response = post(admin, WEEK_1, dry_run=True)
        assert response.status_code == 200
        assert ("Check only, nothing was changed: this file would add 2 question(s) into the bank “Week 1”."
                in text_of(response))
        assert stored() == ([], [], 0)
        assert not AuditEvent.objects.filter(kind=AuditKind.IMPORT).exists()

    def test_a_file_with_mistakes_names_every_line_and_changes_nothing(self, admin):
        post(admin, WEEK_1)
        before = stored()
        response = post(admin, BROKEN, name="broken.gift")
        assert response.status_code == 200
        page = text_of(response)
        assert "Nothing was imported" in page
        assert "broken.gift, line 3:" in page and "broken.gift, line 16: " in page
        assert stored() == before

    def test_a_name_already_in_the_bank_is_imported_beside_it(self, admin):
        post(admin, WEEK_1)
        response = post(admin, "\n\n::broker::Again? {T}\n")
        assert response.status_code == 302
        assert stored()[1] == [("Week 1", "broker"), ("Week 1", "redis-truth"), ("Week 1", "broker")]

    @pytest.mark.parametrize("data, message", [
        ({"bank": "  ", "file": upload("a.gift", WEEK_1)}, "This field is required."),
        ({"bank": "x" * 121, "file": upload("a.gift", WEEK_1)}, "at most 120 characters"),
        ({"bank": "Week 1", "file": upload("a.pdf", WEEK_1)}, "a.pdf: choose a .gift or .txt file."),
        ({"bank": "Week 1", "file": upload("a.gift", b"\xff\xfe")}, "a.gift:1:1: not UTF-8 text (byte 0xff)"),
        ({"bank": "Week 1"}, "This field is required."),
    ])
    def test_bad_input_gets_a_clear_message_and_changes_nothing(self, admin, data, message):
        response = admin.post(IMPORT, data)
        assert response.status_code == 200 and message in text_of(response)
        assert stored() == ([], [], 0)


class TestDownload:
    def test_a_bank_downloads_as_gift_that_imports_into_another_bank(self, admin, training_admin):
        post(admin, WEEK_1)
        bank = QuestionBank.objects.get()
        assert f'href="{reverse("assessments:bank_download", args=[bank.pk])}"' in admin.get(IMPORT).content.decode()
        response = admin.get(reverse("assessments:bank_download", args=[bank.pk]))
        assert response["Content-Disposition"] == 'attachment; filename="week-1.gift"'
        event = AuditEvent.objects.filter(kind=AuditKind.EXPORT).latest("pk")
        assert event.summary == "GIFT questions of the bank “Week 1” written to a download (week-1.gift): 2 question(s)"
        assert (event.actor, event.origin) == (training_admin, "web")
        post(admin, response.content.decode(), bank="Copy of week 1")
        copied = Question.objects.filter(bank__name="Copy of week 1").order_by("position")
        assert [(q.name, q.kind) for q in copied] == [(q.name, q.kind) for q in bank.questions.order_by("position")]

    def test_an_engineer_cannot_download_a_bank(self, client_for, engineer):
        bank = QuestionBankFactory()
        assert client_for(engineer).get(reverse("assessments:bank_download", args=[bank.pk])).status_code == 403
        assert not AuditEvent.objects.filter(kind=AuditKind.EXPORT).exists()


class TestPage:
    def test_no_bank_yet_says_so(self, admin):
        assert "No question banks yet: the first import creates one." in text_of(admin.get(IMPORT))

    def test_the_list_of_banks_takes_the_same_queries_for_2_and_40_banks(self, admin):
        for _ in range(2):
            QuestionBankFactory()
        cache.clear()  # both visits build the navigation afresh
        with CaptureQueriesContext(connection) as small:
            admin.get(IMPORT)
        for _ in range(38):
            QuestionBankFactory()
        cache.clear()
        with CaptureQueriesContext(connection) as large:
            response = admin.get(IMPORT)
        assert len(large.captured_queries) == len(small.captured_queries)
        page = response.content.decode()
        assert page.count('class="list-group-item d-flex') == 20 and "?page=2" in page

    def test_the_quiz_list_offers_the_import_to_training_admins_only(self, admin, client_for, engineer):
        assert 'data-testid="import-questions"' in admin.get(reverse("assessments:quiz_list")).content.decode()
        engineers_list = client_for(engineer).get(reverse("assessments:quiz_list")).content.decode()
        assert 'data-testid="import-questions"' not in engineers_list


class TestWhoMayImport:
    def test_engineers_managers_and_anonymous_visitors_are_refused(self, client_for, engineer, manager):
        for user in (engineer, manager):
            client = client_for(user)
            assert client.get(IMPORT).status_code == 403
            assert post(client, WEEK_1).status_code == 403
        response = Client().get(IMPORT)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        assert stored() == ([], [], 0)


ESSAYS = """::incident::Describe the last incident you handled. {}

// @points 3
::handoff::How do you hand over a shift? {}

// @criterion 2 Names the runbook
::runbook::Which runbook do you open first? {}
"""


class TestEssaysWithoutRubric:
    def test_the_import_names_the_scenarios_that_need_a_rubric(self, admin):
        response = post(admin, ESSAYS)
        page = text_of(admin.get(response["Location"]))
        assert "Imported 3 question(s)" in page
        assert "2 scenario question(s) need a rubric: “incident”, “handoff”." in page
        banks = text_of(admin.get(IMPORT))
        assert "2 scenarios need a rubric (scored as a whole until they have one): “incident”, “handoff”" in banks
        assert "write their rubric" not in banks  # a training admin has no Django admin for questions

    def test_a_check_only_run_names_them_too(self, admin):
        page = text_of(post(admin, ESSAYS, dry_run=True))
        assert ("this file would add 3 question(s) into the bank “Week 1”. 2 scenario question(s) need a rubric: "
                "“incident”, “handoff”.") in page

    def test_a_rubric_written_in_the_django_admin_settles_it(self, admin, admin_client):
        post(admin, ESSAYS)
        link = "/admin/assessments/question/?bank__id__exact={}&amp;needs_rubric__exact=1"
        assert link.format(QuestionBank.objects.get().pk) in admin_client.get(IMPORT).content.decode()
        question = Question.objects.get(name="handoff")
        holistic = question.criteria.get()
        change = reverse("admin:assessments_question_change", args=[question.pk])
        form = admin_client.get(change).context["adminform"].form
        data = {key: value for key, value in form.initial.items() if value is not None and key != "category"}
        data.update({
            "bank": question.bank_id, "kind": "scenario", "text_format": "moodle", "points": "3",
            "needs_rubric": "on", "choices-TOTAL_FORMS": "0", "choices-INITIAL_FORMS": "0",
            "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "1",
            "criteria-0-id": holistic.pk, "criteria-0-question": question.pk, "criteria-0-position": "1",
            "criteria-0-description": holistic.description, "criteria-0-max_points": "3", "criteria-0-DELETE": "on",
            "criteria-1-question": question.pk, "criteria-1-position": "2",
            "criteria-1-description": "Names what is still open", "criteria-1-max_points": "3",
        })
        assert admin_client.post(change, data).status_code == 302
        question.refresh_from_db()
        assert not question.needs_rubric
        assert list(question.criteria.values_list("description", flat=True)) == ["Names what is still open"]
        assert Question.objects.get(name="incident").needs_rubric
