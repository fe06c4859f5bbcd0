"""The only pages open to anyone with the link: certificate verification."""

from django.urls import path

from . import report_views

app_name = "public"

urlpatterns = [
    path("verify/", report_views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", report_views.verify, name="verify"),
]
