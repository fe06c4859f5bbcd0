from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/import/", views.people_import, name="people_import"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/details/", views.person_update, name="person_update"),
    path("people/<int:pk>/place/", views.person_place, name="person_place"),
    path("people/<int:pk>/unplace/", views.person_unplace, name="person_unplace"),
    path("people/<int:pk>/move/", views.person_move, name="person_move"),
    path("people/<int:pk>/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_edit, name="team_create"),
    path("teams/<slug:slug>/edit/", views.team_edit, name="team_edit"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
