"""The access matrix: every URL pattern of the project, for every role of DESIGN.md, against the
objects of one team, with the answer each role must get. OWASP ASVS 5.0 V8.2.1 (function-level
access only for permitted consumers), V8.2.2 (data-specific access: no IDOR/BOLA), V8.3.1
(authorization enforced at the server).

Answers: 200; "login" (302 to the login page); 302 (a redirect elsewhere); 403; 404 (an object
the user may not see); 405 (a POST-only endpoint asked with GET); "refused" (a POST the
service refuses with a message: 302 back to the page, nothing changed).

A URL pattern missing from TABLE fails the test with its name: a new view is covered the day it
is added. Django admin URLs follow one rule (test_the_django_admin_is_for_staff_only).
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import Attempt, Question, QuestionBank, Response
from content.models import Document, DocumentRating, GapReport, ReadAcknowledgement
from tests.security.world import PASSWORD, ROLES, World
from tests.training.incidents.helpers import world_assignment, world_incident
from tests.uploads import upload
from tests.urlwalk import iter_patterns, sample_path
from training.api.models import ApiToken
from training.assignments.models import TeamAssignment
from training.audit.models import AuditEvent
from training.certification.models import CalendarFeed, Certificate, CertificationReview
from training.checkins.models import CheckIn, CheckInAction
from training.feedback.models import StepRating
from training.incidents.models import Incident, IncidentFollowUp
from training.levels.models import LevelSignOff
from training.people.models import Invitation
from training.reports.models import ExportJob, RenderedReport
from training.rota.models import CountdownTick, FirstShifts
from training.teams.models import Team
from training.tracks.models import Exercise, Track
from training.webhooks.models import WebhookDelivery, WebhookSubscription
from training.workflow.models import Enrollment, ExerciseLog, ShadowShift, SignOff, StepProgress

EXERCISE_FILE = "## Forged {slug: forged, minutes: 5}\n\n### Instructions\n1. Forge.\n"

LOGGED_IN = ROLES[1:]


def E(default=404, *, anon="login", **roles):
    """One row: ``default`` for every logged-in role, ``anon`` for anonymous, then exceptions."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, unknown
    return {"anon": anon, **dict.fromkeys(LOGGED_IN, default), **roles}


SEES_ENROLLMENT = {"engineer": 200, "mentor": 200, "manager": 200, "admin": 200}  # the engineer's
SEES_CERTIFIED = {"engineer2": 200, "mentor": 200, "manager": 200, "admin": 200}  # the other engineer's
LEADS = {"manager": 200, "other_manager": 200, "admin": 200}  # a team's managers and training admins

