from django.urls import path

from . import views

urlpatterns = [
    path("manage/", views.admin_home, name="admin_home"),
    path("manage/import/", views.track_import, name="track_import"),
    path("manage/tracks/<slug:slug>/v<int:version>/", views.track_detail, name="track_detail"),
    path("manage/tracks/<slug:slug>/v<int:version>/export/", views.track_export, name="track_export"),
    path("manage/steps/<int:pk>/link/", views.step_link, name="step_link"),
]
