"""/api/v1/: the endpoints, the OpenAPI schema and its documentation (served from the app:
drf-spectacular-sidecar, no CDN)."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from . import hooks, views

router = SimpleRouter(trailing_slash=True)
router.register("people", views.PersonViewSet, basename="person")
router.register("teams", views.TeamViewSet, basename="team")
router.register("tracks", views.TrackViewSet, basename="track")
router.register("enrollments", views.EnrollmentViewSet, basename="enrollment")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("shadow-shifts", views.ShadowShiftViewSet, basename="shadow-shift")
router.register("webhooks", hooks.WebhookViewSet, basename="webhook")

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", login_required(views.DocsView.as_view(url_name="api:schema")), name="docs"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="unknown"),
]
