from django.urls import path

from . import views

urlpatterns = [
    path("enrollments/<int:pk>/shadowing-log.pdf", views.shadowing_log_pdf, name="shadowing_log_pdf"),
    path("enrollments/<int:pk>/report.pdf", views.engineer_report_pdf, name="engineer_report_pdf"),
    path("enrollments/<int:pk>/report.csv", views.engineer_report_csv, name="engineer_report_csv"),
    path("teams/<slug:slug>/report.pdf", views.team_report_pdf, name="team_report_pdf"),
    path("teams/<slug:slug>/report.csv", views.team_report_csv, name="team_report_csv"),
    path("teams/<slug:slug>/export/", views.export_start, name="export_start"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]
