from django.urls import path

from . import views

# Open to anyone (the "public" namespace): what a verifier needs without asking us.
public_urlpatterns = [
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("issuer/", views.issuer, name="issuer"),
    path("issuer/pdf-signers.pem", views.signing_certificates, name="signing_certificates"),
    path("credentials/status/<int:pk>", views.status_list, name="status_list"),
]
