from django.urls import path

from . import views

urlpatterns = [
    path("check-ins/", views.my_checkins, name="my_checkins"),
    path("enrollments/<int:pk>/check-ins/", views.checkin_list, name="checkin_list"),
    path("enrollments/<int:pk>/check-ins/<int:week>/", views.checkin_week, name="checkin_week"),
    path("enrollments/<int:pk>/check-ins/<int:week>/record/", views.checkin_record, name="checkin_record"),
    path("enrollments/<int:pk>/check-ins/<int:week>/confirm/", views.checkin_confirm, name="checkin_confirm"),
]
