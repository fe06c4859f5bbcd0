"""The Django admin shows the training record and changes none of it, even for a superuser: a
step set to Done there would skip the recount, the sign-off and the audit event. Corrections are
made on the site, through the services."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Attempt, CriterionScore
from content.models import ReadAcknowledgement
from content.services import document_acknowledge
from tests.assessments.factories import quiz_with, scenario
from tests.content.factories import DocumentFactory
from tests.factories import UserFactory
from tests.training.certification.test_certificates import certified
from tests.training.factories import Org
from training.api.models import ApiToken, Scope
from training.api.tokens import service_token_create
from training.certification.eligibility import eligibility_sync
from training.certification.models import Certificate, EligibilityChange
from training.tracks.models import StepKind
from training.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from training.workflow.models import (
    Enrollment,
    ExerciseLog,
    ProgressStatus,
    ReadinessCheck,
    ShadowShift,
    ShiftState,
    SignOff,
    StepProgress,
)

pytestmark = pytest.mark.django_db

RECORDS = [Enrollment, StepProgress, ExerciseLog, ShadowShift, SignOff, ReadinessCheck, Certificate,
           EligibilityChange, Attempt, CriterionScore, ApiToken, WebhookDelivery, ReadAcknowledgement]


@pytest.fixture
def record():
    """One organisation's whole record: a certified engineer, a graded scenario, a token, a delivery."""
    org = Org()
    certified(org)
    eligibility_sync(teams=[org.team])
    quiz = quiz_with([scenario()], slug="validation", pass_mark=50)
    attempt = assessment_services.attempt_start(user=org.engineer, quiz=quiz)
    response = attempt.responses.get()
    attempt = assessment_services.attempt_submit(attempt=attempt, user=org.engineer,
                                                 answers={response.pk: {"text": "Check the broker."}})
    assessment_services.attempt_review_grade(
        attempt=attempt, reviewer=org.manager,
        scores={response.pk: {c.pk: c.max_points for c in response.question.criteria.all()}})
    service_token_create(name="paging", scopes=[Scope.SHIFTS], by=UserFactory(is_staff=True, is_superuser=True))
    subscription = WebhookSubscription.objects.create(url="https://hooks.example.com/x", secret="whsec_abc")
    event = WebhookEvent.objects.create(type="certificate.issued", data={"id": 1})
    WebhookDelivery.objects.create(subscription=subscription, event=event)
    document_acknowledge(user=org.engineer, document=DocumentFactory(slug="runbook"))
    return org


def url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def snapshot():
    return {model.__name__: sorted((row.pk, repr(sorted(model_to_dict(row).items(), key=str)))
                                   for row in model.objects.all()) for model in RECORDS}


def test_a_superuser_reads_every_training_record_in_the_admin_and_changes_none(record, client_for):
    admin = client_for(UserFactory(username="root", is_staff=True, is_superuser=True))
    before = snapshot()
    for model in RECORDS:
        obj = model.objects.order_by("pk").first()
        assert obj is not None, model
        changelist = admin.get(url(model, "changelist"))
        assert changelist.status_code == 200, model
        assert url(model, "add") not in changelist.content.decode(), f"{model.__name__} offers Add"
        page = admin.get(url(model, "change", obj.pk))
        assert page.status_code == 200, model  # to read
        assert 'name="_save"' not in page.content.decode(), f"{model.__name__} offers Save"
        data = {field: value for field, value in model_to_dict(obj).items() if value is not None}
        assert admin.get(url(model, "add")).status_code == 403, model
        assert admin.post(url(model, "add"), data).status_code == 403, model
        assert admin.post(url(model, "change", obj.pk), data).status_code == 403, model
        assert admin.get(url(model, "delete", obj.pk)).status_code == 403, model
        assert admin.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403, model
        assert admin.post(url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk],
                                                     "post": "yes"}).status_code in (200, 302, 403), model
    assert snapshot() == before


def test_a_step_cannot_be_set_to_done_nor_a_shift_added_as_confirmed_in_the_admin(client_for):
    org = Org()
    admin = client_for(UserFactory(username="root", is_staff=True, is_superuser=True))
    progress = org.progress(StepKind.CHECKLIST)
    signoffs = SignOff.objects.count()
    response = admin.post(url(StepProgress, "change", progress.pk), {
        "enrollment": org.enrollment.pk, "step": progress.step_id, "status": ProgressStatus.DONE,
        "completed_at_0": timezone.localdate().isoformat(), "completed_at_1": "10:00:00"})
    assert response.status_code == 403
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.NOT_STARTED
    shadow = org.progress(StepKind.SHADOW)
    response = admin.post(url(ShadowShift, "add"), {
        "progress": shadow.pk, "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "hours": "24", "host": org.manager.pk, "role": "lead", "state": ShiftState.CONFIRMED})
    assert response.status_code == 403
    assert not ShadowShift.objects.exists()
    assert SignOff.objects.count() == signoffs
