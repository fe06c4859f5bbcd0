from django.conf import settings
from django.utils.functional import SimpleLazyObject

from training import pagecache
from training.workflow import selectors


def shiftready(request):
    """Version for the footer and the navigation's roles and counts (built only when a template
    renders the navigation, and kept per user in ``training.pagecache``)."""
    user = getattr(request, "user", None)

    def roles():
        if user is None or not user.is_authenticated:
            return {}
        return pagecache.for_user("navigation", request, lambda: selectors.navigation_flags(user))

    return {"SHIFTREADY_VERSION": settings.SHIFTREADY_VERSION, "roles": SimpleLazyObject(roles)}
