"""The only pages open to anyone with the link: certificate verification and the calendar feed
(whose secret token is the credential)."""

from django.urls import path

from . import recert_views, report_views

app_name = "public"

urlpatterns = [
    path("verify/", report_views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", report_views.verify, name="verify"),
    path("calendar/<str:token>.ics", recert_views.calendar_ics, name="calendar_ics"),
]
