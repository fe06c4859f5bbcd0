from django.urls import path

from . import views

urlpatterns = [
    path("enrollments/<int:pk>/certificate.pdf", views.certificate_download, name="certificate_download"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("certificates/<int:pk>/reissue/", views.certificate_reissue, name="certificate_reissue"),
    path("certificates/<int:pk>/review/", views.certificate_review, name="certificate_review"),
    path("team/expiring/", views.expiring, name="expiring"),
    path("team/expiring.csv", views.expiring_csv, name="expiring_csv"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/renew/", views.calendar_renew, name="calendar_renew"),
]

# The only pages open to anyone with the link: certificate verification and the calendar feed
# (whose secret token is the credential). Served under the "public" namespace.
public_urlpatterns = [
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/credential.jwt", views.credential_download, {"kind": "jwt"}, name="credential_jwt"),
    path("verify/<str:code>/credential.json", views.credential_download, {"kind": "json"}, name="credential_json"),
    path("calendar/<str:token>.ics", views.calendar_ics, name="calendar_ics"),
]
