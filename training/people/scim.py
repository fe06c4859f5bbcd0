"""The SCIM adapters of django-scim2 for people (``ScimUser``) and directory groups
(``ScimGroup``); authentication, filters and configuration are in ``scim_config``."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_scim import exceptions
from django_scim.adapters import SCIMGroup, SCIMUser

from . import services
from .models import DirectoryAccount, DirectoryGroup
from .scim_config import account_of


class ScimUser(SCIMUser):
    id_field = "directory_account__scim_id"

    @property
    def id(self):
        account = account_of(self.obj)
        return account.scim_id if account else ""

    @property
    def groups(self):
        return [{"value": group.scim_id, "display": group.display_name,
                 "$ref": ScimGroup(group, self.request).location} for group in self.obj.directory_groups.all()]

    @property
    def meta(self):
        account = account_of(self.obj)
        return {"resourceType": self.resource_type, "created": self.obj.date_joined.isoformat(),
                "lastModified": (account.updated_at if account else self.obj.date_joined).isoformat(),
                "location": self.location}

    def to_dict(self):
        # django-scim2 reads externalId from the object; ours is on its DirectoryAccount.
        self.obj.scim_external_id = account_of(self.obj).external_id or None
        data = super().to_dict()
        data["name"] = {key: value for key, value in (("givenName", self.obj.first_name),
                                                       ("familyName", self.obj.last_name)) if value}
        data["emails"] = [{"value": self.obj.email}] if self.obj.email else []  # one address a person
        return {key: value for key, value in data.items() if value not in (None, {}, [])}

    def handle_operations(self, operations):
        """PATCH (RFC 7644 §3.5.2) on the person's SCIM document, then saved as a whole."""
        document = self.to_dict()
        for operation in operations:
            document = patch(document, operation)
        self.from_dict(document)
        self.save()

    def from_dict(self, d):
        """The directory's view of a person (a password it may send is ignored: people set theirs
        through an invitation, or sign in with single sign-on)."""
        if not d.get("userName"):
            raise exceptions.BadRequestError("userName is required")
        self._was_active = self.obj.is_active if self.obj.pk else True
        self._external_id = d.get("externalId") or ""
        self._fill(d)

    def _fill(self, d):
        self.obj.username = d["userName"]
        name = d.get("name") or {}
        self.obj.first_name = name.get("givenName") or ""
        self.obj.last_name = name.get("familyName") or ""
        if d.get("emails"):
            self.parse_emails(d["emails"])
        else:
            self.obj.email = ""
        if d.get("active") is not None:
            self.obj.is_active = d["active"]

    def save(self):
        User = get_user_model()
        with transaction.atomic():
            clash = User.objects.filter(username__iexact=self.obj.username)
            if self.obj.pk:
                clash = clash.exclude(pk=self.obj.pk)
            if clash.exists():
                raise exceptions.IntegrityError(f"userName {self.obj.username} is taken")
            deactivated = self.obj.pk and getattr(self, "_was_active", True) and not self.obj.is_active
            reactivated = self.obj.pk and not getattr(self, "_was_active", True) and self.obj.is_active
            if deactivated:
                self.obj.is_active = True  # person_deactivate makes the change, with its consequences
            if self.obj.pk is None:
                self.obj.set_unusable_password()
            self.obj.save()
            account = account_of(self.obj)
            if hasattr(self, "_external_id"):
                account.external_id = self._external_id
            account.save()
            if deactivated:
                services.person_deactivate(user=self.obj, by=None, reason="the directory deactivated them")
                self.obj.refresh_from_db()
            elif reactivated:
                services.person_reactivate(user=self.obj, by=None)

    def delete(self):
        """The directory removes a person: deactivated, training record kept, no longer listed."""
        with transaction.atomic():
            services.person_deactivate(user=self.obj, by=None, reason="the directory removed them")
            DirectoryAccount.objects.filter(user=self.obj).update(deleted_at=timezone.now())
            self.obj.directory_groups.clear()