# URL name -> (kwargs from the world, expected answer to GET per role).
TABLE = {
    "home": (lambda w: {}, E(302)),
    "healthz": (lambda w: {}, E(200, anon=200)),
    # Accounts (django-allauth). Pages for people not logged in yet answer anyone; the rest are
    # the person's own (their password, emails, second factors): 302 where allauth first asks to
    # confirm it is them or has nothing to show, 404 for a second factor they do not have.
    "account_login": (lambda w: {}, E(302, anon=200)),
    "account_logout": (lambda w: {}, E(200)),
    "account_signup": (lambda w: {}, E(302, anon=200)),
    "account_inactive": (lambda w: {}, E(200, anon=200)),
    "account_change_password": (lambda w: {}, E(200)),
    "account_set_password": (lambda w: {}, E(302)),
    "account_email": (lambda w: {}, E(200)),
    "account_email_verification_sent": (lambda w: {}, E(200, anon=200)),
    "account_confirm_email": (lambda w: {"key": "not-a-key"}, E(200, anon=200)),
    "account_reset_password": (lambda w: {}, E(200, anon=200)),
    "account_reset_password_done": (lambda w: {}, E(200, anon=200)),
    "account_reset_password_from_key": (lambda w: {"uidb36": "1", "key": "not-a-key"}, E(200, anon=200)),
    "account_reset_password_from_key_done": (lambda w: {}, E(200, anon=200)),
    "account_confirm_login_code": (lambda w: {}, E(302)),
    "account_reauthenticate": (lambda w: {}, E(200)),
    "account_request_reauthentication_code": (lambda w: {}, E(302)),
    "account_confirm_reauthentication_code": (lambda w: {}, E(302)),
    "mfa_index": (lambda w: {}, E(200)),
    "mfa_authenticate": (lambda w: {}, E(302)),
    "mfa_reauthenticate": (lambda w: {}, E(302)),
    "mfa_activate_totp": (lambda w: {}, E(302)),
    "mfa_deactivate_totp": (lambda w: {}, E(404)),
    "mfa_view_recovery_codes": (lambda w: {}, E(404)),
    "mfa_generate_recovery_codes": (lambda w: {}, E(302)),
    "mfa_download_recovery_codes": (lambda w: {}, E(404)),
    "mfa_list_webauthn": (lambda w: {}, E(200)),
    "mfa_add_webauthn": (lambda w: {}, E(302)),
    "mfa_reauthenticate_webauthn": (lambda w: {}, E(302)),
    "mfa_remove_webauthn": (lambda w: {"pk": 1}, E(302)),
    "mfa_edit_webauthn": (lambda w: {"pk": 1}, E(302)),
    "mfa_login_webauthn": (lambda w: {}, E(302)),
    "socialaccount_connections": (lambda w: {}, E(200)),
    "socialaccount_login_cancelled": (lambda w: {}, E(200, anon=200)),
    "socialaccount_login_error": (lambda w: {}, E(401)),
    "socialaccount_signup": (lambda w: {}, E("login")),
    # Single sign-on is not configured in the tests' settings: no provider to sign in with.
    "openid_connect_login": (lambda w: {"provider_id": "sso"}, E(404, anon=404)),
    "openid_connect_callback": (lambda w: {"provider_id": "sso"}, E(404, anon=404)),
    # The library: every logged-in user reads it; only training admins review.
    "content:library": (lambda w: {}, E(200)),
    "content:path_list": (lambda w: {}, E(200)),
    "content:path_detail": (lambda w: {"slug": w.path.slug}, E(200)),
    "content:scenario_list": (lambda w: {}, E(200)),
    "content:review_queue": (lambda w: {}, E(403, admin=200)),
    "content:document_import": (lambda w: {}, E(403, admin=200)),
    "content:library_download": (lambda w: {}, E(403, admin=200)),
    "content:document_detail": (lambda w: {"slug": w.document.slug}, E(200)),
    "content:document_acknowledge": (lambda w: {"slug": w.document.slug}, E(405)),
    "content:document_diff": (lambda w: {"slug": w.document.slug}, E(200)),
    "content:document_mark_reviewed": (lambda w: {"slug": w.document.slug}, E(405)),
    # Feedback on the library: anyone who reads rates and reports gaps; the document's owner (the
    # world's document has none) or a training admin closes them; each sees their own reports.
    "content:my_gaps": (lambda w: {}, E(200)),
    "content:document_rate": (lambda w: {"slug": w.document.slug}, E(405)),
    "content:gap_report": (lambda w: {"slug": w.document.slug}, E(405)),
    "content:document_gaps": (lambda w: {"slug": w.document.slug}, E(404, admin=200)),
    # Decision trees are walked, and documents printed, by anyone who reads the library (the world's
    # runbook is no decision tree: it has no walk). The PDF is made once, then served to everyone.
    "content:document_walk": (lambda w: {"slug": w.document.slug}, E(404)),
    "training:document_pdf": (lambda w: {"slug": w.document.slug}, E(200)),
    "training:document_pdf_status": (lambda w: {"slug": w.document.slug}, E(200)),
    "training:document_pdf_retry": (lambda w: {"slug": w.document.slug}, E(405)),
    # Quizzes.
    "assessments:quiz_list": (lambda w: {}, E(200)),
    "assessments:review_queue": (lambda w: {}, E(403, mentor=200, manager=200, other_manager=200, admin=200)),
    "assessments:review_attempt": (lambda w: {"pk": w.scenario_attempt.pk},
                                   E(404, engineer=403, mentor=200, manager=200, admin=200)),
    "assessments:attempt_detail": (lambda w: {"pk": w.attempt.pk}, E(404, engineer=200)),
    "assessments:attempt_answer": (lambda w: {"pk": w.attempt.pk, "response_pk": w.response.pk}, E(405)),
    "assessments:attempt_submit": (lambda w: {"pk": w.attempt.pk}, E(405)),
    "assessments:attempt_result": (lambda w: {"pk": w.scenario_attempt.pk},
                                   E(404, engineer=200, mentor=200, manager=200, admin=200)),
    "assessments:quiz_detail": (lambda w: {"slug": w.quiz.slug}, E(200)),
    "assessments:attempt_start": (lambda w: {"slug": w.quiz.slug}, E(405)),
    "assessments:item_statistics": (lambda w: {"slug": w.quiz.slug}, E(403, admin=200)),
    "assessments:question_import": (lambda w: {}, E(403, admin=200)),
    "assessments:bank_download": (lambda w: {"pk": w.response.question.bank_id}, E(403, admin=200)),
    # Training: the engineer's enrollment, steps and decisions.
    "training:my_training": (lambda w: {}, E(200)),
    "training:enrollment_detail": (lambda w: {"pk": w.enrollment.pk}, E(404, **SEES_ENROLLMENT)),
    "training:readiness": (lambda w: {"pk": w.enrollment.pk},
                           E(404, engineer=403, mentor=403, manager=200, admin=403)),
    "training:sign_off": (lambda w: {"pk": w.enrollment.pk}, E(405)),
    "training:step_detail": (lambda w: {"pk": w.exercise_progress.pk}, E(404, **SEES_ENROLLMENT)),
    "training:step_start": (lambda w: {"pk": w.checklist_progress.pk}, E(405)),
    "training:step_complete": (lambda w: {"pk": w.checklist_progress.pk}, E(405)),
    "training:exercise_log_submit": (lambda w: {"pk": w.exercise_progress.pk}, E(405)),
    "training:shadow_shift_log": (lambda w: {"pk": w.shadow_progress.pk}, E(405)),
    "training:exercise_log_decide": (lambda w: {"pk": w.log.pk}, E(405)),
    "training:shadow_shift_decide": (lambda w: {"pk": w.shift.pk}, E(405)),
    "training:queue": (lambda w: {}, E(200)),
    # Feedback on a step: the engineer's own; anyone else cannot find it.
    "training:step_feedback": (lambda w: {"pk": w.exercise_progress.pk}, E(404, engineer=200)),
    "training:step_rate": (lambda w: {"pk": w.exercise_progress.pk}, E(405)),
    "training:step_gap": (lambda w: {"pk": w.exercise_progress.pk}, E(405)),
    # Weekly check-ins: the enrollment's people see them; its mentor, manager or an admin records.
    "training:my_checkins": (lambda w: {}, E(200)),
    "training:checkin_list": (lambda w: {"pk": w.enrollment.pk}, E(404, **SEES_ENROLLMENT)),
    "training:checkin_week": (lambda w: {"pk": w.enrollment.pk, "week": 1}, E(404, **SEES_ENROLLMENT)),
    "training:checkin_record": (lambda w: {"pk": w.enrollment.pk, "week": 1}, E(405)),
    "training:checkin_confirm": (lambda w: {"pk": w.enrollment.pk, "week": 1}, E(405)),
    # The first on-call shifts of the signed-off engineer: seen by whoever sees the enrollment (and the
    # backup); scheduled and confirmed by the manager or a training admin; ticked by the engineer.
    "training:my_first_shifts": (lambda w: {}, E(200)),
    "training:first_shifts": (lambda w: {"pk": w.enrollment2.pk}, E(404, **SEES_CERTIFIED)),
    "training:first_shifts_schedule": (lambda w: {"pk": w.enrollment2.pk}, E(405)),
    "training:first_shifts_on_rota": (lambda w: {"pk": w.enrollment2.pk}, E(405)),
    "training:countdown_tick": (lambda w: {"pk": w.enrollment2.pk, "step": w.track.steps.first().pk}, E(405)),
    # Readiness levels: the enrollment's people see them; only its manager grants or revokes.
    "training:enrollment_levels": (lambda w: {"pk": w.enrollment.pk}, E(404, **SEES_ENROLLMENT)),
    "training:level_grant": (lambda w: {"pk": w.enrollment.pk}, E(405)),
    "training:level_revoke": (lambda w: {"pk": w.enrollment.pk}, E(405)),
    # Incidents and team assignments: the managers of the team and training admins; anyone who
    # leads no team gets 403, another team's manager cannot find them (404).
    "training:incident_list": (lambda w: {}, E(403, **LEADS)),
    "training:incident_create": (lambda w: {}, E(403, **LEADS)),
    "training:incident_detail": (lambda w: {"pk": world_incident(w).pk}, E(403, **{**LEADS, "other_manager": 404})),
    "training:incident_follow_up": (lambda w: {"pk": world_incident(w).pk}, E(405)),
    "training:incident_assign": (lambda w: {"pk": world_incident(w).pk}, E(405)),
    "training:assignment_list": (lambda w: {}, E(403, **LEADS)),
    "training:assignment_create": (lambda w: {}, E(403, **LEADS)),
    "training:assignment_detail": (lambda w: {"pk": world_assignment(w).pk}, E(403, **{**LEADS, "other_manager": 404})),
    "training:team": (lambda w: {}, E(403, manager=200, other_manager=200)),
    "training:enroll": (lambda w: {}, E(403, manager=200, other_manager=200)),
    "training:admin_home": (lambda w: {}, E(403, admin=200)),
    "training:audit_log": (lambda w: {}, E(403, admin=200)),
    # People and teams: training admins only; the state-changing ones are POST-only (405 to GET).
    "people:person_list": (lambda w: {}, E(403, admin=200)),
    "people:person_create": (lambda w: {}, E(403, admin=200)),
    "people:people_import": (lambda w: {}, E(403, admin=200)),
    "people:person_detail": (lambda w: {"pk": w.engineer.pk}, E(403, admin=200)),
    "people:person_update": (lambda w: {"pk": w.engineer.pk}, E(405)),
    "people:person_place": (lambda w: {"pk": w.engineer.pk}, E(405)),
    "people:person_unplace": (lambda w: {"pk": w.engineer.pk}, E(405)),
    "people:person_move": (lambda w: {"pk": w.engineer.pk}, E(405)),
    "people:person_invite": (lambda w: {"pk": w.engineer.pk}, E(405)),
    "people:person_deactivate": (lambda w: {"pk": w.engineer.pk}, E(405)),
    "people:person_reactivate": (lambda w: {"pk": w.engineer.pk}, E(405)),
    "people:team_list": (lambda w: {}, E(403, admin=200)),
    "people:team_create": (lambda w: {}, E(403, admin=200)),
    "people:team_edit": (lambda w: {"slug": w.team.slug}, E(403, admin=200)),
    # Webhooks: training admins only; the changes are POST-only.
    "training:webhook_list": (lambda w: {}, E(403, admin=200)),
    "training:webhook_create": (lambda w: {}, E(403, admin=200)),
    "training:webhook_detail": (lambda w: {"pk": w.webhook.pk}, E(403, admin=200)),
    **{f"training:webhook_{name}": (lambda w: {"pk": w.webhook.pk}, E(405))
       for name in ("ping", "rotate", "enable", "delete")},
    "training:webhook_resend": (lambda w: {"pk": w.webhook_delivery.pk}, E(405)),
    # API tokens: everyone's own page; a revoke is POST-only.
    "training:api_tokens": (lambda w: {}, E(200)),
    "training:api_token_revoke": (lambda w: {"pk": w.api_token.pk}, E(405)),
    # The API answers bearer tokens only (tests/security/test_api_matrix.py walks it per role with
    # tokens): a session, even a training admin's, is 401. The schema and its docs are for people
    # signed in.
    **{f"api:{name}": (lambda w: {}, E(401, anon=401)) for name in (
        "person-list", "team-list", "track-list", "enrollment-list", "certificate-list", "shadow-shift-list",
        "webhook-list")},
    **{f"api:{name}": (lambda w: {"pk": w.webhook.pk}, E(401, anon=401)) for name in (
        "webhook-detail", "webhook-ping", "webhook-rotate-secret")},
    "api:person-detail": (lambda w: {"username": w.engineer.username}, E(401, anon=401)),
    "api:team-detail": (lambda w: {"slug": w.team.slug}, E(401, anon=401)),
    "api:team-on-call-eligible": (lambda w: {"slug": w.team.slug}, E(401, anon=401)),
    "api:track-detail": (lambda w: {"slug": w.track.slug}, E(401, anon=401)),
    "api:enrollment-detail": (lambda w: {"pk": w.enrollment.pk}, E(401, anon=401)),
    "api:certificate-detail": (lambda w: {"code": w.certificate.code}, E(401, anon=401)),
    "api:schema": (lambda w: {}, E(200, anon=401)),
    "api:docs": (lambda w: {}, E(200)),
    "api:unknown": (lambda w: {"rest": "nothing"}, E(404, anon=404)),
    # SCIM answers the directory's bearer token only: a session, even a training admin's, is 401.
    **{f"scim:{name}": (lambda w: {}, E(401, anon=401)) for name in (
        "root", "search", "users-search", "users", "groups-search", "groups", "me", "service-provider-config",
        "resource-types", "schemas", "bulk")},
    "scim:unknown": (lambda w: {"rest": "Nothing"}, E(401, anon=401)),
    # An invitation link is its own credential: a wrong one is gone (410) for anyone.
    "people:invitation_accept": (lambda w: {"token": "inv_not-a-token"}, E(410, anon=410)),
    "training:track_import": (lambda w: {}, E(403, admin=200)),
    "training:track_detail": (lambda w: {"slug": w.track.slug, "version": w.track.version}, E(403, admin=200)),
    "training:track_export": (lambda w: {"slug": w.track.slug, "version": w.track.version}, E(403, admin=200)),
    "training:step_link": (lambda w: {"pk": w.checklist_progress.step_id}, E(405)),
    # Certificates, logs, reports and exports: the other engineer is certified.
    "training:certificate_download": (lambda w: {"pk": w.enrollment2.pk}, E(404, **SEES_CERTIFIED)),
    "training:shadowing_log_pdf": (lambda w: {"pk": w.enrollment2.pk}, E(404, **SEES_CERTIFIED)),
    "training:engineer_report_pdf": (lambda w: {"pk": w.enrollment2.pk}, E(404, **SEES_CERTIFIED)),
    "training:engineer_report_csv": (lambda w: {"pk": w.enrollment2.pk}, E(404, **SEES_CERTIFIED)),
    "training:certificate_revoke": (lambda w: {"pk": w.certificate.pk}, E(404, admin=200)),
    "training:team_report_pdf": (lambda w: {"slug": w.team.slug}, E(404, manager=200, admin=200)),
    "training:team_report_csv": (lambda w: {"slug": w.team.slug}, E(404, manager=200, admin=200)),
    # A report PDF made in the background: the page waiting for it polls its status; "Try again"
    # after a failure is POST-only.
    **{f"training:{name}_status": (lambda w: {"pk": w.enrollment2.pk}, E(404, **SEES_CERTIFIED))
       for name in ("shadowing_log", "engineer_report")},
    **{f"training:{name}_retry": (lambda w: {"pk": w.enrollment2.pk}, E(405))
       for name in ("shadowing_log", "engineer_report")},
    "training:team_report_status": (lambda w: {"slug": w.team.slug}, E(404, manager=200, admin=200)),
    "training:team_report_retry": (lambda w: {"slug": w.team.slug}, E(405)),
    "training:export_start": (lambda w: {"slug": w.team.slug}, E(405)),
    "training:certificate_review": (lambda w: {"pk": w.certificate.pk}, E(404, manager=200)),
    "training:expiring": (lambda w: {}, E(403, manager=200, other_manager=200)),
    "training:expiring_csv": (lambda w: {}, E(403, manager=200, other_manager=200)),
    "training:metrics": (lambda w: {}, E(403, manager=200, other_manager=200, admin=200)),
    "training:metrics_csv": (lambda w: {"figure": "time-to-ready"}, E(403, manager=200, other_manager=200, admin=200)),
    "training:calendar": (lambda w: {}, E(200)),
    "training:calendar_renew": (lambda w: {}, E(405)),
    "training:export_list": (lambda w: {}, E(200)),
    "training:export_detail": (lambda w: {"pk": w.export_job.pk}, E(404, manager=200)),
    "training:export_status": (lambda w: {"pk": w.export_job.pk}, E(404, manager=200)),
    "training:export_download": (lambda w: {"pk": w.export_job.pk}, E(404, manager=200)),
    # Open to anyone with the link.
    "public:verify_lookup": (lambda w: {}, E(200, anon=200)),
    "public:verify": (lambda w: {"code": w.certificate.code}, E(200, anon=200)),
    "public:calendar_ics": (lambda w: {"token": w.feed.token}, E(200, anon=200)),
    # What a verifier needs without asking us: the credential (by the code, like the page), the
    # issuer's keys, profile and PDF signers, the status list.
    "public:credential_jwt": (lambda w: {"code": w.certificate.code}, E(200, anon=200)),
    "public:credential_json": (lambda w: {"code": w.certificate.code}, E(200, anon=200)),
    "public:jwks": (lambda w: {}, E(200, anon=200)),
    "public:issuer": (lambda w: {}, E(200, anon=200)),
    "public:signing_certificates": (lambda w: {}, E(200, anon=200)),
    "public:status_list": (lambda w: {"pk": w.certificate.status_list_id}, E(200, anon=200)),
    "training:certificate_reissue": (lambda w: {"pk": w.certificate.pk}, E(405)),
}

