"""Who is calling the API: the bearer token, its scopes and a rate per token (README "API and
webhooks"). Nothing here imports DRF's views, which import these classes through the settings."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from .models import Scope
from .tokens import token_authenticate


class BearerTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``. The request acts as the token's person; the audit log
    names the token as where a change came from."""

    keyword = "bearer"

    def authenticate(self, request):
        kind, _, value = get_authorization_header(request).decode("latin-1").partition(" ")
        if kind.lower() != self.keyword:
            return None
        token = token_authenticate(value.strip())
        if token is None:
            raise exceptions.AuthenticationFailed("The token is unknown, expired or revoked.")
        request._request.audit_origin = f"API token {token.name}"[:80]
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "An API token (`srt_…`), made on the API tokens page or with `manage.py api_token`."}


class HasScope(BasePermission):
    """The token carries the scope the view names for the method (``required_scopes``); reads
    need ``read``. Who may see or change which object is the services' and QuerySets' answer."""

    def has_permission(self, request, view):
        token = request.auth
        if token is None or not request.user.is_authenticated:
            return False
        scopes = getattr(view, "required_scopes", {})
        needed = scopes.get(request.method, Scope.READ)
        if not token.has_scope(needed):
            self.message = f"This token lacks the “{needed}” scope."
            return False
        return True


class TokenRateThrottle(SimpleRateThrottle):
    """``API_RATE`` requests per token (``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]``)."""

    scope = "token"

    def get_rate(self):
        return settings.API_RATE

    def get_cache_key(self, request, view):
        if request.auth is None:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