class ScimGroup(SCIMGroup):
    id_field = "scim_id"

    @property
    def id(self):
        return self.obj.scim_id

    @property
    def display_name(self):
        return self.obj.display_name

    @property
    def members(self):
        return [{"value": account_of(user).scim_id, "$ref": ScimUser(user, self.request).location, "type": "User"}
                for user in self.obj.members.all()]

    @property
    def meta(self):
        return {"resourceType": self.resource_type, "created": self.obj.created_at.isoformat(),
                "lastModified": self.obj.updated_at.isoformat(), "location": self.location}

    def to_dict(self):
        self.obj.scim_external_id = self.obj.external_id or None
        return {key: value for key, value in super().to_dict().items() if value is not None}

    def from_dict(self, d):
        if not d.get("displayName"):
            raise exceptions.BadRequestError("displayName is required")
        self.obj.display_name = d["displayName"]
        self.obj.external_id = d.get("externalId") or ""
        self._members = [member.get("value") for member in d.get("members") or []]

    def _users(self, members):
        ids = [str((member or {}).get("value")) for member in members or []]
        users = list(get_user_model().objects.filter(directory_account__scim_id__in=ids,
                                                     directory_account__deleted_at__isnull=True))
        if len(users) != len(set(ids)):
            raise exceptions.BadRequestError("A member is not a user of this directory.")
        return users

    def save(self):
        with transaction.atomic():
            clash = DirectoryGroup.objects.filter(display_name=self.obj.display_name)
            if self.obj.pk:
                clash = clash.exclude(pk=self.obj.pk)
            if clash.exists():
                raise exceptions.IntegrityError(f"displayName {self.obj.display_name} is taken")
            self.obj.save()
            if hasattr(self, "_members"):
                self.obj.members.set(self._users([{"value": value} for value in self._members]))

    def handle_operations(self, operations):
        """Members through django-scim2's handlers (value filters and all); the group's own
        attributes (displayName, externalId) through ``patch``."""
        for operation in operations:
            path, value = operation.get("path") or "", operation.get("value")
            if not path and isinstance(value, dict):
                for name, item in value.items():
                    self.handle_operations([{**operation, "path": name, "value": item}])
            elif path.lower().startswith("members"):
                super().handle_operations([operation])
            else:
                document = patch({"displayName": self.obj.display_name, "externalId": self.obj.external_id},
                                 operation)
                if not document.get("displayName"):
                    raise exceptions.BadRequestError("displayName is required")
                self.obj.display_name = document["displayName"]
                self.obj.external_id = document.get("externalId") or ""
                self.save()

    def handle_add(self, path, value, operation):
        if path is None or path.first_path != ("members", None, None):
            raise exceptions.NotImplementedError
        self.obj.members.add(*self._users(value))

    def handle_remove(self, path, value, operation):
        if path is None or path.first_path[0] != "members":
            raise exceptions.NotImplementedError
        if value:
            self.obj.members.remove(*self._users(value))
        else:
            self.obj.members.clear()

    def handle_replace(self, path, value, operation):
        if path is None or path.first_path[0] != "members":
            raise exceptions.NotImplementedError
        self.obj.members.set(self._users(value))

    def delete(self):
        with transaction.atomic():
            self.obj.members.clear()  # its people lose what the group gave them
            self.obj.delete()


# --- PATCH on a SCIM document ---------------------------------------------------------------------


def _key(document, name):
    """The document's own spelling of an attribute name (SCIM names are case-insensitive)."""
    name = name.rsplit(":", 1)[-1]
    return next((key for key in document if key.lower() == name.lower()), name)


def patch(document, operation):
    """``document`` after one PATCH operation: ``add``, ``replace`` or ``remove`` of a top-level
    attribute or a sub-attribute (``name.givenName``); a filter on a multi-valued attribute
    (``emails[type eq "work"]``) addresses the whole attribute."""
    kind = str(operation.get("op", "")).lower()
    path, value = operation.get("path"), operation.get("value")
    if kind not in ("add", "replace", "remove"):
        raise exceptions.BadRequestError(f"Unknown PATCH operation {kind!r}")
    document = dict(document)
    if not path:
        if kind == "remove" or not isinstance(value, dict):
            raise exceptions.BadRequestError("A PATCH without a path needs a value of attributes")
        for name, item in value.items():
            document = patch(document, {"op": kind, "path": name, "value": item})
        return document
    path = path.split("[", 1)[0]
    name, _, sub = path.partition(".")
    key = _key(document, name)
    if sub:
        parent = dict(document.get(key) or {})
        sub_key = _key(parent, sub)
        if kind == "remove":
            parent.pop(sub_key, None)
        else:
            parent[sub_key] = value
        document[key] = parent
    elif kind == "remove":
        document.pop(key, None)
    elif kind == "add" and isinstance(document.get(key), list):
        items = value if isinstance(value, list) else [value]
        document[key] = document[key] + [item for item in items if item not in document[key]]
    elif kind == "add" and isinstance(document.get(key), dict) and isinstance(value, dict):
        document[key] = {**document[key], **value}
    else:
        document[key] = value
    return document
