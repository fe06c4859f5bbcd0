"""django-scim2's routes under /scim/v2/, with its discovery views mended where scim2-tester
found them off the RFCs: lists carry ``totalResults``; a schema document names its own schema;
a resource type's endpoint is relative to the base URL (``/Users``, RFC 7643 §6); an unknown id or
path answers a SCIM error body (RFC 7644 §3.12)."""

import json

from django.http import HttpResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from django_scim import views

app_name = "scim"

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


CONTENT_TYPE = "application/scim+json"


def not_found(detail):
    body = {"schemas": [ERROR], "status": "404", "detail": detail}
    return HttpResponse(json.dumps(body), status=404, content_type=CONTENT_TYPE)


class _Mended:
    def get(self, request, uuid=None, *args, **kwargs):
        response = super().get(request, uuid, *args, **kwargs)
        if response.status_code == 404:
            return not_found(f"No {self.kind} {uuid}")
        document = json.loads(response.content)
        if "Resources" in document:
            document["Resources"] = [self.mend(item) for item in document["Resources"]]
            count = len(document["Resources"])
            document.update(totalResults=count, itemsPerPage=count, startIndex=1)
        else:
            document = self.mend(document)
        response.content = json.dumps(document)
        return response


class ResourceTypesView(_Mended, views.ResourceTypesView):
    kind = "resource type"

    def mend(self, document):
        return {**document, "endpoint": "/" + document["endpoint"].rstrip("/").rsplit("/", 1)[-1]}


class SchemasView(_Mended, views.SchemasView):
    kind = "schema"

    def mend(self, document):
        return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"], **document}


ALWAYS = {"id", "schemas"}


def _names(text):
    """``name.givenName`` and URN-prefixed names, lower-cased: ``["name.givenname", ...]``."""
    return [item.strip().rsplit(":", 1)[-1].lower() for item in (text or "").split(",") if item.strip()] \
        if isinstance(text, str) else [str(item).rsplit(":", 1)[-1].lower() for item in text or []]


def select(resource, attributes, excluded):
    """A resource with only ``attributes`` (or without ``excluded``), RFC 7644 §3.4.2.5."""
    def wanted(key, sub=None):
        path = f"{key}.{sub}".lower() if sub else key.lower()
        if key in ALWAYS:
            return True
        if attributes:
            return path in attributes or (sub and key.lower() in attributes) or \
                (not sub and any(a.startswith(f"{key.lower()}.") for a in attributes))
        return path not in excluded

    out = {}
    for key, value in resource.items():
        if not wanted(key):
            continue
        if isinstance(value, dict) and key != "meta":
            value = {sub: item for sub, item in value.items() if wanted(key, sub)}
        out[key] = value
    return out


class _Selecting:
    """``attributes`` and ``excludedAttributes`` on GET (query) and on a search (body)."""

    def _select(self, request, response):
        if response.status_code >= 300 or not response.content:
            return response
        params = request.GET
        body = {}
        if request.method == "POST" and request.path.endswith(".search"):
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                body = {}
        attributes = _names(body.get("attributes") or params.get("attributes"))
        excluded = _names(body.get("excludedAttributes") or params.get("excludedAttributes"))
        if not attributes and not excluded:
            return response
        document = json.loads(response.content)
        if "Resources" in document:
            document["Resources"] = [select(r, attributes, excluded) for r in document["Resources"]]
        else:
            document = select(document, attributes, excluded)
        response.content = json.dumps(document)
        return response

    def get(self, request, *args, **kwargs):
        return self._select(request, super().get(request, *args, **kwargs))

    def post(self, request, *args, **kwargs):
        return self._select(request, super().post(request, *args, **kwargs))


class UsersView(_Selecting, views.UsersView):
    pass


class GroupsView(_Selecting, views.GroupsView):
    pass


class UserSearchView(_Selecting, views.UserSearchView):
    pass


class GroupSearchView(_Selecting, views.GroupSearchView):
    pass


def not_implemented(request, *args, **kwargs):
    body = {"schemas": [ERROR], "status": "501", "detail": "Not implemented by Shiftready."}
    return HttpResponse(json.dumps(body), status=501, content_type=CONTENT_TYPE)


def unknown(request, rest=""):
    return not_found(f"No SCIM endpoint at {request.path}")


urlpatterns = [
    re_path(r"^$", views.SCIMView.as_view(implemented=False), name="root"),
    re_path(r"^\.search$", csrf_exempt(not_implemented), name="search"),
    re_path(r"^Users/\.search$", UserSearchView.as_view(), name="users-search"),
    re_path(r"^Users(?:/(?P<uuid>[^/]+))?$", UsersView.as_view(), name="users"),
    re_path(r"^Groups/\.search$", GroupSearchView.as_view(), name="groups-search"),
    re_path(r"^Groups(?:/(?P<uuid>[^/]+))?$", GroupsView.as_view(), name="groups"),
    re_path(r"^Me$", csrf_exempt(not_implemented), name="me"),
    re_path(r"^ServiceProviderConfig$", views.ServiceProviderConfigView.as_view(), name="service-provider-config"),
    re_path(r"^ResourceTypes(?:/(?P<uuid>[^/]+))?$", ResourceTypesView.as_view(), name="resource-types"),
    re_path(r"^Schemas(?:/(?P<uuid>[^/]+))?$", SchemasView.as_view(), name="schemas"),
    re_path(r"^Bulk$", csrf_exempt(not_implemented), name="bulk"),
    re_path(r"^(?P<rest>.+)$", unknown, name="unknown"),
]
