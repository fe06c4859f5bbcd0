"""Directory provisioning with SCIM 2.0 (how Okta and Entra ID create, update and remove people),
on django-scim2 at ``/scim/v2/``: the pieces its settings name. The adapters are in ``scim``,
which django-scim2 imports while it reads these settings, so they cannot live here.

- ``DirectoryTokenMiddleware`` authenticates ``Authorization: Bearer <token>`` against the stored
  hashes of ``DirectoryToken`` (``manage.py scim_token``); the directory acts as itself, never as a
  person, and the audit log says "directory (SCIM)".
- Users: the site's accounts, each with a stable SCIM id (``DirectoryAccount``). ``active: false``
  (or a DELETE) is ``services.person_deactivate``: sessions end at once, signing roles go, the
  training record stays. A deleted account is no longer seen by the directory.
- Groups: ``DirectoryGroup``; their names map to teams and roles through ``OIDC_GROUP_MAP``, and a
  change of members applies it (``receivers``).
"""

import hmac

from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.utils import timezone
from django_scim import exceptions
from django_scim.filters import GroupFilterQuery, UserFilterQuery
from django_scim.models import SCIMServiceProviderConfig
from django_scim.schemas import ALL as DJANGO_SCIM_SCHEMAS

from .models import DirectoryAccount, DirectoryToken, token_digest

PREFIX = "/scim/v2/"


class DirectoryPrincipal:
    """Who ``request.user`` is on the SCIM endpoints: the directory, named after its token."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_staff = is_superuser = False
    pk = id = None
    audit_origin = "directory (SCIM)"

    def __init__(self, token):
        self.token = token

    def get_username(self):
        return f"directory:{self.token.name}"

    def has_perm(self, perm, obj=None):
        return False


def _scim_error(status, detail):
    return JsonResponse({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": str(status),
                         "detail": detail}, status=status, content_type="application/scim+json")


def token_for(header):
    kind, _, value = (header or "").partition(" ")
    if kind.lower() != "bearer" or not value.strip():
        return None
    digest = token_digest(value.strip())
    token = DirectoryToken.objects.filter(token_hash=digest, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token


class DirectoryTokenMiddleware:
    """The SCIM endpoints answer a valid directory token and nothing else (no session, no login)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        token = token_for(request.headers.get("Authorization"))
        if token is None:
            response = _scim_error(401, "A valid directory token is required (Authorization: Bearer ...).")
            response["WWW-Authenticate"] = 'Bearer realm="shiftready-scim"'
            return response
        DirectoryToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        request.user = DirectoryPrincipal(token)
        request._dont_enforce_csrf_checks = True
        return self.get_response(request)


def is_directory(user):
    """django-scim2's check that a request may use the endpoints."""
    return isinstance(user, DirectoryPrincipal)


def base_location(request=None, *args, **kwargs):
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def account_of(user):
    account = getattr(user, "_directory_account", None)
    if account is None and user.pk is not None:
        account, _ = DirectoryAccount.objects.get_or_create(user=user)
        user._directory_account = account
    return account


class ServiceProviderConfig(SCIMServiceProviderConfig):
    def to_dict(self):
        config = super().to_dict()
        config["filter"] = {"supported": True, "maxResults": 200}
        config["changePassword"] = {"supported": False}
        return config


class ScimUserFilter(UserFilterQuery):
    attr_map = {**UserFilterQuery.attr_map, ("emails", "value", None): "email", ("emails", None, None): "email",
                ("externalId", None, None): "training_directoryaccount.external_id",
                ("id", None, None): "training_directoryaccount.scim_id"}
    joins = ("LEFT JOIN training_directoryaccount ON training_directoryaccount.user_id = auth_user.id",)


class ScimGroupFilter(GroupFilterQuery):
    attr_map = {("displayName", None, None): "display_name", ("externalId", None, None): "external_id",
                ("id", None, None): "scim_id"}


def hide_deleted(model):
    def exclude(request, *args, **kwargs):
        return {"directory_account__deleted_at__isnull": False} if model is get_user_model() else {}
    return exclude


def post_process_object(model):
    def check(request, obj, *args, **kwargs):
        if model is get_user_model() and DirectoryAccount.objects.filter(user=obj, deleted_at__isnull=False).exists():
            raise exceptions.NotFoundError(account_of(obj).scim_id)
        return obj
    return check


# --- The schemas Shiftready publishes: what it stores, no more (scim2-tester checks each) -----------

USER_ATTRIBUTES = {"userName": None, "name": {"familyName", "givenName"}, "displayName": None,
                   "active": None, "emails": {"value"}, "groups": {"value", "$ref", "display"}}
GROUP_ATTRIBUTES = {"displayName": None, "members": {"value", "$ref", "type"}}
READ_ONLY = {"displayName", "groups", "formatted"}


def _trim(schema, keep):
    attributes = []
    for attribute in schema["attributes"]:
        if attribute["name"] not in keep:
            continue
        attribute = dict(attribute)
        if keep[attribute["name"]] is not None:
            attribute["subAttributes"] = [dict(sub, mutability="readOnly") if sub["name"] in READ_ONLY else sub
                                          for sub in attribute.get("subAttributes", [])
                                          if sub["name"] in keep[attribute["name"]]]
        if attribute["name"] in READ_ONLY and schema["name"] == "User":
            attribute["mutability"] = "readOnly"
        if (attribute["name"], schema["name"]) in (("displayName", "Group"), ("active", "User")):
            attribute["required"] = True  # every group has a name; every person is active or not
        attributes.append(attribute)
    return {**schema, "attributes": attributes}


def schemas():
    """django-scim2's core schemas, the User and Group ones cut to the attributes kept here."""
    out = []
    for schema in DJANGO_SCIM_SCHEMAS:
        if schema["id"].startswith("urn:ietf:params:scim:schemas:extension:"):
            continue
        if schema.get("name") == "User":
            schema = _trim(schema, USER_ATTRIBUTES)
        elif schema.get("name") == "Group":
            schema = _trim(schema, GROUP_ATTRIBUTES)
        out.append(schema)
    return out
