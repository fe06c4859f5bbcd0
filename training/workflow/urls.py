from django.urls import path

from . import views

urlpatterns = [
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
    path("team/enrol/", views.enroll, name="enroll"),
]
