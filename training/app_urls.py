from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("me/", views.my_training, name="my_training"),
    path("team/", views.team, name="team"),
    path("manage/", views.admin_home, name="admin_home"),
]
