from django.urls import path

from . import recert_views, report_views, views

app_name = "training"

urlpatterns = [
    path("me/", views.my_training, name="my_training"),
    path("enrollments/<int:pk>/", views.enrollment_detail, name="enrollment_detail"),
    path("enrollments/<int:pk>/readiness/", views.readiness, name="readiness"),
    path("enrollments/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("steps/<int:pk>/", views.step_detail, name="step_detail"),
    path("steps/<int:pk>/start/", views.step_start, name="step_start"),
    path("steps/<int:pk>/complete/", views.step_complete, name="step_complete"),
    path("steps/<int:pk>/exercise-log/", views.exercise_log_submit, name="exercise_log_submit"),
    path("steps/<int:pk>/shadow-shift/", views.shadow_shift_log, name="shadow_shift_log"),
    path("exercise-logs/<int:pk>/decide/", views.exercise_log_decide, name="exercise_log_decide"),
    path("shadow-shifts/<int:pk>/decide/", views.shadow_shift_decide, name="shadow_shift_decide"),
    path("queue/", views.queue, name="queue"),
    path("team/", views.team, name="team"),
    path("team/enrol/", views.enroll, name="enroll"),
    path("manage/", views.admin_home, name="admin_home"),
    path("manage/audit/", report_views.audit_log, name="audit_log"),
    path("manage/import/", views.track_import, name="track_import"),
    path("manage/tracks/<slug:slug>/v<int:version>/", views.track_detail, name="track_detail"),
    path("manage/tracks/<slug:slug>/v<int:version>/export/", views.track_export, name="track_export"),
    # Certificates, shadowing logs, reports and exports (report_views.py)
    path("enrollments/<int:pk>/certificate.pdf", report_views.certificate_download, name="certificate_download"),
    path("enrollments/<int:pk>/shadowing-log.pdf", report_views.shadowing_log_pdf, name="shadowing_log_pdf"),
    path("enrollments/<int:pk>/report.pdf", report_views.engineer_report_pdf, name="engineer_report_pdf"),
    path("enrollments/<int:pk>/report.csv", report_views.engineer_report_csv, name="engineer_report_csv"),
    path("certificates/<int:pk>/revoke/", report_views.certificate_revoke, name="certificate_revoke"),
    path("teams/<slug:slug>/report.pdf", report_views.team_report_pdf, name="team_report_pdf"),
    path("teams/<slug:slug>/report.csv", report_views.team_report_csv, name="team_report_csv"),
    path("teams/<slug:slug>/export/", report_views.export_start, name="export_start"),
    path("certificates/<int:pk>/review/", recert_views.certificate_review, name="certificate_review"),
    path("team/expiring/", recert_views.expiring, name="expiring"),
    path("team/expiring.csv", recert_views.expiring_csv, name="expiring_csv"),
    path("calendar/", recert_views.calendar, name="calendar"),
    path("calendar/renew/", recert_views.calendar_renew, name="calendar_renew"),
    path("exports/", report_views.export_list, name="export_list"),
    path("exports/<int:pk>/", report_views.export_detail, name="export_detail"),
    path("exports/<int:pk>/status/", report_views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", report_views.export_download, name="export_download"),
]
