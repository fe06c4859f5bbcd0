"""What verifiers fetch, open to anyone (and to other origins): the public keys, the issuer
profile, the PDF signing certificates and the status lists."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import keys, openbadges, status, vcjwt
from .models import StatusList

MAX_AGE = 300


def _public(response, max_age=MAX_AGE):
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def _published_keys():
    """The public keys with their ``kid`` as the credentials' headers name them."""
    return [{**key, "kid": vcjwt.kid_url(key["kid"])} for key in keys.public_keys()]


@login_not_required
@require_GET
def jwks(request):
    response = JsonResponse({"keys": _published_keys()}, content_type="application/jwk-set+json")
    return _public(response)


@login_not_required
@require_GET
def issuer(request):
    issuer_id = vcjwt.issuer_id()
    methods = [{"id": key["kid"], "type": "JsonWebKey", "controller": issuer_id, "publicKeyJwk": key}
               for key in _published_keys()]
    profile = {
        "@context": openbadges.CONTEXT,
        "id": issuer_id,
        "type": ["Profile"],
        "name": settings.CREDENTIAL_ISSUER_NAME,
        "url": settings.SITE_URL,
        "description": "Issues the certificates of readiness for on-call of its engineers.",
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
        "jwks_uri": settings.SITE_URL + reverse("public:jwks"),
        "pdfSigningCertificates": settings.SITE_URL + reverse("public:signing_certificates"),
    }
    return _public(JsonResponse(profile, json_dumps_params={"indent": 2}))


@login_not_required
@require_GET
def signing_certificates(request):
    """Every certificate that has signed our PDFs, PEM: ``pyhanko sign validate --trust`` takes it."""
    response = HttpResponse(keys.signing_certificates_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'inline; filename="shiftready-pdf-signers.pem"'
    return _public(response)


@login_not_required
@require_GET
def status_list(request, pk):
    status_list = get_object_or_404(StatusList, pk=pk)
    if status_list.purpose != status.PURPOSE:
        raise Http404
    response = HttpResponse(status.list_credential(status_list), content_type=vcjwt.MEDIA_TYPE)
    return _public(response, max_age=60)
