from django.urls import path

from . import views, walk_views

app_name = "content"

urlpatterns = [
    path("", views.library, name="library"),
    path("paths/", views.path_list, name="path_list"),
    path("paths/<slug:slug>/", views.path_detail, name="path_detail"),
    path("scenarios/", views.scenario_list, name="scenario_list"),
    path("review/", views.review_queue, name="review_queue"),
    path("gaps/", views.my_gaps, name="my_gaps"),
    path("import/", views.document_import, name="document_import"),
    path("export.zip", views.library_download, name="library_download"),
    path("docs/<slug:slug>/", views.document_detail, name="document_detail"),
    path("docs/<slug:slug>/read/", views.document_acknowledge, name="document_acknowledge"),
    path("docs/<slug:slug>/diff/", views.document_diff, name="document_diff"),
    path("docs/<slug:slug>/walk/", walk_views.document_walk, name="document_walk"),
    path("docs/<slug:slug>/rate/", views.document_rate, name="document_rate"),
    path("docs/<slug:slug>/gaps/report/", views.gap_report, name="gap_report"),
    path("docs/<slug:slug>/gaps/", views.document_gaps, name="document_gaps"),
    path("docs/<slug:slug>/reviewed/", views.document_mark_reviewed, name="document_mark_reviewed"),
]
