from django.urls import path

from . import views

urlpatterns = [
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/follow-ups/", views.incident_follow_up, name="incident_follow_up"),
    path("incidents/<int:pk>/assign/", views.incident_assign, name="incident_assign"),
]