# POSTs by the roles that must be refused, with the data a real form would send; each must
# answer as listed and change nothing. (Roles allowed to POST are not listed.)
REFUSED_POSTS = {
    "training:sign_off": ({"comment": "Ready", "password": PASSWORD},
                          E(404, engineer="refused", mentor="refused", admin="refused", manager=None)),
    "training:step_start": ({}, E(404, **dict.fromkeys(("mentor", "manager", "admin"), "refused"), engineer=None)),
    "training:step_complete": ({}, E(404, **dict.fromkeys(("mentor", "manager", "admin"), "refused"),
                                     engineer=None)),
    "training:exercise_log_submit": ({"notes": "Forged", "ticks": ["0", "1"]},
                                     E(404, **dict.fromkeys(("mentor", "manager", "admin"), "refused"),
                                       engineer=None)),
    "training:shadow_shift_log": (
        lambda w: {"date": "2026-01-05", "hours": "4", "host": w.host.pk, "role": "observe", "notes": "Forged"},
        E(404, **dict.fromkeys(("mentor", "manager", "admin"), "refused"), engineer=None)),
    "training:exercise_log_decide": ({"decision": "verify", "comment": "ok"},
                                     E(404, engineer="refused", admin="refused", mentor=None, manager=None)),
    "training:shadow_shift_decide": ({"decision": "confirm"},
                                     E(404, **dict.fromkeys(("engineer", "mentor", "manager", "admin"), "refused"),
                                       host=None)),
    "training:readiness": (lambda w: {f"item_{i}": "on" for i in range(len(w.track.readiness_items))},
                           E(404, engineer=403, mentor=403, admin=403, manager=None)),
    "training:enroll": (lambda w: {"engineer": w.outsider.pk, "track": w.track.pk, "mentor": w.mentor.pk},
                        E(403, manager=None, other_manager=None)),
    "training:checkin_record": ({"held_at": "2026-01-05", "mentor_confidence": "5", "notes": "Forged",
                                 "owner_0": "engineer", "owner_1": "engineer", "owner_2": "engineer"},
                                E(404, engineer="refused", mentor="refused", manager="refused", admin="refused")),
    "training:first_shifts_schedule": (
        lambda w: {"date": "2099-01-05", "time": "09:00", "backup": w.host.pk, "backed_weeks": "2"},
        E(404, engineer2="refused", mentor="refused", manager=None, admin=None)),
    "training:first_shifts_on_rota": ({}, E(404, **dict.fromkeys(SEES_CERTIFIED, "refused"))),
    "training:countdown_tick": ({}, E(404)),  # the track has no countdown: no such step
    "training:checkin_confirm": ({"confidence": "5", "notes": "Forged"},
                                 E(404, mentor="refused", manager="refused", admin="refused", engineer=None)),
    "training:level_grant": ({"level": "Support rota", "comment": "Forged"},
                             E(404, engineer="refused", mentor="refused", admin="refused", manager=None)),
    "training:level_revoke": ({"level": "Support rota", "reason": "Forged"},
                              E(404, engineer="refused", mentor="refused", admin="refused", manager=None)),
    "training:incident_create": (lambda w: {"team": w.team.pk, "title": "Forged", "occurred_on": "2026-01-05",
                                            "severity": "p1"},
                                 E(403, manager=None, admin=None, other_manager="refused")),
    "training:incident_follow_up": ({"item": "rca", "done": "1"}, E(403, manager=None, admin=None, other_manager=404)),
    "training:incident_assign": (lambda w: {"quiz": w.quiz.pk, "due_on": "2099-01-05"},
                                 E(403, manager=None, admin=None, other_manager=404)),
    "training:assignment_create": (lambda w: {"team": w.team.pk, "quiz": w.quiz.pk, "due_on": "2099-01-05"},
                                   E(403, manager=None, admin=None, other_manager="refused")),
    "training:certificate_revoke": ({"reason": "Forged", "password": PASSWORD}, E(404, admin=None)),
    "training:certificate_reissue": ({}, E(404, admin=None)),
    "training:certificate_review": ({"outcome": "revoke", "notes": "Forged", "password": PASSWORD},
                                    E(404, manager=None)),
    "training:export_start": ({}, E(404, manager=None, admin=None)),
    **{f"training:{name}_retry": ({}, E(404, **dict.fromkeys(SEES_CERTIFIED)))
       for name in ("shadowing_log", "engineer_report")},
    "training:team_report_retry": ({}, E(404, manager=None, admin=None)),
    "content:document_mark_reviewed": ({}, E(403, admin=None)),
    "content:document_gaps": (lambda w: {"version": w.document.current_version_id, "gaps": ["1"]},
                              E(404, admin=None)),
    "training:step_rate": ({"score": "5"}, E(404, engineer=None)),
    "training:step_gap": ({"text": "Forged"}, E(404, engineer=None)),
    # Imports: only training admins; the file is never read for anyone else.
    "content:document_import": (lambda w: {"files": [upload("forged.md", "# Forged\n")]}, E(403, admin=None)),
    "training:track_import": (lambda w: {"kind": "exercises", "file": upload("forged.md", EXERCISE_FILE)},
                              E(403, admin=None)),
    "training:step_link": ({"target": "forged"}, E(403, admin=None)),
    "assessments:question_import": (lambda w: {"bank": "Forged", "file": upload("forged.gift", "::f:: Forged? {T}\n")},
                                    E(403, admin=None)),
    "assessments:attempt_answer": (lambda w: {f"q{w.response.pk}": w.response.question.choices.first().pk},
                                   E(404, engineer=None)),
    "assessments:attempt_submit": ({}, E(404, engineer=None)),
    # People: every change is a training admin's; anyone else gets 403 and nothing changes.
    "people:person_update": ({"first_name": "Forged", "last_name": "", "email": "forged@example.com"},
                             E(403, admin=None)),
    "people:person_place": (lambda w: {"team": w.team.pk, "role": "manager"}, E(403, admin=None)),
    "people:person_unplace": (lambda w: {"team": w.team.pk, "role": "engineer"}, E(403, admin=None)),
    "people:person_move": (lambda w: {"team": w.other_team.pk}, E(403, admin=None)),
    "people:person_invite": ({}, E(403, admin=None)),
    "people:person_deactivate": ({"reason": "Forged"}, E(403, admin=None)),
    "people:person_reactivate": ({}, E(403, admin=None)),
    "people:person_create": ({"username": "forged", "email": "forged@example.com", "role": "training_admin"},
                             E(403, admin=None)),
    "people:team_create": (lambda w: {"name": "Forged", "slug": "forged", "review_cadence": "none",
                                      "managers": [w.engineer.pk]}, E(403, admin=None)),
    "people:people_import": (lambda w: {"file": upload("people.csv", "username,email,name,team,role\n"
                                                       "forged,forged@example.com,F,,training_admin\n")},
                             E(403, admin=None)),
    # Webhooks: a training admin's; anyone else gets 403 and nothing is sent or changed.
    "training:webhook_create": ({"url": "https://hooks.example.com/forged", "kind": "standard", "all_events": "on"},
                                E(403, admin=None)),
    **{f"training:webhook_{name}": (data, E(403, admin=None)) for name, data in (
        ("ping", {}), ("rotate", {"overlap_hours": "0"}), ("enable", {}), ("delete", {}), ("resend", {}))},
    "assessments:review_attempt": (lambda w: {f"points_{r.pk}": "3" for r in w.scenario_attempt.responses.all()},
                                   E(404, engineer=403, mentor=None, manager=None, admin=None)),
    # A token is revoked by its owner or a training admin; anyone else cannot even find it.
    "training:api_token_revoke": ({}, E(404, engineer=None, admin=None)),
    # Everyone's own: only anonymous is refused.
    "training:calendar_renew": ({}, E(None)),
    "content:document_acknowledge": ({}, E(None)),
    "content:document_rate": ({"score": "4"}, E(None)),
    "content:gap_report": ({"text": "Forged"}, E(None)),
    "training:document_pdf_retry": ({}, E(None)),
    "assessments:attempt_start": ({}, E(None)),
}


