from django.urls import path

from . import views

urlpatterns = [
    path("first-shifts/", views.my_first_shifts, name="my_first_shifts"),
    path("enrollments/<int:pk>/first-shifts/", views.first_shifts, name="first_shifts"),
    path("enrollments/<int:pk>/first-shifts/schedule/", views.first_shifts_schedule, name="first_shifts_schedule"),
    path("enrollments/<int:pk>/first-shifts/tick/<int:step>/", views.countdown_tick, name="countdown_tick"),
    path("enrollments/<int:pk>/first-shifts/on-rota/", views.first_shifts_on_rota, name="first_shifts_on_rota"),
]
