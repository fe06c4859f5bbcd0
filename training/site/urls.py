"""The root URLs. The pages of every package of the training app share the ``training``
namespace (``training:team``, ``training:queue``...); the public ones are ``public``."""

from django.contrib import admin
from django.urls import include, path

from training.api import page_urls as api_page_urls
from training.assignments import urls as assignments_urls
from training.audit import urls as audit_urls
from training.certification import urls as certification_urls
from training.checkins import urls as checkins_urls
from training.credentials import urls as credentials_urls
from training.dashboards import urls as dashboards_urls
from training.feedback import urls as feedback_urls
from training.incidents import urls as incidents_urls
from training.levels import urls as levels_urls
from training.metrics import urls as metrics_urls
from training.people import sso_urls
from training.people import urls as people_urls
from training.reports import urls as reports_urls
from training.rota import urls as rota_urls
from training.tracks import urls as tracks_urls
from training.webhooks import urls as webhooks_urls
from training.workflow import urls as workflow_urls

from . import views

training_urlpatterns = [
    *dashboards_urls.urlpatterns,
    *workflow_urls.urlpatterns,
    *tracks_urls.urlpatterns,
    *audit_urls.urlpatterns,
    *certification_urls.urlpatterns,
    *checkins_urls.urlpatterns,
    *feedback_urls.urlpatterns,
    *incidents_urls.urlpatterns,
    *assignments_urls.urlpatterns,
    *levels_urls.urlpatterns,
    *reports_urls.urlpatterns,
    *metrics_urls.urlpatterns,
    *rota_urls.urlpatterns,
    *webhooks_urls.urlpatterns,
    *api_page_urls.urlpatterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # allauth's accounts, second factors and third-party pages; single sign-on's login and
    # callback are ours, to verify every ID token (training.people.sso).
    path("accounts/", include("allauth.account.urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("accounts/3rdparty/", include("allauth.socialaccount.urls")),
    path("accounts/oidc/", include(sso_urls)),
    path("library/", include("content.urls")),
    path("quizzes/", include("assessments.urls")),
    path("", include((training_urlpatterns, "training"))),
    path("", include(([*certification_urls.public_urlpatterns, *credentials_urls.public_urlpatterns], "public"))),
    path("", include(people_urls)),
    path("scim/v2/", include("training.people.scim_urls")),
    path("api/v1/", include("training.api.urls")),
    path("admin/", admin.site.urls),
]
