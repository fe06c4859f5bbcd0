"""The root URLs. The pages of every package of the training app share the ``training``
namespace (``training:team``, ``training:queue``...); the public ones are ``public``."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from training.audit import urls as audit_urls
from training.certification import urls as certification_urls
from training.dashboards import urls as dashboards_urls
from training.reports import urls as reports_urls
from training.tracks import urls as tracks_urls
from training.workflow import urls as workflow_urls

from . import views

training_urlpatterns = [
    *dashboards_urls.urlpatterns,
    *workflow_urls.urlpatterns,
    *tracks_urls.urlpatterns,
    *audit_urls.urlpatterns,
    *certification_urls.urlpatterns,
    *reports_urls.urlpatterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("library/", include("content.urls")),
    path("quizzes/", include("assessments.urls")),
    path("", include((training_urlpatterns, "training"))),
    path("", include((certification_urls.public_urlpatterns, "public"))),
    path("admin/", admin.site.urls),
]
