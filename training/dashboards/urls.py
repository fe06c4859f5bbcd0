from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.my_training, name="my_training"),
    path("team/", views.team, name="team"),
]
