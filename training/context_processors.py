from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import access, selectors


def shiftready(request):
    """Version for the footer and the role flags the navigation needs (computed only when a
    template renders the navigation)."""
    user = getattr(request, "user", None)

    def roles():
        if user is None or not user.is_authenticated:
            return {}
        flags = selectors.navigation_flags(user)
        flags["is_training_admin"] = access.is_training_admin(user)
        return flags

    return {"SHIFTREADY_VERSION": settings.SHIFTREADY_VERSION, "roles": SimpleLazyObject(roles)}
