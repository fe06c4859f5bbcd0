"""The single sign-on routes, ahead of allauth's own at the same paths (same names), so every
sign-in goes through ``sso.StrictOIDCAdapter``."""

from django.urls import include, path, re_path

from . import sso

urlpatterns = [
    re_path(r"^(?P<provider_id>[^/]+)/", include([
        path("login/", sso.login, name="openid_connect_login"),
        path("login/callback/", sso.callback, name="openid_connect_callback"),
    ])),
]
