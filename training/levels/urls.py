from django.urls import path

from . import views

urlpatterns = [
    path("enrollments/<int:pk>/levels/", views.enrollment_levels, name="enrollment_levels"),
    path("enrollments/<int:pk>/levels/grant/", views.level_grant, name="level_grant"),
    path("enrollments/<int:pk>/levels/revoke/", views.level_revoke, name="level_revoke"),
]