def project_routes():
    """``{name: route}`` of every URL pattern outside the Django admin."""
    routes = {}
    for name, route in iter_patterns():
        if route.startswith("admin/"):
            continue
        assert name, f"an unnamed URL pattern cannot be checked: {route}"
        routes[name] = route
    return routes


def fingerprint():
    """Everything a refused POST could have changed."""
    return (
        SignOff.objects.count(), AuditEvent.objects.count(), CertificationReview.objects.count(),
        ExportJob.objects.count(), ReadAcknowledgement.objects.count(),
        list(ExerciseLog.objects.order_by("pk").values_list("pk", "state")),
        list(ShadowShift.objects.order_by("pk").values_list("pk", "state")),
        list(StepProgress.objects.order_by("pk").values_list("pk", "status")),
        list(Enrollment.objects.order_by("pk").values_list("pk", "status", "readiness_completed_at")),
        list(Certificate.objects.order_by("pk").values_list("pk", "revoked_at")),
        list(CalendarFeed.objects.order_by("pk").values_list("token", flat=True)),
        list(Document.objects.order_by("pk").values_list("pk", "last_reviewed")),
        list(Attempt.objects.order_by("pk").values_list("pk", "status")),
        list(Response.objects.order_by("pk").values_list("pk", "text", "selected", "points")),
        *(list(getattr(Team, role).through.objects.order_by("pk").values_list("team_id", "user_id"))
          for role in ("managers", "members", "mentors", "hosts")),
        Track.objects.count(), Exercise.objects.count(), Question.objects.count(), QuestionBank.objects.count(),
        list(get_user_model().objects.order_by("pk").values_list("pk", "first_name", "email", "is_active")),
        list(get_user_model().groups.through.objects.order_by("pk").values_list("user_id", "group_id")),
        Team.objects.count(), Invitation.objects.count(),
        list(WebhookSubscription.objects.order_by("pk").values_list("pk", "secret", "is_active")),
        WebhookDelivery.objects.count(),
        list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        list(RenderedReport.objects.order_by("pk").values_list("pk", "status")),
        list(CheckIn.objects.order_by("pk").values_list("pk", "engineer_confidence", "notes")),
        CheckInAction.objects.count(),
        list(FirstShifts.objects.order_by("pk").values_list("pk", "first_shift_at", "backup_id", "on_rota_at")),
        CountdownTick.objects.count(),
        DocumentRating.objects.count(), StepRating.objects.count(), LevelSignOff.objects.count(),
        list(GapReport.objects.order_by("pk").values_list("pk", "status")),
        Incident.objects.count(), TeamAssignment.objects.count(),
        list(IncidentFollowUp.objects.order_by("pk").values_list("pk", "item")),
    )


