from django.urls import path

from . import views

urlpatterns = [
    path("steps/<int:pk>/feedback/", views.step_feedback, name="step_feedback"),
    path("steps/<int:pk>/feedback/rate/", views.step_rate, name="step_rate"),
    path("steps/<int:pk>/feedback/gap/", views.step_gap, name="step_gap"),
]
