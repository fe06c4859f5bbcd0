"""State changes only through POST with a CSRF token; oversized requests refused cleanly.
OWASP ASVS 5.0 V3.5 Browser Origin Separation, and V5 File Handling for sizes."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import TrainingAdminFactory
from tests.urlwalk import iter_patterns, sample_path

# Every endpoint that changes state. A new one must be added here (the walk below finds it).
POST_ONLY = {
    "training:document_pdf_retry",
    "training:step_start",
    "training:step_complete",
    "training:exercise_log_submit",
    "training:shadow_shift_log",
    "training:exercise_log_decide",
    "training:shadow_shift_decide",
    "training:sign_off",
    "training:checkin_record",
    "training:checkin_confirm",
    "training:incident_follow_up",
    "training:incident_assign",
    "training:first_shifts_schedule",
    "training:first_shifts_on_rota",
    "training:countdown_tick",
    "training:level_grant",
    "training:level_revoke",
    "training:export_start",
    "training:shadowing_log_retry",
    "training:engineer_report_retry",
    "training:team_report_retry",
    "training:calendar_renew",
    "training:certificate_reissue",
    "training:step_link",
    "content:document_acknowledge",
    "content:document_mark_reviewed",
    "content:document_rate",
    "content:gap_report",
    "training:step_rate",
    "training:step_gap",
    "assessments:attempt_start",
    "assessments:attempt_answer",
    "assessments:attempt_submit",
    "people:person_update",
    "people:person_place",
    "people:person_unplace",
    "people:person_move",
    "people:person_invite",
    "people:person_deactivate",
    "people:person_reactivate",
    "training:webhook_ping",
    "training:webhook_rotate",
    "training:webhook_enable",
    "training:webhook_delete",
    "training:webhook_resend",
    "training:api_token_revoke",
}


def routes():
    for name, route in iter_patterns():
        if route.startswith("admin/") or name is None:
            continue
        yield name, sample_path(route)


@pytest.fixture
def admin_client(db):
    client = Client(raise_request_exception=False)
    client.force_login(TrainingAdminFactory(username="walker", is_superuser=True))
    return client


# ASVS 5.0 V3.5.3: sensitive functionality is reached with POST, never with a "safe" method.
@pytest.mark.django_db
def test_get_on_every_state_changing_endpoint_answers_405(admin_client):
    names = {name for name, _ in routes()}
    assert POST_ONLY <= names, f"no longer routed: {sorted(POST_ONLY - names)}"
    refused = set()
    for name, path in routes():
        if admin_client.get(path).status_code == 405:
            refused.add(name)
    # Both ways: each endpoint of the table refuses GET, and nothing else does without being
    # listed (a new POST-only view must be added to the table, and so to the CSRF test below).
    assert refused == POST_ONLY


# ASVS 5.0 V3.5.1: requests to sensitive functionality carry an anti-forgery token.
@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused_everywhere(db):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(TrainingAdminFactory(username="forger", is_superuser=True))
    paths = dict(routes())
    for name in sorted(POST_ONLY):
        response = client.post(paths[name], {"comment": "forged"})
        assert response.status_code == 403, (name, response.status_code)
        assert b"CSRF" in response.content


@pytest.mark.django_db
def test_the_login_form_needs_its_csrf_token_too(engineer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "engineer", "password": "pass"})
    assert response.status_code == 403


# ASVS 5.0 V5 File Handling: only requests of a size the application can process are accepted.
@pytest.mark.django_db
def test_an_oversized_form_body_is_refused_with_400_not_500(engineer):
    # As a browser does it: the CSRF check is the first to read the body.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(engineer)
    client.get(reverse("training:my_training"))  # the page gives the CSRF cookie
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("training:step_start", args=[1]), {"notes": padding})
    assert response.status_code == 400
    anonymous = Client(enforce_csrf_checks=True, raise_request_exception=False)
    anonymous.get(reverse("account_login"))
    assert anonymous.post(reverse("account_login"), {"login": padding}).status_code == 400


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_with_413_before_it_is_read(client_for, training_admin):
    client = client_for(training_admin)
    client.raise_request_exception = False
    huge = SimpleUploadedFile("track.md", b"#" * (settings.MAX_REQUEST_BODY_SIZE + 1), "text/markdown")
    response = client.post(reverse("training:admin_home"), {"file": huge})
    assert response.status_code == 413
    assert response.content == b"Request too large."


@pytest.mark.django_db
def test_a_normal_upload_is_not_affected(client_for, training_admin):
    client = client_for(training_admin)
    client.raise_request_exception = False
    small = SimpleUploadedFile("track.md", b"# nothing\n", "text/markdown")
    assert client.post(reverse("training:admin_home"), {"file": small}).status_code not in (400, 413, 500)