def answer_of(response):
    """What the table calls this response."""
    if response.status_code == 302:
        location = response["Location"]
        return "login" if location.startswith(reverse("account_login")) else 302
    return response.status_code


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    return World(django_capture_on_commit_callbacks)


def test_every_url_pattern_is_in_the_table():
    routes = project_routes()
    missing = sorted(set(routes) - set(TABLE))
    assert not missing, f"URL patterns missing from the access matrix: {missing}"
    gone = sorted(set(TABLE) - set(routes))
    assert not gone, f"the access matrix lists URLs that no longer exist: {gone}"
    assert set(REFUSED_POSTS) <= set(TABLE)


@pytest.mark.django_db
def test_every_role_gets_the_expected_answer_on_every_url(world):
    unexpected = []
    for role in ROLES:
        client = world.client(role)
        for name, (kwargs, expected) in sorted(TABLE.items()):
            url = reverse(name, kwargs=kwargs(world))
            got = answer_of(client.get(url))
            if got != expected[role]:
                unexpected.append(f"{role} GET {name} ({url}): {got}, expected {expected[role]}")
    assert not unexpected, "\n".join(unexpected)


@pytest.mark.django_db
def test_every_refused_post_is_refused_and_changes_nothing(world):
    unexpected = []
    for name, (data, expected) in sorted(REFUSED_POSTS.items()):
        url = reverse(name, kwargs=TABLE[name][0](world))
        payload = data(world) if callable(data) else data  # may make what the POST names
        before = fingerprint()  # what every POST must leave as it was (taken again after one did not)
        for role in ROLES:
            if expected[role] is None and role != "anon":
                continue  # a role that may POST here
            want = "login" if role == "anon" else expected[role]
            response = world.client(role).post(url, payload)
            got = answer_of(response)
            if want == "refused":  # back with the reason, or the form's page again with it (200)
                ok = got in (302, 200)
            else:
                ok = got == want
            if not ok:
                unexpected.append(f"{role} POST {name}: {got}, expected {want}")
            after = fingerprint()
            if after != before:
                unexpected.append(f"{role} POST {name} changed something")
                before = after
    assert not unexpected, "\n".join(unexpected)


@pytest.mark.django_db
def test_the_django_admin_is_for_staff_only(world):
    """One rule for every admin URL: anonymous and non-staff users go to the admin login; a
    training admin (staff) gets the index; the audit log there is read-only."""
    anonymous, engineer, admin = world.client("anon"), world.client("engineer"), world.client("admin")
    paths = [sample_path(route) for name, route in iter_patterns()
             if route.startswith("admin/") and "(?P" not in route
             and name not in ("admin:login", "admin:logout", "admin:jsi18n")]
    assert len(paths) > 40
    for path in paths:
        for client in (anonymous, engineer):
            response = client.get(path)
            assert response.status_code == 302, path
            assert "/login/" in response["Location"], path
    assert admin.get(reverse("admin:index")).status_code == 200
    assert admin.get(reverse("admin:training_auditevent_changelist")).status_code == 200
    assert admin.get(reverse("admin:training_auditevent_add")).status_code == 403
    event = AuditEvent.objects.first()
    assert admin.post(reverse("admin:training_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
