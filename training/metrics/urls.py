from django.urls import path

from . import views

urlpatterns = [
    path("manage/metrics/", views.metrics, name="metrics"),
    path("manage/metrics/<slug:figure>.csv", views.metrics_csv, name="metrics_csv"),
]
