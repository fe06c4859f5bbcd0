from django.urls import path

from . import document_views, views
from .models import ReportKind

SHADOWING_LOG, ENGINEER_REPORT, TEAM_REPORT = ({"kind": kind} for kind in ReportKind)

urlpatterns = [
    path("enrollments/<int:pk>/shadowing-log.pdf", views.report_pdf, SHADOWING_LOG, name="shadowing_log_pdf"),
    path("enrollments/<int:pk>/shadowing-log/status/", views.report_status, SHADOWING_LOG,
         name="shadowing_log_status"),
    path("enrollments/<int:pk>/shadowing-log/retry/", views.report_retry, SHADOWING_LOG, name="shadowing_log_retry"),
    path("enrollments/<int:pk>/report.pdf", views.report_pdf, ENGINEER_REPORT, name="engineer_report_pdf"),
    path("enrollments/<int:pk>/report/status/", views.report_status, ENGINEER_REPORT, name="engineer_report_status"),
    path("enrollments/<int:pk>/report/retry/", views.report_retry, ENGINEER_REPORT, name="engineer_report_retry"),
    path("enrollments/<int:pk>/report.csv", views.engineer_report_csv, name="engineer_report_csv"),
    path("teams/<slug:slug>/report.pdf", views.report_pdf, TEAM_REPORT, name="team_report_pdf"),
    path("teams/<slug:slug>/report/status/", views.report_status, TEAM_REPORT, name="team_report_status"),
    path("teams/<slug:slug>/report/retry/", views.report_retry, TEAM_REPORT, name="team_report_retry"),
    path("teams/<slug:slug>/report.csv", views.team_report_csv, name="team_report_csv"),
    path("teams/<slug:slug>/export/", views.export_start, name="export_start"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    # A document's PDF, beside its page in the library (whose URLs are content's).
    path("library/docs/<slug:slug>/pdf/", document_views.document_pdf, name="document_pdf"),
    path("library/docs/<slug:slug>/pdf/status/", document_views.document_pdf_status, name="document_pdf_status"),
    path("library/docs/<slug:slug>/pdf/retry/", document_views.document_pdf_retry, name="document_pdf_retry"),
]
